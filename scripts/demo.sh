#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build, and run linli on a local SQLite file
# with the demo configuration. Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli

mkdir -p demo-data
port="${LINLI_DEMO_PORT:-8080}"
cat <<MSG

linli is starting on http://127.0.0.1:${port} with database demo-data/linli.db.
Try it from another terminal:

  curl -s -H 'Content-Type: application/json' \\
    -d '{"chat_id":"demo","message_id":"1","sender":{"id":"u1","name":"张三"},"text":"/help"}' \\
    http://127.0.0.1:${port}/v1/webhook/generic

MSG
exec build-release/linli serve --config deploy/linli.demo.json --port "$port" \
  --db demo-data/linli.db
