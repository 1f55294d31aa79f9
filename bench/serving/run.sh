#!/usr/bin/env bash
# bench/serving: the prediction server under load over loopback (wrk), against its own /health/live
# ceiling, bare Javalin routes on the same jars (bare/BareRoute.java: the HTTP stack alone, for the
# single requests and for the batch) and `mlflow models serve` with an equivalent scikit-learn
# logistic model.
# Not a test: bin/test never runs it. Everything it makes goes under bench/target/ (git-ignored).
#
#   bench/serving/run.sh
#
# Environment: DURATION (20s per wrk run), THREADS (2, wrk's threads), CONNS ("4 16"), BATCH_RUNS (50),
# WARMUP (15s of predict load before the measured runs), BATCH_WARMUP (100 batch requests before the timed ones),
# LEADS (50000), SEED (42), PEER_WORKERS (nproc: mlflow's uvicorn workers, one per core like Jetty's pool).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
B="$HOME_DIR/bench/serving"
T="$HOME_DIR/bench/target"
S="$T/serving"
DURATION="${DURATION:-20s}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-4 16}"
BATCH_RUNS="${BATCH_RUNS:-50}"
WARMUP="${WARMUP:-15s}"
BATCH_WARMUP="${BATCH_WARMUP:-100}"
LEADS="${LEADS:-50000}"
SEED="${SEED:-42}"
PEER_WORKERS="${PEER_WORKERS:-$(nproc)}"
VENV="$T/peer-venv"
OUT="$S/run"
mkdir -p "$S"
rm -rf "$OUT" && mkdir -p "$OUT"

. "$HOME_DIR/bench/lib.sh"

PIDS=()
tree() { # PID and its descendants (mlflow runs uvicorn, which runs the workers), by pid only
  local c
  echo "$1"
  for c in $(pgrep -P "$1" 2>/dev/null || true); do tree "$c"; done
}
cleanup() {
  local p all=()
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && all+=($(tree "$p"))
  done
  for p in "${all[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

# 1. Tools, jars, venv, data, model.
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt)"
  (apt-get update -qq && apt-get install -y -qq wrk) >&2
fi
SERVING_JAR="$HOME_DIR/serving/target/leadscore-serving-0.1.0-SNAPSHOT.jar"
TRAINING_JAR="$HOME_DIR/training/target/leadscore-training-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$SERVING_JAR" || ! -f "$TRAINING_JAR" || ! -d "$HOME_DIR/serving/target/lib" ]]; then
  log "building the jars"
  mvn -B -q -o package -DskipTests >&2 || mvn -B -q package -DskipTests >&2
fi
want="$(sha256sum "$B/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/mlflow" || "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]]; then
  log "installing $B/requirements.txt into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$B/requirements.txt" >&2
  echo "$want" > "$VENV/.requirements.sha256"
fi
DATA="$S/data-${LEADS}-seed${SEED}"
MODEL="$S/model-${LEADS}-seed${SEED}"
if [[ ! -f "$DATA/leads.parquet" ]]; then
  log "generating $LEADS leads (seed $SEED)"
  bin/leadscore generate --leads "$LEADS" --seed "$SEED" --out "$DATA" >&2
fi
if [[ ! -f "$MODEL/model-card.json" ]]; then
  log "training the default (logistic) model"
  bin/leadscore train --data "$DATA/leads.parquet" --label converted --time-column scored_at --out "$MODEL" >&2
fi

# The single lead both servers get: bin/demo's lead.
cat > "$OUT/lead.json" <<'JSON'
{"lead_id": "demo-1", "source": "referral", "industry": "software", "company_size": "51-200",
 "job_level": "director", "budget_band": "50k_250k", "stated_need": "high", "purchase_timeline": "quarter",
 "country": "DE", "website_visits": 6, "pages_viewed": 21, "time_on_site_sec": 940, "pricing_page_views": 2,
 "emails_opened": 3, "email_clicks": 1, "forms_submitted": 1, "content_downloads": 1, "webinars_attended": 0,
 "demo_requested": true, "chat_messages": 0, "bookings_abandoned": 0, "days_since_last_activity": 2,
 "lifecycle_stage": "sql"}
JSON
log "training the peer (scikit-learn) and writing the request bodies"
"$VENV/bin/python" "$B/peer.py" "$DATA/leads.parquet" "$OUT/lead.json" "$OUT" | tee "$OUT/peer-train.json" >&2

