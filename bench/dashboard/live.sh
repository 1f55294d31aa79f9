#!/usr/bin/env bash
# bench/dashboard/live.sh: the time to compute the dashboard's live figures (what `serve`'s live
# panel recomputes every --live-refresh-seconds) on a copy of a feedback file: the first computation
# and REFRESHES (5) more a minute apart, with PER_MINUTE (100) new predictions logged before each,
# each phase timed, before and after OUTCOMES (2000) outcomes are recorded. Not a test.
#
#   bench/dashboard/live.sh FEEDBACK.db MODEL_DIR
#   bench/dashboard/live.sh --generate [N]     # N (1000000) predictions over the last 7 days, written
#                                              # by LiveLog.java, of a logistic model trained here
#
# BEFORE=REV (e.g. a commit) also builds that revision's feedback store and runs the same
# computation with it, alternately with the current one (ROUNDS (2) rounds), on the same file.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
OUT="$HOME_DIR/bench/target/dashboard/live"
CP="$HOME_DIR/serving/target/leadscore-serving-0.1.0-SNAPSHOT.jar:$HOME_DIR/serving/target/lib/*"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$CP" bench/dashboard/live/LiveRefresh.java bench/dashboard/live/LiveLog.java
if [[ "${1:-}" == "--generate" ]]; then
  N="${2:-1000000}"
  MODEL="$OUT/model"
  DB="$OUT/generated-$N.db"
  if [[ ! -f "$MODEL/model-card.json" ]]; then
    bin/leadscore generate --leads 20000 --seed 42 --out "$OUT/leads" > "$OUT/setup.log" 2>&1
    bin/leadscore train --data "$OUT/leads/leads.parquet" --label converted --time-column scored_at --algorithm logistic \
      --out "$MODEL" >> "$OUT/setup.log" 2>&1
  fi
  if [[ ! -f "$DB" ]]; then
    java -cp "$OUT/classes:$CP" LiveLog "$DB" "$MODEL" "$N" 7 42 2>> "$OUT/setup.log"
  fi
elif (( $# == 2 )); then
  DB="$1"
  MODEL="$2"
else
  echo "usage: bench/dashboard/live.sh FEEDBACK.db MODEL_DIR | --generate [N]" >&2
  exit 2
fi
[[ -f "$DB" && -f "$MODEL/model-card.json" ]] || { echo "live.sh: no $DB or no model in $MODEL" >&2; exit 1; }

run() { # NAME CLASSPATH
  cp "$DB" "$OUT/feedback.db"
  echo "== $1 ($(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$OUT/classes:$2" LiveRefresh "$OUT/feedback.db" "$MODEL" "${REFRESHES:-5}" "${OUTCOMES:-2000}" "${PER_MINUTE:-100}" 2>> "$OUT/log.txt"
}
if [[ -n "${BEFORE:-}" ]]; then
  rm -rf "$OUT/before"
  git worktree add -q --detach "$OUT/before" "$BEFORE"
  (cd "$OUT/before" && mvn -o -q -B -pl feedback -am -DskipTests package)
  BEFORE_JAR="$OUT/before/feedback/target/leadscore-feedback-0.1.0-SNAPSHOT.jar"
  for _ in $(seq 1 "${ROUNDS:-2}"); do
    run "before ($BEFORE)" "$BEFORE_JAR:$CP"
    run "now ($(git rev-parse --short HEAD))" "$CP"
  done
  git worktree remove --force "$OUT/before"
else
  run "now ($(git rev-parse --short HEAD))" "$CP"
fi
