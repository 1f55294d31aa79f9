# Helpers the bench scripts share; sourced, not run.
# load: the 1/5/15-minute load averages; log MSG: MSG and the load, to stderr;
# free_port: a free loopback TCP port.
load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "bench: $* (load $(load))" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
