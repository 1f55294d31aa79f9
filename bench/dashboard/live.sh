#!/usr/bin/env bash
# bench/dashboard/live.sh: the time to compute the dashboard's live figures (what `serve`'s live
# panel recomputes every --live-refresh-seconds) on a copy of a feedback file: the first computation
# and REFRESHES (5) more, each phase timed, before and after OUTCOMES (2000) outcomes are recorded.
# The file defaults to the prediction log bench/serving/run.sh leaves (about a million predictions
# of its model). Not a test.
#
#   bench/dashboard/live.sh [FEEDBACK.db MODEL_DIR]   (both or neither)
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
if (( $# == 0 )); then
  . bench/lib.sh
  serving_inputs live.sh # run.sh's model; its prediction log beside the batch body
  DB="$(dirname "$BODY")/fb.db"
else
  DB="$1"
  MODEL="$2"
fi
[[ -f "$DB" && -f "$MODEL/model-card.json" ]] || { echo "live.sh: no $DB or no model in $MODEL" >&2; exit 1; }
OUT="$HOME_DIR/bench/target/dashboard/live"
rm -rf "$OUT" && mkdir -p "$OUT/classes"
cp "$DB" "$OUT/feedback.db"
CP="$HOME_DIR/serving/target/leadscore-serving-0.1.0-SNAPSHOT.jar:$HOME_DIR/serving/target/lib/*"
javac -d "$OUT/classes" -cp "$CP" bench/dashboard/live/LiveRefresh.java
java -cp "$OUT/classes:$CP" LiveRefresh "$OUT/feedback.db" "$MODEL" "${REFRESHES:-5}" "${OUTCOMES:-2000}" 2> "$OUT/log.txt"
