#!/usr/bin/env bash
# bench/spark: features build and training time, Java engine vs Spark engine (local[*]), on the same
# generated history. Not a test: bin/test never runs it. Everything it makes goes under
# bench/target/spark/ (git-ignored).
#
#   bench/spark/run.sh                 # 100,000 and 1,000,000 leads (about 2M and 20M events)
#   bench/spark/run.sh 1000000         # one size
#
# Environment: SEED (42), MASTER (local[*]), JAVA_XGBOOST_UP_TO (100000: the Java engine's xgboost,
# with its cross-validated search, is timed only up to this many leads).
# Each step is one bin/leadscore command, timed from the shell (JVM and Spark start included), with its
# peak resident memory (/usr/bin/time) and the 1-minute load average before it: the machine is shared.
set -uo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LS="$HOME_DIR/bin/leadscore"
SEED="${SEED:-42}"
MASTER="${MASTER:-local[*]}"
XGB_UP_TO="${JAVA_XGBOOST_UP_TO:-100000}"
T="$HOME_DIR/bench/target/spark"
FEATURES="$HOME_DIR/features/features.yaml"
SIZES=("$@")
(( ${#SIZES[@]} )) || SIZES=(100000 1000000)
mkdir -p "$T"
RESULTS="$T/results.md"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); master $MASTER" | tee "$RESULTS"
echo | tee -a "$RESULTS"
echo "| leads | events | step | engine | wall s | peak RSS MiB | load before | result |" | tee -a "$RESULTS"
echo "|---|---|---|---|---|---|---|---|" | tee -a "$RESULTS"

# step LEADS EVENTS NAME ENGINE LOG -- command...
step() {
  local leads=$1 events=$2 name=$3 engine=$4 log=$5
  shift 6
  local load start end rss
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$T/rss" "$@" >"$log" 2>"$log.err"
  local rc=$?
  end=$(date +%s.%N)
  rss=$(( $(tail -1 "$T/rss") / 1024 ))
  local result
  if (( rc != 0 )); then
    result="FAILED (exit $rc, see $log.err)"
  else
    result=$(grep -E "^holdout:|^wrote .* rows" "$log" | head -1 | sed -E 's/^holdout: //; s/ to .*//; s/\|/\\|/g')
  fi
  printf "| %'d | %s | %s | %s | %.1f | %d | %s | %s |\n" "$leads" "$events" "$name" "$engine" "$(echo "$end - $start" | bc)" "$rss" "$load" \
    "$result" | tee -a "$RESULTS"
}

for LEADS in "${SIZES[@]}"; do
  H="$T/h-$LEADS-seed$SEED"
  if [[ ! -f "$H/events.parquet" ]]; then
    "$LS" generate --leads "$LEADS" --seed "$SEED" --out "$H" >/dev/null
  fi
  EVENTS=$("$LS" features build --events "$H/events.parquet" --leads "$H/leads.parquet" --features "$FEATURES" --label-window 30d \
    --out "$T/java-$LEADS.parquet" | sed -nE 's/^read ([0-9,]+) events.*/\1/p')
  step "$LEADS" "$EVENTS" "features build" java "$T/build-java-$LEADS.log" -- \
    "$LS" features build --events "$H/events.parquet" --leads "$H/leads.parquet" --features "$FEATURES" --label-window 30d --out "$T/java-$LEADS.parquet"
  step "$LEADS" "$EVENTS" "features build" spark "$T/build-spark-$LEADS.log" -- \
    "$LS" features build --engine spark --master "$MASTER" --events "$H/events.parquet" --leads "$H/leads.parquet" --features "$FEATURES" \
    --label-window 30d --out "$T/spark-$LEADS.parquet"
  TRAIN=(--label converted_within_30d --time-column scored_at --features "$FEATURES")
  step "$LEADS" "$EVENTS" "train logistic" java "$T/train-java-logistic-$LEADS.log" -- \
    "$LS" train --data "$T/java-$LEADS.parquet" "${TRAIN[@]}" --algorithm logistic --out "$T/m-java-logistic-$LEADS"
  step "$LEADS" "$EVENTS" "train logistic" spark "$T/train-spark-logistic-$LEADS.log" -- \
    "$LS" train --engine spark --master "$MASTER" --data "$T/spark-$LEADS.parquet" "${TRAIN[@]}" --algorithm logistic --out "$T/m-spark-logistic-$LEADS"
  if (( LEADS <= XGB_UP_TO )); then
    step "$LEADS" "$EVENTS" "train xgboost (search)" java "$T/train-java-xgboost-$LEADS.log" -- \
      "$LS" train --data "$T/java-$LEADS.parquet" "${TRAIN[@]}" --algorithm xgboost --out "$T/m-java-xgboost-$LEADS"
  fi
  step "$LEADS" "$EVENTS" "train gbt" spark "$T/train-spark-gbt-$LEADS.log" -- \
    "$LS" train --engine spark --master "$MASTER" --data "$T/spark-$LEADS.parquet" "${TRAIN[@]}" --algorithm gbt --out "$T/m-spark-gbt-$LEADS"
done
echo
echo "results: $RESULTS"