# wrk RUN_NAME URL SCRIPT BODY CONNS -> $OUT/wrk-RUN_NAME.txt; refuses runs with errors or non-2xx answers.
run_wrk() {
  local name="$1" url="$2" script="$3" body="$4" c="$5" f="$OUT/wrk-$1.txt"
  echo "load before: $(load)" > "$f"
  echo "steal before: $(steal)" >> "$f"
  WRK_BODY="$body" WRK_KEY="${KEY:-}" wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s "$script" "$url" >> "$f"
  echo "steal after: $(steal)" >> "$f"
  echo "load after: $(load)" >> "$f"
  log "$name: $(grep -E '^Requests/sec' "$f")"
  if grep -qE 'Non-2xx|Socket errors' "$f"; then
    cat "$f" >&2; echo "bench: $name had errors or non-2xx answers; refusing to report it" >&2; exit 1
  fi
}

# 2. leadscore.
export LEADSCORE_API_KEYS="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
KEY="$LEADSCORE_API_KEYS"
PORT="$(free_port)"
export LEADSCORE_JAVA_OPTS="${LEADSCORE_JAVA_OPTS:-} -Xlog:gc:file=$OUT/gc.log"
bin/leadscore serve --model "$MODEL" --port "$PORT" --feedback "$OUT/fb.db" --poll-seconds 0 > "$OUT/serve.log" 2>&1 &
LS_PID=$!
PIDS+=("$LS_PID")
wait_http "http://127.0.0.1:$PORT/health/ready" "$LS_PID"
log "leadscore serving on port $PORT (pid $LS_PID)"
BASE="http://127.0.0.1:$PORT"
curl -sf -X POST "$BASE/v1/predict" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d @"$OUT/lead.json" > "$OUT/predict-answer.json"
log "one prediction: $(head -c 300 "$OUT/predict-answer.json")"

# warm-up (JIT), then the measured runs: predict and health alternate per connection count.
WRK_BODY="$OUT/lead.json" WRK_KEY="$KEY" wrk -t"$THREADS" -c4 -d"$WARMUP" -s "$B/post.lua" "$BASE/v1/predict" > "$OUT/warmup.txt"
WRK_KEY="$KEY" wrk -t"$THREADS" -c4 -d3s -s "$B/get.lua" "$BASE/health/live" >> "$OUT/warmup.txt"
for c in $CONNS; do
  run_wrk "predict-c$c" "$BASE/v1/predict" "$B/post.lua" "$OUT/lead.json" "$c"
  run_wrk "health-c$c" "$BASE/health/live" "$B/get.lua" "" "$c"
done

# batch of 1,000 leads: BATCH_WARMUP untimed POSTs (they leave leadscore's answer in batch-answer.json),
# with a /metrics scrape every 50 as a Prometheus server would make: the timed batches are bracketed
# by scrapes, and a first scrape after only batches would send Jetty's compiled request code back to
# the JIT (branches its profile never saw) in the middle of the timed ones.
batch() { # BASE_URL ANSWER_FILE
  curl -s -o "$2" -w '%{http_code} %{time_total}\n' -X POST "$1/v1/predict/batch" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -H 'Expect:' --data-binary @"$OUT/batch-1000.json"
}
for i in $(seq 1 "$BATCH_WARMUP"); do
  batch "$BASE" "$OUT/batch-answer.json" > /dev/null
  if (( i % 50 == 0 )); then curl -sf -o /dev/null "$BASE/metrics" -H "Authorization: Bearer $KEY"; fi
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["predictions"])==1000, len(d["predictions"])' "$OUT/batch-answer.json"

# the HTTP stack alone: bare Javalin routes on the same jars (their own JVM; the leadscore server idles
# meanwhile): GET /health/live under the same wrk settings, and POST /v1/predict/batch reading the same
# batch body and answering leadscore's answer to it as a constant.
BARE_CLASSES="$S/bare-classes"
rm -rf "$BARE_CLASSES" && mkdir -p "$BARE_CLASSES"
javac -d "$BARE_CLASSES" -cp "$HOME_DIR/serving/target/lib/*" "$B/bare/BareRoute.java"
BARE_PORT="$(free_port)"
BARE="http://127.0.0.1:$BARE_PORT"
java -cp "$BARE_CLASSES:$SERVING_JAR:$HOME_DIR/serving/target/lib/*" BareRoute "$BARE_PORT" "$OUT/batch-answer.json" > "$OUT/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
wait_http "$BARE/health/live" "$BARE_PID"
wrk -t"$THREADS" -c4 -d"$WARMUP" -s "$B/get.lua" "$BARE/health/live" > "$OUT/bare-warmup.txt"
for c in $CONNS; do
  run_wrk "bare-c$c" "$BARE/health/live" "$B/get.lua" "" "$c"
