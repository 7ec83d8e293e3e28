#!/usr/bin/env bash
# Benchmark: what N dashboards left open on Server-Sent Events (bench/sse_clients.py, 200 by
# default) cost linli: resident memory with them connected against without, and the webhook's
# p99 at a fixed rate with them against without (a run before and one after), in the same run on
# the same server (the dashboards watch chats the load writes to, so every stored message of theirs
# is an event to deliver).
# Medians of BENCH_RUNS runs. Targets (issue 17): < 20 MiB for 200, p99 slowed <= 10 %.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${BENCH_RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
dashboards="${BENCH_DASHBOARDS:-200}"
rate="${BENCH_RATE:-2000}"          # messages/s offered by the fixed-rate runs
chats="${BENCH_CHATS:-1000}"
rate_delay_ms=10
rate_connections=$((rate * (rate_delay_ms + 1) / 1000))

scripts/install-deps.sh wrk
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j2 --target linli >/dev/null

# shellcheck source=bench/common.sh
source bench/common.sh
sse_pid=""
trap 'cleanup; [ -n "$sse_pid" ] && kill "$sse_pid" 2>/dev/null' EXIT

rss_mib() { awk '/VmRSS/ {printf "%.2f\n", $2 / 1024}' "/proc/$pid/status"; }
load() {
  BENCH_DELAY_MS="$rate_delay_ms" BENCH_RUN_ID="r$RANDOM$RANDOM" BENCH_CHATS="$chats" \
    wrk -t1 -c"$rate_connections" -d"${seconds}s" -s bench/generic.lua "http://127.0.0.1:$port" |
    grep '^RESULT'
}

echo '{"log_level": "warn"}' >"$work/linli.json"
scope=()
for i in $(seq 0 $((dashboards - 1))); do scope+=(--chat "chat-$i"); done
echo "machine: $(nproc) cores; $dashboards dashboards on SSE, wrk fixed rate ~$rate msg/s over" \
  "$chats chats, ${seconds}s x $runs runs"
: >"$work/base.txt"; : >"$work/sse.txt"; : >"$work/mem.txt"; : >"$work/mem_after.txt"
for r in $(seq "$runs"); do
  rm -f "$work"/bench.db*
  echo "bench password" | build-release/linli user add bench "${scope[@]}" --db "$work/bench.db" \
    >/dev/null
  start_server build-release/linli serve --config "$work/linli.json" --port 0 \
    --db "$work/bench.db" --insecure-dev
  load >/dev/null  # warm-up: caches, the pool, every chat's first message
  load | tee -a "$work/base.txt" | sed "s/^/run $r without dashboards: /"
  # The login first: its Argon2id hash takes 19 MiB once, which is the login's, not the streams'.
  cookie="$(curl -si -d 'name=bench&password=bench password' "http://127.0.0.1:$port/dash/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')"
  [ -n "$cookie" ] || { echo "login failed"; exit 1; }
  sleep 1
  before="$(rss_mib)"
  python3 bench/sse_clients.py "$port" "$dashboards" "$cookie" >"$work/sse.out" &
  sse_pid=$!
  for _ in $(seq 200); do grep -q '^connected' "$work/sse.out" 2>/dev/null && break; sleep 0.05; done
  grep -q '^connected' "$work/sse.out" || { echo "dashboards did not connect"; cat "$work/sse.out"; exit 1; }
  sleep 1
  with="$(rss_mib)"
  load | tee -a "$work/sse.txt" | sed "s/^/run $r with $dashboards dashboards: /"
  after="$(rss_mib)"
  kill -TERM "$sse_pid"; wait "$sse_pid" || true; sse_pid=""
  echo "run $r: RSS ${before} MiB before, ${with} MiB with $dashboards dashboards idle," \
    "${after} MiB after the load; $(sed -n 's/^events //p' "$work/sse.out") events delivered"
  # Again without them, so neither side of the comparison is always the warmer one.
  load | tee -a "$work/base.txt" | sed "s/^/run $r without dashboards again: /"
  awk -v a="$before" -v b="$with" 'BEGIN {printf "%.2f\n", b - a}' >>"$work/mem.txt"
  awk -v a="$before" -v b="$after" 'BEGIN {printf "%.2f\n", b - a}' >>"$work/mem_after.txt"
  stop_server
done

base_p99="$(field p99_ms <"$work/base.txt" | median)"
sse_p99="$(field p99_ms <"$work/sse.txt" | median)"
echo
echo "== medians over $runs runs =="
printf 'memory of %s dashboards : %s MiB connected and idle; %s MiB after a load run with them' \
  "$dashboards" "$(median <"$work/mem.txt")" "$(median <"$work/mem_after.txt")"
printf ' (their events kept for resume, and what the load itself grew; target < 20)\n'
printf 'webhook p99 without / with: %s / %s ms, ratio %s (target <= 1.10)\n' "$base_p99" "$sse_p99" \
  "$(awk -v a="$sse_p99" -v b="$base_p99" 'BEGIN {printf "%.3f", a / b}')"
printf 'messages/s without / with : %s / %s\n' "$(field rps <"$work/base.txt" | median)" \
  "$(field rps <"$work/sse.txt" | median)"
printf 'errors (all runs)         : %s\n' \
  "$(cat "$work/base.txt" "$work/sse.txt" | field errors | awk '{s+=$1} END {print s+0}')"
