#!/usr/bin/env bash
# Long fuzz runs (docs/fuzzing.md): builds the fuzz targets in build-fuzz (clang, ASan+UBSan),
# writes the seeds, runs each target for SECONDS (or until TOTAL executions) under nice, keeps
# what it finds in build-fuzz/tests/fuzz/corpus/<target>/ (so runs add up), and prints per
# target: executions this run, executions in total (build-fuzz/tests/fuzz/totals.tsv),
# coverage (libFuzzer's cov: edges and ft: features), corpus size and crashes
# (artifacts/<target>/).
#
# Usage: bench/fuzz/long_run.sh [-t SECONDS] [-n TOTAL] [-j JOBS] [-T SECONDS] [TARGET...]
#   -t  seconds per target (default 600; with -n, no time limit unless -t is given)
#   -n  run each target until its executions in total reach TOTAL (a target already there
#       is skipped)                          -j  targets run at once (default 1)
#   -T  libFuzzer's -timeout per input, wall-clock (default 120: under nice 19 on a shared
#       machine a fuzzer can get no CPU for a minute; every input takes milliseconds)
#   TARGET  manifest, bundle, ... (default: every *_fuzzer in build-fuzz/tests/fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=
goal=
jobs=1
input_timeout=120
while getopts "t:n:j:T:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    n) goal=$OPTARG ;;
    j) jobs=$OPTARG ;;
    T) input_timeout=$OPTARG ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ -z $seconds && -z $goal ]] && seconds=600

build=build-fuzz
work=$build/tests/fuzz
if [[ ! -f $build/CMakeCache.txt ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPOCSIFT_SANITIZE=ON >/dev/null
fi
nice -n 19 cmake --build $build -j"$(nproc)" --target pocsift_fuzzers >$build/fuzz-build.log 2>&1 ||
  { tail -30 $build/fuzz-build.log >&2; exit 1; }
$work/pocsift_fuzz_seeds $work/seeds fixtures >/dev/null

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in $work/*_fuzzer; do targets+=("$(basename "${f%_fuzzer}")"); done
fi
mkdir -p $work/logs
touch $work/totals.tsv

total_of() { awk -v t="$1" '$1 == t {print $2}' $work/totals.tsv; }
if [[ -n $goal ]]; then
  pending=()
  for t in "${targets[@]}"; do
    done_so_far=$(total_of "$t")
    if (( ${done_so_far:-0} < goal )); then pending+=("$t"); else
      echo "$t: ${done_so_far} executions in total, at or over $goal: skipped" >&2; fi
  done
  targets=("${pending[@]}")
  ((${#targets[@]} == 0)) && exit 0
fi

# No allocation stacks in ASan reports (a crash's own stack is still printed, and replaying the
# artifact by hand gives the rest): about 15% more executions per second.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

run_target() {
  local t=$1 args=()
  [[ -f tests/fuzz/dict/$t.dict ]] && args+=(-dict=tests/fuzz/dict/$t.dict)
  [[ -n $seconds ]] && args+=(-max_total_time="$seconds")
  if [[ -n $goal ]]; then
    local done_so_far
    done_so_far=$(awk -v t="$t" '$1 == t {print $2}' $work/totals.tsv)
    args+=(-runs=$((goal - ${done_so_far:-0})))
  fi
  mkdir -p $work/corpus/$t $work/artifacts/$t
  nice -n 19 $work/${t}_fuzzer -timeout="$input_timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix=$work/artifacts/$t/ "${args[@]}" \
    $work/corpus/$t $work/seeds/$t >$work/logs/$t.log 2>&1 || true
}
export -f run_target
export work seconds goal input_timeout
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {}'

printf '%-10s %14s %14s %8s %8s %8s %8s\n' target "execs (run)" "execs (total)" cov ft corpus crashes
for t in "${targets[@]}"; do
  log=$work/logs/$t.log
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  execs=${execs:-0}
  line=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$line")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$line")
  previous=$(total_of "$t")
  total=$(( ${previous:-0} + execs ))
  awk -v t="$t" '$1 != t' $work/totals.tsv >$work/totals.tsv.new
  printf '%s\t%s\n' "$t" "$total" >>$work/totals.tsv.new
  mv $work/totals.tsv.new $work/totals.tsv
  corpus=$(find $work/corpus/$t -type f | wc -l)
  crashes=$(find $work/artifacts/$t -type f | wc -l)
  printf '%-10s %14s %14s %8s %8s %8s %8s\n' "$t" "$execs" "$total" "${cov:-?}" "${ft:-?}" \
    "$corpus" "$crashes"
done
