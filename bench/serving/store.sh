#!/usr/bin/env bash
# bench/serving/store.sh: predict throughput with the prediction log on the embedded SQLite file vs on
# a shared PostgreSQL (Debian's postgresql, started here in a temporary directory on a free port), two
# leadscore servers side by side, loaded alternately with wrk (ROUNDS rounds of DURATION each), and the
# CPU each store costs per logged prediction: the server's prediction-log-writer thread, plus the
# PostgreSQL processes for the shared store. Run bench/serving/run.sh once first (model and lead).
# Not a test.
#
#   bench/serving/store.sh
#
# Environment: DURATION (15s), ROUNDS (3), CONNS (4), WARMUP (10s).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
. bench/lib.sh
serving_inputs store.sh
DURATION="${DURATION:-15s}"
ROUNDS="${ROUNDS:-3}"
CONNS="${CONNS:-4}"
WARMUP="${WARMUP:-10s}"
LEAD="$(dirname "$BODY")/lead.json"
OUT="$HOME_DIR/bench/target/serving/store"
rm -rf "$OUT" && mkdir -p "$OUT"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing postgresql (apt)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PG_DIR="$(mktemp -d)"
chown postgres "$PG_DIR"
PG_PORT="$(free_port)"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale > "$OUT/initdb.log"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR" start > /dev/null
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && wait "$p" 2>/dev/null || true; done
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT INT TERM
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE leadscore" > /dev/null

serve() { # NAME FEEDBACK -> NAME_PORT, NAME_PID
  local port; port="$(free_port)"
  bin/leadscore serve --model "$MODEL" --port "$port" --no-auth --feedback "$2" --poll-seconds 0 > "$OUT/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/health/ready" "$pid"
  printf -v "${1}_PORT" '%s' "$port"
  printf -v "${1}_PID" '%s' "$pid"
}
serve sqlite "$OUT/fb.db"
serve postgres "postgresql://127.0.0.1:$PG_PORT/leadscore?user=postgres"
writer_ticks() { # PID: CPU ticks of its prediction-log-writer thread
  for t in /proc/"$1"/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == prediction-log-* ]] && awk '{print $14 + $15}' "$t/stat" 2>/dev/null || true
  done | awk '{s += $1} END {print s + 0}'
}
pg_ticks() { # CPU ticks of this PostgreSQL: its postmaster and the processes it started
  local pm; pm="$(head -1 "$PG_DIR/data/postmaster.pid")"
  for p in "$pm" $(pgrep -P "$pm" || true); do
    awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || true # a process may have ended meanwhile
  done | awk '{s += $1} END {print s + 0}'
}
load_run() { # NAME -> requests/s and requests on stdout
  local port_var="${1}_PORT"
  WRK_BODY="$LEAD" WRK_KEY="" wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/serving/post.lua "http://127.0.0.1:${!port_var}/v1/predict" > "$OUT/wrk-$1.txt"
  grep -qE 'Non-2xx|Socket errors' "$OUT/wrk-$1.txt" && { cat "$OUT/wrk-$1.txt" >&2; exit 1; }
  echo "$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt") $(awk '/requests in/ {print $1}' "$OUT/wrk-$1.txt")"
}
for s in sqlite postgres; do
  port_var="${s}_PORT"
  WRK_BODY="$LEAD" WRK_KEY="" wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/serving/post.lua "http://127.0.0.1:${!port_var}/v1/predict" > /dev/null
done
hz="$(getconf CLK_TCK)"
: > "$OUT/rows.txt"
for r in $(seq 1 "$ROUNDS"); do
  for s in sqlite postgres; do
    pid_var="${s}_PID"
    w0="$(writer_ticks "${!pid_var}")"; p0="$(pg_ticks)"
    read -r rps n < <(load_run "$s")
    sleep 1 # the last batch of log lines is written
    w1="$(writer_ticks "${!pid_var}")"; p1="$(pg_ticks)"
    db=0; [[ "$s" == postgres ]] && db=$(( p1 - p0 ))
    echo "$r $s $rps $n $(( w1 - w0 )) $db $(load | cut -d' ' -f1)" >> "$OUT/rows.txt"
    log "round $r $s: $rps req/s"
  done
done
python3 - "$OUT/rows.txt" "$hz" <<'PY'
import collections, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
hz = int(sys.argv[2])
by = collections.defaultdict(list)
for r, store, rps, n, writer, db, load in rows:
    by[store].append((float(rps), int(n), int(writer), int(db), load))
print("| store | round | predict req/s | writer CPU µs per logged prediction | database CPU µs per logged prediction | load before |")
print("|---|---:|---:|---:|---:|---:|")
for r, store, rps, n, writer, db, load in rows:
    n = int(n)
    print(f"| {store} | {r} | {float(rps):,.0f} | {int(writer) * 1e6 / hz / n:.1f} | {(int(db) * 1e6 / hz / n):.1f} | {load} |")
s, p = statistics.median(x[0] for x in by["sqlite"]), statistics.median(x[0] for x in by["postgres"])
print(f"\nmedian predict throughput: SQLite {s:,.0f} req/s, PostgreSQL {p:,.0f} req/s: PostgreSQL / SQLite = {p / s:.0%}")
PY
