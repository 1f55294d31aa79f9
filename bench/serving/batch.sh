#!/usr/bin/env bash
# bench/serving/batch.sh: the batch of 1,000 alone, for comparing two builds in the same minutes:
# starts the server on run.sh's model, sends WRK_WARM (20s) of single predicts with wrk, then WARM
# (300) batches, then RUNS (300) timed ones one after another, and prints the server's own mean
# time per batch (the /metrics timer's sum/count over the timed ones), curl's median, 10th
# percentile and minimum (on a host whose speed drifts, the low percentiles of interleaved runs
# compare builds best), and the server's CPU time per batch by thread and the CPU time the
# hypervisor took meanwhile (from /proc). Run run.sh once first. Not a test.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
. bench/lib.sh
serving_inputs batch.sh
OUT="$HOME_DIR/bench/target/serving/batch"
rm -rf "$OUT" && mkdir -p "$OUT"
export LEADSCORE_API_KEYS="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PORT="$(free_port)"
bin/leadscore serve --model "$MODEL" --port "$PORT" --feedback "$OUT/fb.db" --poll-seconds 0 > "$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
wait_http "http://127.0.0.1:$PORT/health/ready" "$PID"
batch() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "http://127.0.0.1:$PORT/v1/predict/batch" \
    -H "Authorization: Bearer $LEADSCORE_API_KEYS" -H 'Content-Type: application/json' -H 'Expect:' --data-binary @"$BODY"
}
timer() { # sum and count of the batch route's 200s
  curl -sf "http://127.0.0.1:$PORT/metrics" -H "Authorization: Bearer $LEADSCORE_API_KEYS" \
    | grep -E '^leadscore_http_requests_seconds_(count|sum)\{.*route="/v1/predict/batch".*status="200"' | awk '{print $2}' | paste -sd' '
}
cpu() { # CPU ticks (user + system) of each of the server's threads, by thread name
  for t in /proc/"$PID"/task/*; do echo "$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done
}
# Jetty's once-per-request code (header parsing, response writing) reaches the C2 compiler only after
# thousands of requests; WRK_WARM of single predicts first (as run.sh's minute of wrk load does) keeps
# that compiling out of the timed batches. WRK_WARM=0 skips it.
if [[ "${WRK_WARM:-20s}" != 0 ]]; then
  WRK_BODY="$(dirname "$BODY")/lead.json" WRK_KEY="$LEADSCORE_API_KEYS" wrk -t2 -c4 -d"${WRK_WARM:-20s}" -s bench/serving/post.lua \
    "http://127.0.0.1:$PORT/v1/predict" > "$OUT/wrk-warmup.txt"
fi
# a /metrics scrape every 50 warm-up batches: the timed ones are bracketed by scrapes, and a first
# scrape after only batches sends Jetty's compiled request code back to the JIT mid-measurement.
for i in $(seq 1 "${WARM:-300}"); do
  batch > /dev/null
  if (( i % 50 == 0 )); then timer > /dev/null; fi
done
before="$(timer)"
cpu > "$OUT/cpu-before.txt"
stolen="$(steal)"
for _ in $(seq 1 "${RUNS:-300}"); do batch; done > "$OUT/times.txt"
cpu > "$OUT/cpu-after.txt"
stolen=$(( $(steal) - stolen ))
after="$(timer)"
grep -qv '^200 ' "$OUT/times.txt" && { echo "batch.sh: a batch request failed" >&2; exit 1; }
python3 - "$before" "$after" "$OUT/times.txt" "$OUT/cpu-before.txt" "$OUT/cpu-after.txt" "$(getconf CLK_TCK)" <<'PY'
import collections, statistics, sys
(c0, s0), (c1, s1) = (map(float, a.split()) for a in sys.argv[1:3])
curl = [float(l.split()[1]) * 1e3 for l in open(sys.argv[3]) if l.strip()]
curl.sort()
print(f"batch of 1,000: server mean {(s1 - s0) / (c1 - c0) * 1e3:.2f} ms over {int(c1 - c0)} requests; "
      f"curl median {statistics.median(curl):.2f} ms, 10th percentile {curl[len(curl) // 10]:.2f} ms, min {curl[0]:.2f} ms")
def ticks(path):  # thread name (pool numbers dropped) -> CPU ticks
    out = collections.Counter()
    for line in open(path):
        name, t = line.rsplit(" ", 1)
        out[name.rstrip("0123456789#-_")] += int(t)
    return out
a, b, hz = ticks(sys.argv[4]), ticks(sys.argv[5]), int(sys.argv[6])
per = {k: (b[k] - a.get(k, 0)) * 1e3 / hz / len(curl) for k in b if b[k] > a.get(k, 0)}
print(f"server CPU per batch {sum(per.values()):.2f} ms: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(per.items(), key=lambda kv: -kv[1])))
PY
echo "load: $(load); CPU stolen by the hypervisor during the timed batches: $(( stolen * 1000 / $(getconf CLK_TCK) )) ms"
