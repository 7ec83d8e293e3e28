#!/usr/bin/env bash
# Benchmark: linli on PostgreSQL next to linli on SQLite, in the same run, through POST
# /v1/webhook/generic (bench/generic.lua): durable messages/s of one instance on each; 1, 2 and 3
# instances on one PostgreSQL (one wrk per instance, as a load balancer would spread it; on this
# machine they share its cores with the server and the load generator); p50/p99 at a fixed
# BENCH_RATE messages/s per instance; and the database's cost per message from its own counters
# (pg_stat_statements, pg_stat_database
# transactions and rows; WAL bytes from pg_current_wal_lsn()). Statements are pg_stat_statements'
# calls; round trips are those less the SAVEPOINTs and RELEASE SAVEPOINTs, which linli sends with
# the statement that follows them (pipeline mode), or leaves to the COMMIT.
# Durable on both sides: SQLite synchronous=FULL, PostgreSQL fsync=on, synchronous_commit=on.
# Each figure is the median of BENCH_RUNS runs of BENCH_SECONDS each, every run on a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${BENCH_RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-64}"
chats="${BENCH_CHATS:-1000}"
rate="${BENCH_RATE:-1000}"  # messages/s per instance of the fixed-rate runs
rate_delay_ms=10
rate_connections=$((rate * (rate_delay_ms + 1) / 1000))
io_threads="${BENCH_IO_THREADS:-2}"

scripts/install-deps.sh wrk
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLINLI_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target linli >/dev/null

# shellcheck source=bench/common.sh
source bench/common.sh

cluster=""
pids=()
ports=()
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  pids=()
  ports=()
}
finish() {
  stop_all
  [ -n "$cluster" ] && scripts/pg-cluster.sh stop "$cluster"
  cleanup
}
trap finish EXIT

eval "$(LINLI_PG_OPTIONS="-c fsync=on -c full_page_writes=on -c synchronous_commit=on \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" \
  scripts/pg-cluster.sh start)"
