#!/usr/bin/env bash
# bench/dashboard: the managers' dashboard with 1M evaluated leads: how long `compare --report` takes
# on them, how big the page is, and how fast it loads in real headless Chromium (served by `serve
# --dashboard`, and the static report file), plus its JSON API. Not a test: bin/test never runs it.
# Everything it makes goes under bench/target/dashboard (git-ignored).
#
#   bench/dashboard/run.sh
#
# Environment: EVAL_LEADS (1000000: leads evaluated), TRAIN_LEADS (50000), RUNS (10 page loads each).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
EVAL_LEADS="${EVAL_LEADS:-1000000}"
TRAIN_LEADS="${TRAIN_LEADS:-50000}"
RUNS="${RUNS:-10}"
T="$HOME_DIR/bench/target/dashboard"
OUT="$T/run"
mkdir -p "$T"
rm -rf "$OUT" && mkdir -p "$OUT"
. "$HOME_DIR/bench/lib.sh"

[[ -d .ci/browser/node_modules/playwright-core ]] || (cd .ci/browser && npm ci --silent) >&2
[[ -x /usr/bin/chromium ]] || { echo "bench: needs Debian's chromium (bin/test installs it)" >&2; exit 1; }
[[ -f training/target/leadscore-training-0.1.0-SNAPSHOT.jar ]] || mvn -B -q -o package -DskipTests >&2

# 1. A model trained on one history, evaluated on another (seed 2) of EVAL_LEADS leads: compare
#    evaluates every row of a file the model was not trained on.
TRAIN="$T/train-${TRAIN_LEADS}"; EVAL="$T/eval-${EVAL_LEADS}"; MODEL="$T/model-${TRAIN_LEADS}"
[[ -f "$TRAIN/leads.parquet" ]] || bin/leadscore generate --leads "$TRAIN_LEADS" --seed 1 --out "$TRAIN" >&2
[[ -f "$EVAL/leads.parquet" ]] || bin/leadscore generate --leads "$EVAL_LEADS" --seed 2 --out "$EVAL" >&2
[[ -f "$MODEL/model-card.json" ]] || bin/leadscore train --data "$TRAIN/leads.parquet" --label converted --time-column scored_at --out "$MODEL" >&2

log "compare on $EVAL_LEADS leads"
echo "load before: $(load)" > "$OUT/compare-load.txt"
/usr/bin/time -v -o "$OUT/compare-time.txt" bin/leadscore compare --model "$MODEL" --data "$EVAL/leads.parquet" --label converted \
  --rules rules/default-rules.yaml --report "$OUT/report.html" > "$OUT/compare.txt"
echo "load after: $(load)" >> "$OUT/compare-load.txt"
cat "$OUT/compare.txt" >&2

# 2. The dashboard served from that report's data.
KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PORT="$(free_port)"
LEADSCORE_API_KEYS="$KEY" bin/leadscore serve --model "$MODEL" --port "$PORT" --feedback "$OUT/fb.db" --poll-seconds 0 \
  --rules rules/default-rules.yaml --dashboard "$OUT/report.json" > "$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.2; done
log "page loads in Chromium ($RUNS each)"
echo "load before: $(load)" > "$OUT/load-load.txt"
node bench/dashboard/load.mjs "http://127.0.0.1:$PORT" "$KEY" "$OUT/report.html" "$RUNS" > "$OUT/load.json"
echo "load after: $(load)" >> "$OUT/load-load.txt"

python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
l = json.load(open(f"{out}/load.json"))
t = open(f"{out}/compare-time.txt").read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
n = re.search(r"on ([\d,]+) leads", open(f"{out}/compare.txt").read()).group(1)
print(f"compare --report on {n} leads: wall {wall}, peak RSS {rss} MiB; report.html {os.path.getsize(f'{out}/report.html')/1024:.0f} KiB, "
      f"report.json {os.path.getsize(f'{out}/report.json')/1024:.0f} KiB ({open(f'{out}/compare-load.txt').read().strip()})")
print(f"page loads, {l['runs']} each, fresh context, median / max ms ({open(f'{out}/load-load.txt').read().strip()}):")
print("| page | response end | DOMContentLoaded | load event | all charts drawn + headline set |")
print("|---|---|---|---|---|")
for name, key in [("served /dashboard", "served"), ("static report.html (file://)", "static_report")]:
    s = l[key]
    print(f"| {name} ({s['charts']} charts) | " + " | ".join(f"{s[k]['median']} / {s[k]['max']}" for k in
          ["response_end_ms", "dom_content_loaded_ms", "load_event_ms", "ready_ms"]) + " |")
print(f"API: capacity change {l['api_capacity_ms']['median']} / {l['api_capacity_ms']['max']} ms, "
      f"drill-down {l['api_lead_ms']['median']} / {l['api_lead_ms']['max']} ms (median / max of {5 * l['runs']})")
PY
