#!/usr/bin/env bash
# Check one puzzle's verdicts under load, through the real runner (./kata run), and print figures.
#
#   scripts/puzzle-stability.sh ID [REFERENCE_RUNS] [OTHER_RUNS]
#
# While two spinning shell loops keep both cores busy, it runs the reference REFERENCE_RUNS times
# (default 20) and requires a pass each time; then every known-wrong solution of the puzzle and every
# correct alternative under kata-cli/src/test/resources/alternatives/ID/ (each must pass)
# OTHER_RUNS times (default 5). It prints false verdicts, the median and slowest check-JVM time of
# the reference (KATA_TIMING's "check JVM": JVM start and every check), and each solution's slowest
# rejection. Exit 1 if any verdict was wrong.
set -u
cd "$(dirname "$0")/.." || exit 2
id="${1:?usage: scripts/puzzle-stability.sh ID [REFERENCE_RUNS] [OTHER_RUNS]}"
reference_runs="${2:-20}"
other_runs="${3:-5}"
./kata list >/dev/null 2>&1 || { echo "kata does not build" >&2; exit 2; }
folder=$(ls -d kata-puzzles/src/main/resources/dev/kata/puzzles/p"$id" 2>/dev/null) || { echo "no built-in puzzle $id" >&2; exit 2; }

spinners=()
for _ in 1 2; do (while :; do :; done) & spinners+=($!); done
trap 'kill "${spinners[@]}" 2>/dev/null' EXIT

wrong_verdicts=0
# run FILE_OR_EMPTY EXPECT(pass|fail) -> prints "ok|WRONG <check-JVM ms>"
run() {
  local args=(run --puzzle "$id") out status ms
  if [ -n "$1" ]; then args+=(--file "$1"); else args+=(--reference); fi
  out=$(KATA_TIMING=1 ./kata "${args[@]}" 2>&1); status=$?
  ms=$(printf '%s\n' "$out" | sed -n 's/^kata timing: check JVM *\([0-9]*\) ms.*/\1/p' | head -n 1)
  if { [ "$2" = pass ] && [ $status -eq 0 ]; } || { [ "$2" = fail ] && [ $status -eq 1 ]; }; then
    echo "ok ${ms:-0}"
  else
    echo "WRONG ${ms:-0}"
    printf '%s\n' "$out" | grep -E '✗|invariant|observed' | head -n 6 >&2
  fi
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }

times=()
for ((i = 0; i < reference_runs; i++)); do
  read -r verdict ms < <(run "" pass)
  [ "$verdict" = ok ] || wrong_verdicts=$((wrong_verdicts + 1))
  times+=("$ms")
done
echo "reference: $reference_runs runs, $wrong_verdicts false failures; check JVM median $(printf '%s\n' "${times[@]}" | median) ms, slowest $(printf '%s\n' "${times[@]}" | sort -n | tail -n 1) ms"

check_all() { # LABEL EXPECT FILE...
  local label=$1 expect=$2; shift 2
  for file in "$@"; do
    local bad=0 slowest=0
    for ((i = 0; i < other_runs; i++)); do
      read -r verdict ms < <(run "$file" "$expect")
      [ "$verdict" = ok ] || bad=$((bad + 1))
      [ "$ms" -gt "$slowest" ] && slowest=$ms
    done
    wrong_verdicts=$((wrong_verdicts + bad))
    printf '%-8s %-40s %s of %s runs judged right; slowest check JVM %s ms\n' "$label" \
      "$(basename "$(dirname "$file")")" $((other_runs - bad)) "$other_runs" "$slowest"
  done
}
shopt -s nullglob
check_all wrong fail "$folder"/wrong/*/*.java
check_all correct pass kata-cli/src/test/resources/alternatives/"$id"/*/*.java
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
[ "$wrong_verdicts" -eq 0 ]