cluster="$LINLI_PG_CLUSTER"
pg_url="$LINLI_TEST_PG_URL"
admin_url="postgresql://linli@/postgres?host=$cluster"
sql() { psql "$pg_url" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

cat >"$work/linli.json" <<JSON
{"server": {"io_threads": $io_threads}, "storage": {"synchronous": "full"}, "log_level": "warn"}
JSON

# start_instances DB N: N instances on DB, each on a free port (--insecure-dev: see run.sh).
start_instances() {
  local i
  for i in $(seq "$2"); do
    build-release/linli serve --config "$work/linli.json" --port 0 --db "$1" --insecure-dev \
      >"$work/out$i" 2>"$work/err$i" &
    pids+=($!)
    for _ in $(seq 600); do grep -q "^listening on" "$work/out$i" 2>/dev/null && break; sleep 0.05; done
    ports+=("$(sed -n 's/^listening on http:\/\/.*:\([0-9]*\)$/\1/p' "$work/out$i")")
    [ -n "${ports[-1]}" ] || { echo "linli did not start:"; cat "$work/out$i" "$work/err$i"; exit 1; }
  done
}

fresh_pg() {
  psql "$admin_url" -qAtX -c "DROP DATABASE IF EXISTS linli WITH (FORCE)" -c "CREATE DATABASE linli"
  sql "CREATE EXTENSION pg_stat_statements"
}

# load CONNECTIONS DELAY_MS: one wrk per running instance at once, CONNECTIONS each; prints one
# RESULT line: the sum of their rates, the worst of their p50 and p99, the sum of errors.
load() {
  local i wrks=()
  for i in "${!ports[@]}"; do
    BENCH_DELAY_MS="$2" BENCH_RUN_ID="r$RANDOM$RANDOM" BENCH_CHATS="$chats" \
      wrk -t1 -c"$1" -d"${seconds}s" -s bench/generic.lua "http://127.0.0.1:${ports[$i]}" \
      >"$work/wrk$i" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  cat "$work"/wrk[0-9]* | grep '^RESULT' | awk '
    { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      rps += v["rps"]; errors += v["errors"]
      if (v["p50_ms"] > p50) p50 = v["p50_ms"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"] }
    END { printf "RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n", rps, p50, p99, errors }'
  rm -f "$work"/wrk[0-9]*
}

stored() {  # messages stored by the running instances, from their /metrics
  local total=0 p n
  for p in "${ports[@]}"; do
    n="$(curl -fsS "http://127.0.0.1:$p/metrics" | sed -n 's/^linli_messages_stored_total \([0-9]*\)$/\1/p')"
    total=$((total + n))
  done
  echo "$total"
}

counters() {  # statements, round trips, transactions, rows written, WAL bytes so far
  sql "SELECT (SELECT sum(calls) FROM pg_stat_statements),
              (SELECT sum(calls) FILTER (WHERE query NOT LIKE 'RELEASE SAVEPOINT%'
                AND query NOT LIKE 'SAVEPOINT%') FROM pg_stat_statements),
              xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted,
              pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')
       FROM pg_stat_database WHERE datname = current_database()" | tr '|' ' '
}

echo "machine: $(nproc) cores; wrk 1 thread per instance, $connections connections per" \
  "instance, ${seconds}s x $runs runs, $chats chats; fixed rate $rate messages/s per instance"
for i in $(seq "$runs"); do
  rm -f "$work"/bench.db*
  start_instances "$work/bench.db" 1
  load "$connections" 0 | tee -a "$work/sqlite.txt" | sed "s/^/sqlite 1 instance run $i: /"
  stop_all
  for n in 1 2 3; do
    fresh_pg
    start_instances "$pg_url" "$n"
    before="$(counters)"
    stored_before="$(stored)"
    load "$connections" 0 | tee -a "$work/pg$n.txt" | sed "s/^/postgres $n instance(s) run $i: /"
    sleep 1  # the server's statistics are flushed about every second
    echo "$before $(counters) $stored_before $(stored)" >>"$work/cost$n.txt"
    load "$rate_connections" "$rate_delay_ms" | tee -a "$work/rate$n.txt" |
      sed "s/^/postgres $n instance(s) at $rate\/s each, run $i: /"
    stop_all
  done
  rm -f "$work"/bench.db*
  start_instances "$work/bench.db" 1
  load "$rate_connections" "$rate_delay_ms" | tee -a "$work/sqlite_rate.txt" |
    sed "s/^/sqlite 1 instance at $rate\/s, run $i: /"
  stop_all
done

sqlite_rps="$(field rps <"$work/sqlite.txt" | median)"
pg1_rps="$(field rps <"$work/pg1.txt" | median)"
echo
echo "== medians over $runs runs =="
printf 'sqlite, 1 instance       : %s messages/s, p50 %s ms, p99 %s ms (at full load)\n' "$sqlite_rps" \
  "$(field p50_ms <"$work/sqlite.txt" | median)" "$(field p99_ms <"$work/sqlite.txt" | median)"
for n in 1 2 3; do
  printf 'postgres, %s instance(s)  : %s messages/s, p50 %s ms, p99 %s ms (at full load)\n' "$n" \
    "$(field rps <"$work/pg$n.txt" | median)" "$(field p50_ms <"$work/pg$n.txt" | median)" \
    "$(field p99_ms <"$work/pg$n.txt" | median)"
done
printf 'ratio postgres / sqlite  : %s (1 instance each; goal >= 0.5)\n' \
  "$(awk -v a="$pg1_rps" -v b="$sqlite_rps" 'BEGIN {printf "%.2f", a / b}')"
printf 'sqlite 1 x %s/s          : %s messages/s, p50 %s ms, p99 %s ms\n' "$rate" \
  "$(field rps <"$work/sqlite_rate.txt" | median)" \
  "$(field p50_ms <"$work/sqlite_rate.txt" | median)" "$(field p99_ms <"$work/sqlite_rate.txt" | median)"
for n in 1 2 3; do
  printf 'postgres %s x %s/s        : %s messages/s, p50 %s ms, p99 %s ms (goal p99 < 20)\n' "$n" "$rate" \
    "$(field rps <"$work/rate$n.txt" | median)" "$(field p50_ms <"$work/rate$n.txt" | median)" \
    "$(field p99_ms <"$work/rate$n.txt" | median)"
done
echo
echo "== PostgreSQL's cost per stored message (full-load runs; medians) =="
for n in 1 2 3; do
  awk '{ m = $12 - $11; if (m <= 0) next
      printf "%.2f %.2f %.3f %.2f %.0f\n", ($6 - $1) / m, ($7 - $2) / m, ($8 - $3) / m,
        ($9 - $4) / m, ($10 - $5) / m }' "$work/cost$n.txt" >"$work/per$n.txt"
  printf '%s instance(s): statements %s, round trips %s, transactions %s, rows written %s, WAL bytes %s\n' \
    "$n" "$(cut -d' ' -f1 "$work/per$n.txt" | median)" "$(cut -d' ' -f2 "$work/per$n.txt" | median)" \
    "$(cut -d' ' -f3 "$work/per$n.txt" | median)" "$(cut -d' ' -f4 "$work/per$n.txt" | median)" \
    "$(cut -d' ' -f5 "$work/per$n.txt" | median)"
done
printf 'errors (all runs)        : %s\n' \
  "$(cat "$work"/sqlite*.txt "$work"/pg*.txt "$work"/rate*.txt | field errors | awk '{s+=$1} END {print s+0}')"
