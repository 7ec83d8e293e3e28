#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each over its corpus in fuzz/corpus/.
#   scripts/fuzz.sh [seconds]          explore: each target for that long (default 60), random seed
#   scripts/fuzz.sh --merge [seconds]  explore, then merge new interesting inputs into fuzz/corpus/
#   scripts/fuzz.sh --ci               reproducible: a fixed seed and a fixed number of inputs per
#                                      target (35-40 s each on a 2-core machine), as CI runs it
# New inputs go to build-fuzz/new-corpus/. A crash leaves its input in build-fuzz/artifacts/ and
# makes this exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=explore
case "${1:-}" in
  --merge) mode=merge; shift ;;
  --ci) mode=ci; shift ;;
esac
seconds="${1:-60}"

# Inputs per target in --ci mode: dispatch opens a fresh SQLite database per input, so it is slower.
declare -A ci_runs=([text_parsers]=100000 [dispatch]=4000 [platforms]=300000)

scripts/install-deps.sh clang-14 libclang-rt-14-dev
build=build-fuzz
CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINLI_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
mkdir -p "$build/artifacts"

for target in text_parsers dispatch platforms; do
  scratch="$build/new-corpus/$target"
  [ "$mode" = ci ] && rm -rf "$scratch" # the same inputs every time
  mkdir -p "$scratch"
  if [ "$mode" = ci ]; then
    # A cap well above the expected time, so a slow machine still finishes.
    bound=(-seed=1 -runs="${ci_runs[$target]}" -max_total_time=240)
    echo "== fuzz_$target: ${ci_runs[$target]} inputs, seed 1"
  else
    bound=(-max_total_time="$seconds")
    echo "== fuzz_$target for ${seconds}s"
  fi
  log="$build/fuzz-$target.log"
  status=0
  "$build/fuzz/fuzz_$target" "${bound[@]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$scratch" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)|^Done' "$log" || true
  if [ "$status" -ne 0 ]; then
    grep -E -A30 '^==[0-9]+==|runtime error|deadly signal' "$log" | head -60 >&2
    echo "fuzz_$target found a problem (exit $status); the input is in $build/artifacts/" >&2
    exit 1
  fi
  if [ "$mode" = merge ]; then
    "$build/fuzz/fuzz_$target" -merge=1 "fuzz/corpus/$target" "$scratch" 2>&1 | tail -1
  fi
done