done
for i in $(seq 1 "$BATCH_WARMUP"); do
  batch "$BARE" /dev/null > /dev/null
  if (( i % 50 == 0 )); then curl -sf -o /dev/null "$BARE/timer"; fi
done

# the timed batches: BATCH_RUNS to leadscore and as many to the bare route, alternating, so that both
# see the host of the same minutes; each server's own timer (leadscore's /metrics, the bare route's
# /timer: both Javalin's request logger) read before and after.
curl -sf "$BASE/metrics" -H "Authorization: Bearer $KEY" > "$OUT/metrics-before-batch.txt"
curl -sf "$BARE/timer" > "$OUT/bare-batch-timer.txt" && echo >> "$OUT/bare-batch-timer.txt"
echo "load before: $(load)" > "$OUT/batch-load.txt"
: > "$OUT/batch-times.txt"
: > "$OUT/bare-batch-times.txt"
for _ in $(seq 1 "$BATCH_RUNS"); do
  batch "$BASE" "$OUT/batch-answer.json" >> "$OUT/batch-times.txt"
  batch "$BARE" /dev/null >> "$OUT/bare-batch-times.txt"
done
echo "load after: $(load)" >> "$OUT/batch-load.txt"
curl -sf "$BASE/metrics" -H "Authorization: Bearer $KEY" > "$OUT/metrics-after-batch.txt"
curl -sf "$BARE/timer" >> "$OUT/bare-batch-timer.txt" && echo >> "$OUT/bare-batch-timer.txt"
if grep -qv '^200 ' "$OUT/batch-times.txt" "$OUT/bare-batch-times.txt"; then
  echo "bench: a batch request failed" >&2; cat "$OUT/batch-times.txt" "$OUT/bare-batch-times.txt" >&2; exit 1
fi
kill "$BARE_PID" && wait "$BARE_PID" 2>/dev/null || true

# heap after the load.
jcmd "$LS_PID" GC.heap_info > "$OUT/heap-info.txt" 2>&1 || true
ps -o rss= -p "$LS_PID" > "$OUT/rss-kb.txt" || true

# 3. the peer: mlflow models serve on the scikit-learn model, same wrk settings.
PEER_PORT="$(free_port)"
PATH="$VENV/bin:$PATH" "$VENV/bin/mlflow" models serve -m "$OUT/mlflow-model" --env-manager local -p "$PEER_PORT" --host 127.0.0.1 \
  -w "$PEER_WORKERS" > "$OUT/peer-serve.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")
wait_http "http://127.0.0.1:$PEER_PORT/ping" "$PEER_PID"
log "mlflow models serve on port $PEER_PORT (pid $PEER_PID)"
curl -sf -X POST "http://127.0.0.1:$PEER_PORT/invocations" -H 'Content-Type: application/json' -d @"$OUT/peer-one.json" > "$OUT/peer-answer.json"
log "one peer prediction: $(cat "$OUT/peer-answer.json")"
WRK_BODY="$OUT/peer-one.json" wrk -t"$THREADS" -c4 -d5s -s "$B/post.lua" "http://127.0.0.1:$PEER_PORT/invocations" > "$OUT/peer-warmup.txt"
KEY_SAVED="$KEY"; KEY=""
for c in $CONNS; do
  run_wrk "peer-c$c" "http://127.0.0.1:$PEER_PORT/invocations" "$B/post.lua" "$OUT/peer-one.json" "$c"
done
KEY="$KEY_SAVED"
echo "$PEER_WORKERS" > "$OUT/peer-workers.txt"

# 4. the table.
BATCH_WARMUP="$BATCH_WARMUP" python3 "$B/report.py" "$OUT" "$CONNS" | tee "$OUT/results.md"
