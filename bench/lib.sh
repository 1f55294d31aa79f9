# Helpers the bench scripts share; sourced, not run.
# load: the 1/5/15-minute load averages; steal: CPU ticks taken by the hypervisor so far (all CPUs);
# log MSG: MSG and the load, to stderr;
# free_port: a free loopback TCP port; wait_http URL PID: until URL answers (fails if PID exits or
# after 60 s); serving_inputs NAME: BODY and MODEL, the batch body and model bench/serving/run.sh made.
load() { cut -d' ' -f1-3 /proc/loadavg; }
steal() { awk '/^cpu / {print $9}' /proc/stat; } # CPU ticks the hypervisor gave to others, all CPUs
log() { echo "bench: $* (load $(load))" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # URL PID
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "bench: the server (pid $2) exited before answering $1" >&2; return 1; }
    sleep 0.2
  done
  echo "bench: no answer from $1 after 60 s" >&2; return 1
}
serving_inputs() { # NAME (the calling script, for the message)
  local s="$HOME_DIR/bench/target/serving"
  BODY="$s/run/batch-1000.json"
  MODEL="$s/model-50000-seed42"
  [[ -f "$BODY" && -f "$MODEL/model-card.json" ]] || { echo "$1: run bench/serving/run.sh first (it makes $BODY and $MODEL)" >&2; exit 1; }
}
