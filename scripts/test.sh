#!/usr/bin/env bash
# One command to install what is missing, build with warnings as errors, and run every test
# (unit tests and functional tests against the real binary) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# The independent Telegram emulator, at the versions package-lock.json pins.
[ -d tests/functional/emulators/node_modules ] ||
  (cd tests/functional/emulators && npm ci --no-audit --no-fund --loglevel=error)
build="${LINLI_BUILD_DIR:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DLINLI_WERROR=ON ${LINLI_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
