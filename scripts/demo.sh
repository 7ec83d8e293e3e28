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
# The generic webhook needs its secret like every other (linli refuses to start without it): one is
# made for this data folder on the first run, readable by you only, and kept for the next.
if [ ! -s demo-data/generic.secret ]; then
  (umask 077 && openssl rand -hex 32 >demo-data/generic.secret)
fi
secret="$(cat demo-data/generic.secret)"
# sign BODY: the X-Linli-Signature value, HMAC-SHA256 of the exact bytes sent.
sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1; }
body='{"chat_id":"demo","message_id":"1","sender":{"id":"u1","name":"张三"},"text":"/help"}'
cat <<MSG

linli is starting on http://127.0.0.1:${port} with database demo-data/linli.db.
Try it from another terminal (a signed request; the secret is in demo-data/generic.secret):

  curl -s -H 'Content-Type: application/json' \\
    -H 'X-Linli-Signature: sha256=$(sign "$body")' \\
    -d '${body}' \\
    http://127.0.0.1:${port}/v1/webhook/generic

Any other body must be signed again (a new message_id each time):

  body='{"chat_id":"demo","message_id":"2","sender":{"id":"u1","name":"张三"},"text":"3号楼501 需要 硝苯地平 2盒"}'
  curl -s -H 'Content-Type: application/json' -d "\$body" \\
    -H "X-Linli-Signature: sha256=\$(printf %s "\$body" | openssl dgst -sha256 -hmac "\$(cat demo-data/generic.secret)" -r | cut -d' ' -f1)" \\
    http://127.0.0.1:${port}/v1/webhook/generic

MSG
LINLI_GENERIC_SECRET="$secret" exec build-release/linli serve --config deploy/linli.demo.json \
  --port "$port" --db demo-data/linli.db
