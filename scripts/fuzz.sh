#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time over its
# corpus in fuzz/corpus/. New interesting inputs go to a scratch directory; with --merge they are
# merged (minimised) into fuzz/corpus/ to be committed. A crash leaves its input in
# build-fuzz/artifacts/ and makes this exit non-zero.
# Usage: scripts/fuzz.sh [--merge] [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."

merge=0
if [ "${1:-}" = "--merge" ]; then
  merge=1
  shift
fi
seconds="${1:-60}"

scripts/install-deps.sh clang-14 libclang-rt-14-dev
build=build-fuzz
CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINLI_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
mkdir -p "$build/artifacts"

for target in text_parsers dispatch platforms; do
  scratch="$build/new-corpus/$target"
  mkdir -p "$scratch"
  echo "== fuzz_$target for ${seconds}s"
  log="$build/fuzz-$target.log"
  status=0
  "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$scratch" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)' "$log" || true
  if [ "$status" -ne 0 ]; then
    grep -E -A30 '^==[0-9]+==|runtime error|deadly signal' "$log" | head -60 >&2
    echo "fuzz_$target found a problem (exit $status); the input is in $build/artifacts/" >&2
    exit 1
  fi
  if [ "$merge" = 1 ]; then
    "$build/fuzz/fuzz_$target" -merge=1 "fuzz/corpus/$target" "$scratch" 2>&1 | tail -1
  fi
done
