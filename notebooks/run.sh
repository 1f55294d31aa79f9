#!/usr/bin/env bash
# Runs every notebook in notebooks/ headless against the real system, and fails on any cell error.
#
# Installs notebooks/requirements.txt into notebooks/.venv (once; again when the file changes), builds
# the jars if they are missing, generates leads into a temporary directory, starts a real MLflow
# tracking server (SQLite, artifact proxy) and a leadscore prediction server on free loopback ports,
# executes the notebooks in order with those settings, keeps the executed copies (with their
# outputs) under target/notebooks/, and always stops both servers.
#
#   notebooks/run.sh                          # all notebooks
#   notebooks/run.sh notebooks/03-predict-api.ipynb
#
# Environment: LEADSCORE_NOTEBOOK_LEADS (leads to generate, default 6000), LEADSCORE_NOTEBOOKS_VENV
# (the venv, default notebooks/.venv), KEEP_WORK=1 (keep the temporary data, models and MLflow store).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HOME_DIR"
START=$SECONDS
VENV="${LEADSCORE_NOTEBOOKS_VENV:-$HOME_DIR/notebooks/.venv}"
OUT="$HOME_DIR/target/notebooks"
LEADS="${LEADSCORE_NOTEBOOK_LEADS:-6000}"

say() { printf 'notebooks: %s\n' "$*" >&2; }
elapsed() { printf '%ds' $((SECONDS - START)); }

if (( $# )); then
  notebooks=("$@")
else
  notebooks=(notebooks/*.ipynb)
fi

# The Python environment: one venv of its own, keyed to the requirements file's hash.
want="$(sha256sum notebooks/requirements.txt | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/jupyter" || "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]]; then
  if ! command -v python3 >/dev/null 2>&1; then
    say "python3 (with venv) is needed, e.g. apt-get install python3 python3-venv"
    exit 1
  fi
  say "installing notebooks/requirements.txt into $VENV (once, about two minutes)..."
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r notebooks/requirements.txt
  # The notebooks' kernel is this venv's Python, whatever kernels the user has installed elsewhere.
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$VENV/.requirements.sha256"
fi
export JUPYTER_PATH="$VENV/share/jupyter"

# Notebooks are committed without outputs or execution counts.
if ! "$VENV/bin/nbstripout" --verify "${notebooks[@]}" >/dev/null; then
  say "these notebooks have outputs or execution counts; strip them before committing: $VENV/bin/nbstripout ${notebooks[*]}"
  [[ -n "${CI:-}" ]] && exit 1
fi

bin/leadscore --version >/dev/null  # builds the jars if they are missing

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadscore-notebooks.XXXXXX")"
mkdir -p "$WORK/mlflow" "$WORK/logs"
rm -rf "$OUT"
mkdir -p "$OUT"
MLFLOW_PID=""
SERVE_PID=""

# Stops a server started with setsid: its whole process group (mlflow server runs uvicorn workers).
stop() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 75); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$SERVE_PID"
  stop "$MLFLOW_PID"
  cp -r "$WORK/logs" "$OUT/" 2>/dev/null || true
  if [[ -n "${KEEP_WORK:-}" ]]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers 200 while process PID lives; on failure shows the server's log.
await_health() {
  local name="$1" pid="$2" url="$3" log="$4" deadline=$((SECONDS + 180))
  shift 4
  until curl -sf -o /dev/null "$@" "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || (( SECONDS > deadline )); then
      say "$name did not come up at $url; its log:"
      tail -50 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

bin/leadscore generate --leads "$LEADS" --seed 7 --out "$WORK/data" > "$WORK/logs/generate.log"
say "generated $LEADS leads ($(elapsed))"

MLFLOW_PORT="$(free_port)"
MLFLOW_URI="http://127.0.0.1:$MLFLOW_PORT"
(cd "$WORK/mlflow" && MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true \
  exec setsid "$VENV/bin/mlflow" server --backend-store-uri "sqlite:///$WORK/mlflow/mlflow.db" \
    --serve-artifacts --artifacts-destination "$WORK/mlflow/artifacts" \
    --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1) > "$WORK/logs/mlflow-server.log" 2>&1 < /dev/null &
MLFLOW_PID=$!

# The model the prediction server serves, trained while MLflow starts.
bin/leadscore train --data "$WORK/data/leads.parquet" --label converted --time-column scored_at \
  --out "$WORK/served-model" > "$WORK/logs/train-served-model.log"
say "trained the served model ($(elapsed))"

API_KEY="nb-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
LEADSCORE_API_KEYS="$API_KEY" setsid bin/leadscore serve --model "$WORK/served-model" --port 0 \
  > "$WORK/logs/leadscore-serve.log" 2>&1 < /dev/null &
SERVE_PID=$!
for _ in $(seq 1 360); do
  SERVE_URL="$(grep -so 'on http://127\.0\.0\.1:[0-9]*' "$WORK/logs/leadscore-serve.log" | head -1 | cut -c4- || true)"
  [[ -n "$SERVE_URL" ]] || ! kill -0 "$SERVE_PID" 2>/dev/null && break
  sleep 0.5
done
if [[ -z "$SERVE_URL" ]]; then
  say "leadscore serve did not start; its log:"
  tail -50 "$WORK/logs/leadscore-serve.log" >&2
  exit 1
fi
await_health "leadscore serve" "$SERVE_PID" "$SERVE_URL/health" "$WORK/logs/leadscore-serve.log" -H "Authorization: Bearer $API_KEY"
say "leadscore server up at $SERVE_URL ($(elapsed))"
await_health "mlflow server" "$MLFLOW_PID" "$MLFLOW_URI/health" "$WORK/logs/mlflow-server.log"
say "mlflow server $(curl -s "$MLFLOW_URI/version") up at $MLFLOW_URI ($(elapsed))"

export LEADSCORE_HOME="$HOME_DIR"
export LEADSCORE_DATA_DIR="$WORK/data"
export LEADSCORE_MODEL_DIR="$WORK/served-model"
export LEADSCORE_MODELS_DIR="$WORK/models"
export MLFLOW_TRACKING_URI="$MLFLOW_URI"
export LEADSCORE_URL="$SERVE_URL"
export LEADSCORE_API_KEY="$API_KEY"

passed=0
failed=()
for nb in "${notebooks[@]}"; do
  t=$SECONDS
  log="$WORK/logs/$(basename "$nb" .ipynb).log"
  if "$VENV/bin/jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1200 \
      --output-dir "$OUT" "$nb" 2> "$log"; then
    passed=$((passed + 1))
    say "$nb ran in $((SECONDS - t))s -> $OUT/$(basename "$nb")"
  else
    failed+=("$nb")
    say "$nb FAILED after $((SECONDS - t))s:"
    if grep -q 'CellExecutionError:' "$log"; then
      sed -n '/CellExecutionError:/,$p' "$log" >&2  # the failing cell and its traceback
    else
      tail -40 "$log" >&2
    fi
  fi
done

say "done in $(elapsed); executed copies in $OUT"
echo "notebooks: ${passed} passed, ${#failed[@]} failed"
(( ${#failed[@]} == 0 ))
