#!/usr/bin/env bash
# Print what the mistake analyser costs a `kata run`: how long the analysis takes on its own thread
# (it runs while the file compiles and the check JVM starts), and how long the verdict then waits
# for it ("analysis wait": the time it adds to a run). Median of N runs per puzzle's reference.
#
#   scripts/analyser-time.sh [runs per puzzle, default 5] [puzzle ids, default 02 04 06 07 09]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
if [ "$#" -gt 0 ]; then puzzles=("$@"); else puzzles=(02 04 06 07 09); fi
./kata list >/dev/null 2>&1 || true # build once, outside the figures
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf '%-7s %18s %18s %14s\n' puzzle "analysis (ms)" "analysis wait (ms)" "run (ms)"
for p in "${puzzles[@]}"; do
  analysis=() waits=() totals=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    timing=$(KATA_TIMING=1 ./kata run --puzzle "$p" --reference 2>&1 >/dev/null || true)
    totals+=($(( ($(date +%s%N) - start) / 1000000 )))
    analysis+=("$(grep 'kata timing: analysis  ' <<<"$timing" | awk '{print $4}')")
    waits+=("$(grep 'kata timing: analysis wait' <<<"$timing" | awk '{print $5}')")
  done
  printf '%-7s %18s %18s %14s\n' "$p" "$(printf '%s\n' "${analysis[@]}" | median)" \
    "$(printf '%s\n' "${waits[@]}" | median)" "$(printf '%s\n' "${totals[@]}" | median)"
done
