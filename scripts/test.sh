#!/usr/bin/env bash
# One command to install what is missing, build with warnings as errors, and run every test:
#   0. the formatting check (clang-format --dry-run -Werror over every C and C++ file);
#   1. the unit and functional tests (CTest), built with AddressSanitizer and
#      UndefinedBehaviorSanitizer, so a memory or UB error anywhere fails the run; the storage
#      contract and a subset of the functional tests run a second time on PostgreSQL (label
#      postgres), on a throwaway cluster started for the run (scripts/pg-cluster.sh) unless
#      LINLI_TEST_PG_URL already names a server;
#   2. a bounded, reproducible fuzz run of every parser over fuzz/corpus/ (scripts/fuzz.sh --ci).
# LINLI_SANITIZE=0 builds without sanitizers (faster to iterate); LINLI_FUZZ=0 skips step 2.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize="${LINLI_SANITIZE:-1}"
fuzz="${LINLI_FUZZ:-1}"

extra=()
[ "$fuzz" = 1 ] && extra=(clang-14 libclang-rt-14-dev)
scripts/install-deps.sh "${extra[@]}"
# The independent Telegram emulator, at the versions package-lock.json pins.
[ -d tests/functional/emulators/node_modules ] ||
  (cd tests/functional/emulators && npm ci --no-audit --no-fund --loglevel=error)

# Formatting is checked, not left to taste: .clang-format decides.
unformatted=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | xargs clang-format --dry-run -Werror 2>&1 |
  grep -o '^[^:]*:[0-9]*:[0-9]*: error' | cut -d: -f1 | sort -u || true)
if [ -n "$unformatted" ]; then
  echo "not formatted by clang-format (run clang-format -i on them):" $unformatted >&2
  exit 1
fi

# A PostgreSQL server for the run, stopped and removed on exit. LINLI_TEST_PG_URL is always set
# before CMake runs: the PostgreSQL tests are registered only then (tests/CMakeLists.txt).
if [ -z "${LINLI_TEST_PG_URL:-}" ]; then
  eval "$(scripts/pg-cluster.sh start)"
  trap 'scripts/pg-cluster.sh stop "$LINLI_PG_CLUSTER"' EXIT
fi
export LINLI_TEST_PG_URL

build="${LINLI_BUILD_DIR:-build}"
flags=(-DCMAKE_BUILD_TYPE=Debug -DLINLI_WERROR=ON)
[ "$sanitize" = 1 ] && flags+=(-DLINLI_SANITIZE=ON) || flags+=(-DLINLI_SANITIZE=OFF)
cmake -S . -B "$build" "${flags[@]}" ${LINLI_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
(cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 600)

[ "$fuzz" = 1 ] && scripts/fuzz.sh --ci
exit 0
