"""Prints bench/serving's results table (markdown) from the files run.sh left in OUT_DIR.
Only numbers the run printed: wrk's own percentiles and Requests/sec, curl's timings, the server's
/metrics, jcmd GC.heap_info and the GC log."""
import json
import os
import re
import statistics
import sys
from pathlib import Path

out, conns = Path(sys.argv[1]), sys.argv[2].split()


def ms(text):  # wrk's "812.00us" / "1.23ms" / "1.01s" -> milliseconds
    v, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def wrk(name):
    t = (out / f"wrk-{name}.txt").read_text()
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", t, re.M))
    return {"p50": ms(pct["50"]), "p99": ms(pct["99"]),
            "rps": float(re.search(r"^Requests/sec:\s+([\d.]+)", t, re.M).group(1)),
            "requests": int(re.search(r"(\d+) requests in", t).group(1)),
            "load": re.search(r"load before: (.*)", t).group(1) + " → " + re.search(r"load after: (.*)", t).group(1),
            # CPU seconds the hypervisor gave to other guests during the run (all CPUs)
            "stolen": (int(re.search(r"steal after: (\d+)", t).group(1)) - int(re.search(r"steal before: (\d+)", t).group(1)))
            / os.sysconf("SC_CLK_TCK")}


rows = []
res = {}
for c in conns:
    for kind in ("predict", "health", "bare", "peer"):
        res[kind, c] = wrk(f"{kind}-c{c}")
label = {"predict": "leadscore `POST /v1/predict`", "health": "leadscore `GET /health/live`",
         "bare": "bare Javalin 7 route `GET /health/live` (no auth, metrics or log)",
         "peer": "mlflow models serve `POST /invocations`"}
print("| route | connections | p50 ms | p99 ms | requests/s | requests | load 1/5/15 min (before → after) | CPU s taken by the host |")
print("|---|---:|---:|---:|---:|---:|---|---:|")
for kind in ("predict", "health", "bare", "peer"):
    for c in conns:
        r = res[kind, c]
        print(f"| {label[kind]} | {c} | {r['p50']:.3f} | {r['p99']:.3f} | {r['rps']:,.0f} | {r['requests']:,} | {r['load']} | {r['stolen']:.1f} |")
print()
print("| ratio | " + " | ".join(f"{c} connections" for c in conns) + " |")
print("|---|" + "---:|" * len(conns))
print("| predict / health throughput | " + " | ".join(f"{res['predict', c]['rps'] / res['health', c]['rps']:.0%}" for c in conns) + " |")
print("| health / bare Javalin route throughput | " + " | ".join(f"{res['health', c]['rps'] / res['bare', c]['rps']:.0%}" for c in conns) + " |")
print("| leadscore predict / mlflow peer throughput | " + " | ".join(f"{res['predict', c]['rps'] / res['peer', c]['rps']:.1f}×" for c in conns) + " |")
print()

# batch of 1,000
times = [l.split() for l in (out / "batch-times.txt").read_text().splitlines() if l.strip()]
total = [float(t[1]) * 1e3 for t in times]


def metric(f, name):
    total = 0.0
    for line in (out / f).read_text().splitlines():
        if line.startswith(name + "{") and 'route="/v1/predict/batch"' in line and 'status="200"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


n = metric("metrics-after-batch.txt", "leadscore_http_requests_seconds_count") - metric("metrics-before-batch.txt", "leadscore_http_requests_seconds_count")
s = metric("metrics-after-batch.txt", "leadscore_http_requests_seconds_sum") - metric("metrics-before-batch.txt", "leadscore_http_requests_seconds_sum")
bl = (out / "batch-load.txt").read_text().split("\n")
body_kb = (out / "batch-1000.json").stat().st_size / 1024
ans_kb = (out / "batch-answer.json").stat().st_size / 1024
print(f"Batch of 1,000 leads (`POST /v1/predict/batch`, {len(times)} sequential requests after {os.environ.get('BATCH_WARMUP', '100')} warm-up, "
      f"alternating with as many to the bare route; "
      f"request {body_kb:,.0f} KiB, answer {ans_kb:,.0f} KiB; load {bl[0].split(': ')[1]} → {bl[1].split(': ')[1]}):")
print()
print("| batch of 1,000 | median ms | min ms | max ms |")
print("|---|---:|---:|---:|")
print(f"| server time, mean from the server's own `/metrics` timer ({int(n)} requests) | {s / n * 1e3:.2f} (mean) | | |" if n else "| server time from /metrics | n/a | | |")
print(f"| curl: whole request (`time_total`) | {statistics.median(total):.2f} | {min(total):.2f} | {max(total):.2f} |")
# the bare Javalin route: reads the same body, answers the same bytes as a constant, timed the same way
(c0, s0), (c1, s1) = (map(float, l.split()) for l in (out / "bare-batch-timer.txt").read_text().split("\n")[:2])
bare = [float(l.split()[1]) * 1e3 for l in (out / "bare-batch-times.txt").read_text().splitlines() if l.strip()]
print(f"| bare Javalin 7 route reading the body and answering the same bytes as a constant: server time, mean ({int(c1 - c0)} requests) "
      f"| {(s1 - s0) / (c1 - c0):.2f} (mean) | | |")
print(f"| bare Javalin 7 route: curl `time_total` | {statistics.median(bare):.2f} | {min(bare):.2f} | {max(bare):.2f} |")
print()

# heap
hi = (out / "heap-info.txt").read_text()
m = re.search(r"heap\s+total (?:reserved )?(\d+)K, (?:committed \d+K, )?used (\d+)K", hi)
gc = (out / "gc.log").read_text()
pairs = [(int(a), int(b), int(c)) for a, b, c in re.findall(r"Pause[^\n]*?(\d+)M->(\d+)M\((\d+)M\)", gc)]
rss = (out / "rss-kb.txt").read_text().strip() if (out / "rss-kb.txt").exists() else ""
print("| serving heap (leadscore, after all the load above) | MiB |")
print("|---|---:|")
if m:
    print(f"| `jcmd GC.heap_info`: used / committed | {int(m.group(2)) / 1024:.0f} / {int(m.group(1)) / 1024:.0f} |")
if pairs:
    print(f"| GC log: peak used before a collection | {max(p[0] for p in pairs)} |")
    print(f"| GC log: most left after a collection (live data + survivors) | {max(p[1] for p in pairs)} |")
    print(f"| GC log: peak committed heap ({len(pairs)} collections) | {max(p[2] for p in pairs)} |")
if rss:
    print(f"| process RSS | {int(rss) / 1024:.0f} |")
print()
peer = json.loads((out / "peer-train.json").read_text())
print(f"Peer model: scikit-learn LogisticRegression pipeline, {peer['peer_features']} inputs "
      f"({peer['categorical']} one-hot, {peer['numeric']} scaled), trained on {peer['train_rows']:,} rows, "
      f"holdout AUC {peer['holdout_auc']}.")
