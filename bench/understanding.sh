#!/usr/bin/env bash
# Understanding: the labelled corpus (tests/corpus/) through linli's readers and dispatcher, scored
# against what a coordinator expects, on the dev and held-out parts separately (bench/understanding.cpp).
# Pass --dev-failures to list the dev part's failures too, --no-heldout-failures to hide the held-out list. Its last line is: held-out: precision P%, recall R%, needs fully right F%, chains exact C%
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli_understanding >/dev/null
exec build-release/bench/linli_understanding tests/corpus "$@"
