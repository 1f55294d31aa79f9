#!/usr/bin/env bash
# bench/score: `leadscore score` on generated leads, Parquet in -> Parquet out, against the peer
# (`mlflow models predict` with bench/serving/peer.py's scikit-learn pipeline). Not a test: bin/test
# never runs it. Everything it makes goes under bench/target/score/ (git-ignored).
#
#   bench/score/run.sh                      # 1,000,000 leads
#   bench/score/run.sh 1000000 10000000     # several sizes
#
# Environment: SEED (42: the model's training leads; the scored leads use SEED+1), MASTER (local[2]),
# HEAP (1g: the Java engine's -Xmx), PEER_VENV (a venv with bench/serving/requirements.txt; default
# bench/target/peer-venv, made here when missing), LEADS_DIR_<N> (an existing Parquet file or
# directory of N leads to score instead of generating it), JAVA_ONLY_ABOVE (1000000: larger sizes run the
# Java engine's steps only), SPARK_UP_TO and PEER_UP_TO (both JAVA_ONLY_ABOVE: the largest size the Spark
# engine and the peer run at).
# Each step is one command timed from the shell (JVM, Spark or Python start included): wall time,
# CPU time (user+sys), peak resident memory (/usr/bin/time) and the 1-minute load average before it.
set -uo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LS="$HOME_DIR/bin/leadscore"
SEED="${SEED:-42}"
MASTER="${MASTER:-local[2]}"
HEAP="${HEAP:-1g}"
JAVA_ONLY_ABOVE="${JAVA_ONLY_ABOVE:-1000000}"
SPARK_UP_TO="${SPARK_UP_TO:-$JAVA_ONLY_ABOVE}"
PEER_UP_TO="${PEER_UP_TO:-$JAVA_ONLY_ABOVE}"
T="$HOME_DIR/bench/target/score"
RULES="$HOME_DIR/rules/default-rules.yaml"
PEER_VENV="${PEER_VENV:-$HOME_DIR/bench/target/peer-venv}"
SIZES=("$@")
(( ${#SIZES[@]} )) || SIZES=(1000000)
mkdir -p "$T"
RESULTS="$T/results.md"

if [[ ! -x "$PEER_VENV/bin/mlflow" ]]; then
  python3 -m venv "$PEER_VENV" && "$PEER_VENV/bin/pip" install -q -r "$HOME_DIR/bench/serving/requirements.txt" || exit 1
fi
MODEL="$T/model-seed$SEED"
if [[ ! -f "$MODEL/model-card.json" ]]; then
  "$LS" generate --leads 50000 --seed "$SEED" --out "$T/train-seed$SEED" >/dev/null || exit 1
  "$LS" train --data "$T/train-seed$SEED/leads.parquet" --label converted --time-column scored_at --algorithm logistic \
    --seed "$SEED" --out "$MODEL" >/dev/null || exit 1
fi
if [[ ! -f "$T/peer/mlflow-model/MLmodel" ]]; then
  echo '{}' >"$T/demo.json"
  "$PEER_VENV/bin/python" "$HOME_DIR/bench/serving/peer.py" "$T/train-seed$SEED/leads.parquet" "$T/demo.json" "$T/peer" >/dev/null || exit 1
fi

echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); Java heap -Xmx$HEAP; Spark $MASTER" | tee "$RESULTS"
echo | tee -a "$RESULTS"
echo "| leads | step | wall s | leads/s | CPU s | leads per CPU s | peak RSS MiB | load before | summary |" | tee -a "$RESULTS"
echo "|---|---|---|---|---|---|---|---|---|" | tee -a "$RESULTS"

# step LEADS NAME LOG -- command...
step() {
  local leads=$1 name=$2 log=$3
  shift 4
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@" >"$log" 2>"$log.err"
  local rc=$? wall user sys rss summary
  read -r wall user sys rss <"$T/time"
  summary=$(grep -oE '"seconds":[0-9.]+,"leads_per_second":[0-9]+' "$log" | head -1)
  (( rc == 0 )) || summary="FAILED (exit $rc, see $log.err)"
  printf "| %'d | %s | %.1f | %'.0f | %.1f | %'.0f | %d | %s | %s |\n" "$leads" "$name" "$wall" "$(echo "$leads / $wall" | bc -l)" \
    "$(echo "$user + $sys" | bc -l)" "$(echo "$leads / ($user + $sys)" | bc -l)" $((rss / 1024)) "$load" "$summary" | tee -a "$RESULTS"
}

for N in "${SIZES[@]}"; do
  var="LEADS_DIR_$N"
  DATA="${!var:-$T/leads-$N-seed$((SEED + 1))/leads.parquet}"
  if [[ ! -e "$DATA" ]]; then
    "$LS" generate --leads "$N" --seed $((SEED + 1)) --out "$(dirname "$DATA")" >/dev/null || exit 1
  fi
  export LEADSCORE_JAVA_OPTS="-Xmx$HEAP"
  step "$N" "java, --reasons 0" "$T/java-r0-$N.log" -- \
    "$LS" score --model "$MODEL" --data "$DATA" --out "$T/out-r0-$N.parquet" --reasons 0 --json
  step "$N" "java, 5 reasons + rules" "$T/java-r5-$N.log" -- \
    "$LS" score --model "$MODEL" --data "$DATA" --out "$T/out-r5-$N.parquet" --rules "$RULES" --json
  unset LEADSCORE_JAVA_OPTS
  if (( N <= SPARK_UP_TO )); then
    step "$N" "spark $MASTER, --reasons 0" "$T/spark-r0-$N.log" -- \
      "$LS" score --engine spark --master "$MASTER" --model "$MODEL" --data "$DATA" --out "$T/spark-r0-$N.parquet" --reasons 0 --json
    step "$N" "spark $MASTER, 5 reasons + rules" "$T/spark-r5-$N.log" -- \
      "$LS" score --engine spark --master "$MASTER" --model "$MODEL" --data "$DATA" --out "$T/spark-r5-$N.parquet" --rules "$RULES" --json
  fi
  (( N > PEER_UP_TO )) && continue
  if [[ ! -f "$T/peer-in-$N.csv" ]]; then
    "$PEER_VENV/bin/python" "$HOME_DIR/bench/score/peer_input.py" "$DATA" "$T/peer-in-$N.csv" || exit 1
  fi
  step "$N" "peer: mlflow models predict (probability only)" "$T/peer-$N.log" -- \
    "$PEER_VENV/bin/mlflow" models predict -m "$T/peer/mlflow-model" -i "$T/peer-in-$N.csv" -t csv -o "$T/peer-out-$N.json" --env-manager local
done
