#!/usr/bin/env bash
# Soak: SOAK_MINUTES (10) of the full mix (bench/mix.lua) at SOAK_RATE messages/s (3000) against
# one linli on one database, sampling its resident memory and the database size every
# SOAK_SAMPLE seconds (30). Prints the samples and whether memory stayed flat: the last third's
# median within 10% of the second third's (the first third is warm-up). Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${SOAK_MINUTES:-10}"
rate="${SOAK_RATE:-3000}"
sample="${SOAK_SAMPLE:-30}"
chats="${SOAK_CHATS:-1000}"
pace_ms=10

scripts/install-deps.sh wrk
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli >/dev/null

# shellcheck source=bench/common.sh
source bench/common.sh

echo '{"storage": {"synchronous": "full"}, "log_level": "warn"}' >"$work/linli.json"
# --insecure-dev for the mix's generic messages: wrk's Lua cannot sign each body (HMAC-SHA256)
# without costing the load generator more than linli spends on it. Telegram's are verified.
LINLI_TELEGRAM_SECRET=bench-secret start_server build-release/linli serve \
  --config "$work/linli.json" --port 0 --db "$work/soak.db" --insecure-dev

seconds=$((minutes * 60))
connections=$(((rate * (pace_ms + 1) + 999) / 1000))
echo "soak: ${minutes} min at ~${rate} messages/s ($connections paced connections), $chats chats"
BENCH_DELAY_MS="$pace_ms" BENCH_CHATS="$chats" \
  wrk -t1 -c"$connections" -d"${seconds}s" -s bench/mix.lua "http://127.0.0.1:$port" \
  >"$work/wrk.out" 2>&1 &
wrk_pid=$!

: >"$work/rss.txt"
for elapsed in $(seq "$sample" "$sample" "$seconds"); do
  sleep "$sample"
  rss="$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")"
  db="$(du -m "$work"/soak.db | cut -f1) + wal $(du -m "$work"/soak.db-wal 2>/dev/null | cut -f1)"
  echo "$rss" >>"$work/rss.txt"
  printf '  %5ss  rss %6s MiB  database %5s MiB\n' "$elapsed" "$rss" "$db"
done
wait "$wrk_pid" || true
wrk_pid=""
grep '^RESULT' "$work/wrk.out" | sed 's/^/  /'
stop_server

n="$(wc -l <"$work/rss.txt")"
third=$((n / 3 > 0 ? n / 3 : 1))
middle="$(sed -n "$((third + 1)),$((2 * third))p" "$work/rss.txt" | median)"
last="$(tail -n "$third" "$work/rss.txt" | median)"
awk -v m="$middle" -v l="$last" 'BEGIN {
  printf "memory: middle third median %.1f MiB, last third %.1f MiB: %s\n", m, l,
    (l <= m * 1.10) ? "flat" : "GROWING"
}'
