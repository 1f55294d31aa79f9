#!/usr/bin/env bash
# bench/training: fit time and holdout AUC of leadscore's trainers (XGBoost, logistic) vs Python (XGBoost,
# scikit-learn) on the same generated leads, the same time split and the same encoded features; then
# heap, time and AUC of whole `train` runs with a capped heap (TRAIN_RUNS: 1M and 5M leads by default).
# Not a test: bin/test never runs it. Everything it makes goes under bench/target/ (git-ignored).
#
#   bench/training/run.sh            # 1,000,000 leads, seed 1, 2 threads
#
# Environment: LEADS (1000000), SEED (1), THREADS (2), BENCH_XMX (2g), OMP_WAIT_POLICY (PASSIVE),
# SAME_ENGINE=1 to add the second venv with the xgboost version of leadscore's xgboost4j (1.6.2),
# TRAIN_RUNS (the `train` runs: LEADS:ALGORITHM:XMX, space-separated; "" for none).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
LEADS="${LEADS:-1000000}"
SEED="${SEED:-1}"
THREADS="${THREADS:-2}"
BENCH_XMX="${BENCH_XMX:-2g}"
TRAIN_RUNS="${TRAIN_RUNS-$LEADS:auto:2g 5000000:logistic:12g $LEADS:logistic:2g $LEADS:xgboost:2g}"
# Both sides' XGBoost use OpenMP (libgomp). With its default spin-waiting, a machine shared with other
# builds (load above the core count) makes 2-thread fits erratic, 10x slower at times; passive waiting
# keeps them stable. The same setting applies to both sides.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
T="$HOME_DIR/bench/target"
DATA="$T/data/leads-${LEADS}-seed${SEED}"
OUT="$T/training-out"
mkdir -p "$T" "$OUT"

. "$HOME_DIR/bench/lib.sh"

# 1. Jars.
TRAINING_JAR="$HOME_DIR/training/target/leadscore-training-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$TRAINING_JAR" || ! -d "$HOME_DIR/training/target/lib" ]]; then
  log "building the jars"
  mvn -B -q -o package -DskipTests >&2 || mvn -B -q package -DskipTests >&2
fi

# 2. Python venvs with pinned packages.
venv() { # DIR REQUIREMENTS
  local want
  want="$(sha256sum "$2" | cut -d' ' -f1)"
  if [[ ! -x "$1/bin/python" || "$(cat "$1/.requirements.sha256" 2>/dev/null || true)" != "$want" ]]; then
    log "installing $2 into $1"
    rm -rf "$1"
    python3 -m venv "$1"
    "$1/bin/python" -m pip install -q --disable-pip-version-check -r "$2" >&2
    echo "$want" > "$1/.requirements.sha256"
  fi
}
venv "$T/venv" bench/training/requirements.txt
if [[ "${SAME_ENGINE:-0}" == 1 ]]; then
  venv "$T/venv-xgb162" bench/training/requirements-xgboost-1.6.2.txt
fi

# 3. Data (deterministic per seed; never committed).
leads() { # N -> the directory of N generated leads
  local dir="$T/data/leads-$1-seed${SEED}"
  if [[ ! -f "$dir/leads.parquet" ]]; then
    log "generating $1 leads with seed $SEED"
    bin/leadscore generate --leads "$1" --seed "$SEED" --out "$dir" >&2
  fi
  echo "$dir"
}
leads "$LEADS" > /dev/null

rm -f "$OUT"/*.json "$OUT"/gc*.log "$OUT"/train-* "$OUT"/results.md
printf '{"OMP_WAIT_POLICY": "%s", "leads": %s, "seed": %s, "threads": %s, "xmx": "%s", "nproc": %s}\n' \
  "$OMP_WAIT_POLICY" "$LEADS" "$SEED" "$THREADS" "$BENCH_XMX" "$(nproc)" > "$OUT/env.json"

# 4. Java: encode, export the matrices, time leadscore's two trainers.
log "java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA" -Xmx"$BENCH_XMX" -Xlog:gc:file="$OUT/gc.log" -cp "$TRAINING_JAR:$HOME_DIR/training/target/lib/*" \
  bench/training/TrainingBench.java --data "$DATA/leads.parquet" --out "$OUT" --threads "$THREADS" --seed "$SEED" > /dev/null

# 5. Python on the exported matrices. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, where this machine sets
#    them, would pin an older BLAS kernel for numpy; they are unset for this command only.
log "python (current xgboost, scikit-learn)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$T/venv/bin/python" bench/training/bench.py \
  --data "$OUT" --out "$OUT/py.json" --threads "$THREADS" --seed "$SEED" > /dev/null
if [[ "${SAME_ENGINE:-0}" == 1 ]]; then
  log "python (xgboost 1.6.2, the engine version of Tribuo's xgboost4j)"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$T/venv-xgb162/bin/python" bench/training/bench.py \
    --data "$OUT" --out "$OUT/py162.json" --threads "$THREADS" --seed "$SEED" --only xgboost --prefix py162 > /dev/null
fi

# 6. Whole `train` runs (search, calibration, scorecard, card) with a capped heap and a GC log.
for run in $TRAIN_RUNS; do
  IFS=: read -r n algorithm xmx <<< "$run"
  dir="$(leads "$n")"
  name="train-$n-$algorithm"
  log "$name with -Xmx$xmx"
  rm -rf "$T/models/$name"
  start=$(date +%s.%N); load0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" env LEADSCORE_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$OUT/gc-$name.log" \
    bin/leadscore train --data "$dir/leads.parquet" --label converted --time-column scored_at --algorithm "$algorithm" \
    --seed "$SEED" --out "$T/models/$name" > "$OUT/$name.out" 2>&1 || echo "failed" >> "$OUT/$name.time"
  printf '{"leads": %s, "algorithm": "%s", "xmx": "%s", "load_before": %s, "load_after": %s, "model": "%s"}\n' \
    "$n" "$algorithm" "$xmx" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$T/models/$name" > "$OUT/$name.json"
done

# 7. The table.
log "done"
"$T/venv/bin/python" bench/training/report.py "$OUT"
