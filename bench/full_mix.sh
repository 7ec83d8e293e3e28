#!/usr/bin/env bash
# The full-mix benchmark: a realistic mix of group messages (bench/mix.lua: chatter, 接龙 copies
# with forks, requests with money, claims, slash commands) across 1,000 chats, through the generic
# webhook and through the Telegram adapter (secret checked, replies to the outbox). For each:
# the maximum durable messages/s (closed loop, BENCH_CONNECTIONS), the same run's ceiling (a bare
# server that parses the JSON and answers) and the ratio; then latency p50/p99/p999 at 25%, 50%
# and 100% of that maximum (paced connections); and resident memory after a load over 10,000
# chats. Medians of BENCH_RUNS runs of BENCH_SECONDS; a fresh database (synchronous=FULL) each run.
# The Telegram half also loads the same database a second time (warm) and measures the peer in the
# same runs: a naive grammY + better-sqlite3 bot (bench/peer/, from its lock file) fed the same
# updates, fresh and warm; then the database's growth per message (its size after both loads),
# and the mix on a database that already holds a million messages (BENCH_PRELOAD; built once,
# kept in build-release/bench-preloaded/).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${BENCH_RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-64}"
chats="${BENCH_CHATS:-1000}"
io_threads="${BENCH_IO_THREADS:-2}"
pace_ms=10  # a paced connection sends one message per (pace + round trip)

scripts/install-deps.sh wrk
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli linli_ceiling >/dev/null
[ -d bench/peer/node_modules ] || npm ci --prefix bench/peer --no-audit --no-fund >/dev/null

# shellcheck source=bench/common.sh
source bench/common.sh

start_linli() {
  rm -f "$work"/bench.db*
  # --insecure-dev for the generic half (telegram is verified with its secret): wrk's Lua cannot
  # sign each generic body (HMAC-SHA256) without costing the load generator more than linli
  # spends on the message; the secret check it skips is ~1 us a message.
  LINLI_TELEGRAM_SECRET=bench-secret start_server build-release/linli serve \
    --config "$work/linli.json" --port 0 --db "$work/bench.db" --insecure-dev
}
# start_linli_on DB: linli serving a copy of DB (the preloaded database below).
start_linli_on() {
  rm -f "$work"/bench.db*
  cp "$1" "$work/bench.db"
  LINLI_TELEGRAM_SECRET=bench-secret start_server build-release/linli serve \
    --config "$work/linli.json" --port 0 --db "$work/bench.db" --insecure-dev
}
# The database after a million messages of the mix (BENCH_PRELOAD), built once and kept in
# build-release/bench-preloaded/ (delete it to build it again; its name changes with the mix and
# with the schema, v5: the requests of schema version 17).
preloaded="build-release/bench-preloaded/linli-$((${BENCH_PRELOAD:-1000000} / 1000))k-v5.db"
build_preloaded() {
  [ -f "$preloaded" ] && return
  mkdir -p "$(dirname "$preloaded")"
  echo "building $preloaded (${BENCH_PRELOAD:-1000000} messages of the mix, once)..."
  start_linli
  local sent=0 chunk=0
  while [ "$sent" -lt "${BENCH_PRELOAD:-1000000}" ]; do
    chunk=$((chunk + 1))
    n="$(BENCH_ID_OFFSET=$((900000000 + chunk * 10000000)) load_seconds=10 \
      load telegram "$connections" 0 |
      field requests)"
    sent=$((sent + n))
  done
  stop_server
  cp "$work/bench.db" "$preloaded"
  echo "$sent" >"$preloaded.messages"
  echo "  $sent messages, $(du -m "$preloaded" | cut -f1) MiB"
}
start_peer() {
  rm -f "$work"/peer.db*
  start_server node bench/peer/server.js "$work/peer.db" 0
}
# load PLATFORM CONNECTIONS DELAY_MS [CHATS]: one wrk run; prints its RESULT line.
load() {
  BENCH_PLATFORM="$1" BENCH_DELAY_MS="$3" BENCH_RUN_ID="r$RANDOM$RANDOM" \
    BENCH_ID_OFFSET="${BENCH_ID_OFFSET:-0}" \
    BENCH_CHATS="${4:-$chats}" \
    wrk -t1 -c"$2" -d"${load_seconds:-$seconds}s" -s bench/mix.lua "http://127.0.0.1:$port" |
    grep '^RESULT'
}

# Telegram answers in the webhook's response (platforms.telegram.answer = webhook), as the peer
# does (it answers nothing) and as a deployment without a bot token must: with the API route
# every reply is also an outbox row, and without a token those rows stay pending for ever.
cat >"$work/linli.json" <<JSON
{"server": {"io_threads": $io_threads}, "storage": {"synchronous": "full"}, "log_level": "warn",
 "platforms": {"telegram": {"answer": "webhook"}}}
JSON

