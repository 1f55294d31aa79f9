#!/usr/bin/env bash
# Benchmark of 'leadscore features build' (not a test): throughput in events/second and peak heap.
#   bench/features-build.sh [LEADS...]     (default: 515000 1030000, i.e. about 10M and 20M events)
# For each size: generate a synthetic history (seed 42, about 19.5 events per lead), build the
# point-in-time training set with features/features.yaml once under -Xmx256m with a GC log
# (throughput, heap figures), then find the smallest -Xmx (of 48m, 64m, 80m, 96m, 128m, 192m) under
# which the build still completes: if memory is flat, that does not grow with the data.
# BENCH_DIR=DIR keeps the data there (default: a new temporary directory).
set -uo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LS="$HOME_DIR/bin/leadscore"
DIR="${BENCH_DIR:-$(mktemp -d)}"
SIZES=("$@")
(( ${#SIZES[@]} )) || SIZES=(515000 1030000)
mkdir -p "$DIR"
echo "data in $DIR; $(nproc) cores; $(java -version 2>&1 | head -1)"

build() { # build LEADS XMX [extra java opts]
  LEADSCORE_JAVA_OPTS="-Xmx$2 ${3:-}" "$LS" features build --events "$DIR/h-$1/events.parquet" --leads "$DIR/h-$1/leads.parquet" \
    --features "$HOME_DIR/features/features.yaml" --label-window 30d --out "$DIR/train-$1.parquet" 2>"$DIR/err.log"
}

for LEADS in "${SIZES[@]}"; do
  echo
  echo "== $LEADS leads"
  if [[ ! -f "$DIR/h-$LEADS/events.parquet" ]]; then
    start=$(date +%s.%N)
    LEADSCORE_JAVA_OPTS="-Xmx256m" "$LS" generate --leads "$LEADS" --seed 42 --out "$DIR/h-$LEADS" 2>/dev/null | sed 's/^/   /'
    echo "   generate (under -Xmx256m): $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
  fi
  du -h "$DIR/h-$LEADS"/*.parquet | sed 's/^/   /'

  start=$(date +%s.%N)
  build "$LEADS" 256m "-Xlog:gc:file=$DIR/gc-$LEADS.log" | grep -E "^(wrote|read)" | sed 's/^/   /'
  echo "   wall clock with JVM start: $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
  # "... GC(12) Pause Young (Normal) (G1 Evacuation Pause) 60M->9M(128M) 3.1ms"
  awk '/Pause/ && match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) {
         split(substr($0, RSTART, RLENGTH), a, /M->|M\(|M\)/);
         if (a[1] > before) before = a[1]; if (a[2] > after) after = a[2]; n++ }
       END { printf "   -Xmx256m: %d GC pauses, heap used at most %d MiB (before a GC), at most %d MiB right after one\n", n, before, after }' \
    "$DIR/gc-$LEADS.log"

  for XMX in 48m 64m 80m 96m 128m 192m; do
    if build "$LEADS" "$XMX" >/dev/null; then
      echo "   smallest -Xmx that completes: $XMX"
      break
    fi
    echo "   -Xmx$XMX: $(grep -o 'OutOfMemoryError.*' "$DIR/err.log" | head -1)"
  done
done
