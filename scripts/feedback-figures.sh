#!/usr/bin/env bash
# Print how fast kata gives feedback on this machine:
#   1. the median wall time of `./kata run --puzzle 1 --reference` over N runs, after one warm-up
#      (compiled once, then from the compile cache);
#   2. the same for a file changed before each run, so compiled every time;
#   3. the median latency of `kata watch` from saving puzzle 01's file to its verdict, over N saves
#      two seconds apart (each save changes the file, so each is compiled).
# Usage: scripts/feedback-figures.sh [N]   (default 10). Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'kill "${watch_pid:-0}" 2>/dev/null || true; exec 3>&- 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }

./kata run --puzzle 1 --reference --workspace "$work/ws" >/dev/null 2>&1 || true   # build, warm up, train the AOT cache
sleep 20                                                                            # let the AOT training finish
./kata run --puzzle 1 --reference --workspace "$work/ws" >/dev/null 2>&1            # warm-up with the cache

times=()
for _ in $(seq "$runs"); do
  start=$(now_ms)
  ./kata run --puzzle 1 --reference --workspace "$work/ws" >/dev/null 2>&1
  times+=($(( $(now_ms) - start )))
done
echo "kata run --puzzle 1 --reference: median $(printf '%s\n' "${times[@]}" | median) ms over $runs runs (${times[*]})"

# The learner's loop: the workspace file changed since the last run, so it is compiled every time
# (the reference above is compiled once and then comes from the workspace's compile cache).
reference=kata-puzzles/src/main/resources/dev/kata/puzzles/p01/reference/ChunkedWorker.java
file="$work/ws/p01_cooperative_yielding/ChunkedWorker.java"
mkdir -p "$(dirname "$file")"
times=()
for i in $(seq "$runs"); do
  { cat "$reference"; echo "// run $i $$"; } > "$file"
  start=$(now_ms)
  ./kata run --puzzle 1 --workspace "$work/ws" >/dev/null 2>&1
  times+=($(( $(now_ms) - start )))
done
echo "kata run --puzzle 1, your file changed before each run (so compiled): median $(printf '%s\n' "${times[@]}" | median) ms over $runs runs (${times[*]})"

mkfifo "$work/keys"
./kata watch --puzzle 1 --workspace "$work/ws" <"$work/keys" >"$work/screen" 2>&1 &
watch_pid=$!
exec 3>"$work/keys"   # keep the key pipe open so watch keeps reading
verdicts() { grep -c -E '^(passed|failed):' "$work/screen" || true; }
until [ "$(verdicts)" -ge 1 ]; do sleep 0.01; done
latencies=()
for i in $(seq "$runs"); do
  # A learner reads the verdict and edits before saving again; meanwhile watch starts and warms
  # the next check JVM. Saving the instant a verdict appears would time that warm-up instead.
  sleep 2
  before=$(verdicts)
  { cat "$reference"; echo "// save $i"; } > "$file.tmp"
  start=$(now_ms)
  mv "$file.tmp" "$file"     # an editor's atomic save
  until [ "$(verdicts)" -gt "$before" ]; do sleep 0.005; done
  latencies+=($(( $(now_ms) - start )))
done
echo q >&3
echo "kata watch, save to verdict (puzzle 01): median $(printf '%s\n' "${latencies[@]}" | median) ms over $runs saves (${latencies[*]})"