# The size of a database with the schema only: what growth per message is measured from.
start_linli
stop_server
cat "$work"/bench.db* >"$work/empty.db"
echo "machine: $(nproc) cores; wrk 1 thread; ${seconds}s x $runs runs; $chats chats; full mix"
for platform in generic telegram; do
  : >"$work/max.txt"; : >"$work/ceiling.txt"; : >"$work/warm.txt"
  : >"$work/peer.txt"; : >"$work/peer_warm.txt"; : >"$work/preloaded.txt"; : >"$work/bytes.txt"
  [ "$platform" = telegram ] && build_preloaded
  for i in $(seq "$runs"); do
    start_linli
    load "$platform" "$connections" 0 | tee -a "$work/max.txt" | sed "s/^/$platform max run $i: /"
    if [ "$platform" = telegram ]; then
      BENCH_ID_OFFSET=500000000 load "$platform" "$connections" 0 | tee -a "$work/warm.txt" |
        sed "s/^/$platform warm run $i: /"
    fi
    stop_server
    if [ "$platform" = telegram ]; then
      # The database's growth per message: the file after both runs (closed, so checkpointed).
      stored=$(($(tail -1 "$work/max.txt" | field requests) + $(tail -1 "$work/warm.txt" |
        field requests)))
      bytes=$(($(cat "$work"/bench.db* | wc -c) - $(wc -c <"$work/empty.db")))
      awk -v b="$bytes" -v n="$stored" 'BEGIN {printf "%.0f\n", b / n}' >>"$work/bytes.txt"
      start_linli_on "$preloaded"
      BENCH_ID_OFFSET=700000000 load "$platform" "$connections" 0 |
        tee -a "$work/preloaded.txt" | sed "s/^/$platform after 1M run $i: /"
      stop_server
    fi
    if [ "$platform" = telegram ]; then
      start_peer
      load "$platform" "$connections" 0 | tee -a "$work/peer.txt" | sed "s/^/peer fresh run $i: /"
      BENCH_ID_OFFSET=500000000 load "$platform" "$connections" 0 |
        tee -a "$work/peer_warm.txt" |
        sed "s/^/peer warm run $i: /"
      stop_server
    fi
    start_server build-release/bench/linli_ceiling "$io_threads"
    load "$platform" "$connections" 0 | tee -a "$work/ceiling.txt" |
      sed "s/^/$platform ceiling run $i: /"
    stop_server
  done
  max="$(field rps <"$work/max.txt" | median)"
  ceiling="$(field rps <"$work/ceiling.txt" | median)"
  echo "== $platform: medians =="
  printf '  maximum durable messages/s : %s (p50 %s ms, p99 %s ms, p999 %s ms)\n' "$max" \
    "$(field p50_ms <"$work/max.txt" | median)" "$(field p99_ms <"$work/max.txt" | median)" \
    "$(field p999_ms <"$work/max.txt" | median)"
  printf '  ceiling requests/s         : %s; ratio %s (target >= 0.5)\n' "$ceiling" \
    "$(awk -v a="$max" -v b="$ceiling" 'BEGIN {printf "%.2f", a / b}')"
  if [ "$platform" = telegram ]; then
    warm="$(field rps <"$work/warm.txt" | median)"
    peer="$(field rps <"$work/peer.txt" | median)"
    peer_warm="$(field rps <"$work/peer_warm.txt" | median)"
    printf '  warm database messages/s   : %s; warm / fresh %s (target <= 1.3)\n' "$warm" \
      "$(awk -v a="$max" -v b="$warm" 'BEGIN {printf "%.2f", b / a}')"
    preloaded_rps="$(field rps <"$work/preloaded.txt" | median)"
    printf '  after %s stored messages : %s/s; warm / preloaded %s (target <= 1.2)\n' \
      "$(cat "$preloaded.messages")" "$preloaded_rps" \
      "$(awk -v a="$warm" -v b="$preloaded_rps" 'BEGIN {printf "%.2f", a / b}')"
    printf '  database growth            : %s bytes per message (target <= 250)\n' \
      "$(median <"$work/bytes.txt")"
    printf '  peer (grammY + better-sqlite3) messages/s: fresh %s, warm %s\n' "$peer" "$peer_warm"
    printf '  linli / peer               : fresh %s, warm %s (target >= 2 warm)\n' \
      "$(awk -v a="$max" -v b="$peer" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="$warm" -v b="$peer_warm" 'BEGIN {printf "%.2f", a / b}')"
  fi
  for share in 25 50 100; do
    rate="$(awk -v m="$max" -v s="$share" 'BEGIN {printf "%d", m * s / 100}')"
    paced=$(((rate * (pace_ms + 1) + 999) / 1000))
    start_linli
    result="$(load "$platform" "$paced" "$pace_ms")"
    stop_server
    printf '  at %3s%% (~%s/s offered)    : %s/s, p50 %s ms, p99 %s ms, p999 %s ms, errors %s\n' \
      "$share" "$rate" "$(echo "$result" | field rps)" "$(echo "$result" | field p50_ms)" \
      "$(echo "$result" | field p99_ms)" "$(echo "$result" | field p999_ms)" \
      "$(echo "$result" | field errors)"
  done
done

start_linli
load generic "$connections" 0 10000 >/dev/null
rss="$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status")"
stop_server
printf '== resident memory after a full-load run over 10,000 chats: %s MiB (target < 64) ==\n' "$rss"
