#!/usr/bin/env bash
# Benchmark: durable messages/s and latency through POST /v1/webhook/generic, against the ceiling
# of a bare server (same HTTP code, JSON parse only) measured in the same run; then the
# micro-benchmarks of linli's own work (the writer alone, chain merging).
# Each figure is the median of BENCH_RUNS runs of BENCH_SECONDS each; linli gets a fresh database
# (synchronous=FULL, the production default) for every run.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${BENCH_RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-64}"
rate="${BENCH_RATE:-5000}"          # messages/s of the fixed-rate latency run
chats="${BENCH_CHATS:-1000}"        # distinct chats the messages are spread over
# Each paced connection sends one message per (delay + ~1 ms round trip).
rate_delay_ms=10
rate_connections=$((rate * (rate_delay_ms + 1) / 1000))
io_threads="${BENCH_IO_THREADS:-2}"

scripts/install-deps.sh wrk
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli linli_ceiling linli_micro \
  linli_understanding >/dev/null

# shellcheck source=bench/common.sh
source bench/common.sh

# load CONNECTIONS DELAY_MS: one wrk run against $port; prints its RESULT line.
load() {
  BENCH_DELAY_MS="$2" BENCH_RUN_ID="r$RANDOM$RANDOM" BENCH_CHATS="$chats" \
    wrk -t1 -c"$1" -d"${seconds}s" -s bench/generic.lua "http://127.0.0.1:$port" | grep '^RESULT'
}

cat >"$work/linli.json" <<JSON
{"server": {"io_threads": $io_threads}, "storage": {"synchronous": "full"}, "log_level": "warn"}
JSON

start_linli() {
  rm -f "$work"/bench.db*
  # --insecure-dev: wrk's Lua cannot sign each generic body (HMAC-SHA256) without costing the load
  # generator more than linli spends on the message; the secret check it skips is ~1 us a message.
  start_server build-release/linli serve --config "$work/linli.json" --port 0 --db "$work/bench.db" \
    --insecure-dev
}

echo "machine: $(nproc) cores; wrk 1 thread, $connections connections, ${seconds}s x $runs runs," \
  "$chats chats"
: >"$work/linli.txt"; : >"$work/ceiling.txt"; : >"$work/rate.txt"
for i in $(seq "$runs"); do
  start_linli
  load "$connections" 0 | tee -a "$work/linli.txt" | sed "s/^/linli   run $i: /"
  awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status" >>"$work/rss.txt"
  stop_server
  start_server build-release/bench/linli_ceiling "$io_threads"
  load "$connections" 0 | tee -a "$work/ceiling.txt" | sed "s/^/ceiling run $i: /"
  stop_server
  start_linli
  load "$rate_connections" "$rate_delay_ms" | tee -a "$work/rate.txt" |
    sed "s/^/fixed-rate run $i: /"
  stop_server
done

linli_rps="$(field rps <"$work/linli.txt" | median)"
ceiling_rps="$(field rps <"$work/ceiling.txt" | median)"
echo
echo "== medians over $runs runs =="
printf 'linli durable messages/s : %s (target >= 20000)\n' "$linli_rps"
printf 'linli p50 / p99 ms       : %s / %s (at full load)\n' \
  "$(field p50_ms <"$work/linli.txt" | median)" "$(field p99_ms <"$work/linli.txt" | median)"
printf 'ceiling requests/s       : %s\n' "$ceiling_rps"
printf 'ratio linli / ceiling    : %s of medians; %s median of per-run ratios (target >= 0.5)\n' \
  "$(awk -v a="$linli_rps" -v b="$ceiling_rps" 'BEGIN {printf "%.2f", a / b}')" \
  "$(paste <(field rps <"$work/linli.txt") <(field rps <"$work/ceiling.txt") |
    awk '{printf "%.3f\n", $1 / $2}' | median)"
printf 'fixed rate               : %s messages/s offered ~%s, p50 %s ms, p99 %s ms (target p99 < 10)\n' \
  "$(field rps <"$work/rate.txt" | median)" "$rate" \
  "$(field p50_ms <"$work/rate.txt" | median)" "$(field p99_ms <"$work/rate.txt" | median)"
printf 'linli resident memory    : %s MiB after a full-load run over %s chats\n' \
  "$(median <"$work/rss.txt")" "$chats"
printf 'errors (all runs)        : %s\n' \
  "$(cat "$work"/*.txt | field errors | awk '{s+=$1} END {print s+0}')"

echo
echo "== linli's own work, without HTTP (bench/micro.cpp; medians) =="
build-release/bench/linli_micro
echo "targets: merging one copy into a 500-entry chain < 1 ms (chain/parse+merge);" \
  "parsing a request line < 20 us; the daily report of 5,000 requests < 50 ms"

echo
echo "== understanding: the labelled corpus, dev and held-out (bench/understanding.cpp) =="
echo "targets on held-out: precision >= 95%, recall >= 90%, needs fully right >= 85%, chains exact >= 95%"
build-release/bench/linli_understanding tests/corpus
