#!/usr/bin/env bash
# bench/serving/loop.sh: the batch path's steps in a bare loop on one thread (LeadPathLoop): µs and
# bytes allocated per lead for reading the body, score + reasons, rule score, drift bins and answer
# JSON, the server's per-lead path and the batch handler's core (read, score in parallel on the
# common pool, write), over the 1,000 leads of
# bench/serving/run.sh's batch body. Run run.sh once first (it makes the data,
# model and body). Not a test.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
. bench/lib.sh
serving_inputs loop.sh
S="$HOME_DIR/bench/target/serving"
CP="$HOME_DIR/serving/target/leadscore-serving-0.1.0-SNAPSHOT.jar:$HOME_DIR/serving/target/lib/*"
OUT="$S/loop-classes"
rm -rf "$OUT" && mkdir -p "$OUT"
javac -d "$OUT" -cp "$CP" bench/serving/loop/io/leadscore/serving/predict/LeadPathLoop.java
java -cp "$OUT:$CP" io.leadscore.serving.predict.LeadPathLoop "$BODY" "$MODEL" rules/default-rules.yaml 2> "$S/loop.log"
