#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and development: initdb + pg_ctl in a temporary
# directory, listening only on a Unix socket in that directory, trust authentication, no fsync.
#   eval "$(scripts/pg-cluster.sh start)"   starts one; prints the exports below
#   scripts/pg-cluster.sh stop [DIR]         stops it and removes DIR (default $LINLI_PG_CLUSTER)
#   scripts/pg-cluster.sh down DIR           stops the server only, keeping its data (an outage)
#   scripts/pg-cluster.sh up DIR             starts that server again
#   scripts/pg-cluster.sh restart DIR        pg_ctl restart: the two above in one
# Exports LINLI_PG_CLUSTER (the directory) and LINLI_TEST_PG_URL (a superuser's URL of the
# database "linli"). Run as root (CI), the server runs as the postgres user: initdb refuses root.
set -euo pipefail

bindir() {
  local dir
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || {
    echo "pg-cluster: no PostgreSQL server found (Debian: apt-get install postgresql)" >&2
    exit 1
  }
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts (or with "restart", restarts) the server of cluster directory $1. Durability is not what
# the tests check: fsync off keeps a run fast. LINLI_PG_OPTIONS adds server options, later ones
# winning (the benchmark's "-c fsync=on ...").
run_server() {
  as_owner "$(bindir)/pg_ctl" -D "$1/data" -l "$1/server.log" -m fast -w -t 60 \
    -o "-k $1 -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=300 \
${LINLI_PG_OPTIONS:-}" "${2:-start}" >/dev/null
}

start() {
  local bin dir
  bin=$(bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/linli-pg.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U linli --auth=trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  run_server "$dir" || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bin/createdb" -h "$dir" -U linli linli
  echo "export LINLI_PG_CLUSTER='$dir'"
  echo "export LINLI_TEST_PG_URL='postgresql://linli@/linli?host=$dir'"
}

stop() {
  local dir="${1:-${LINLI_PG_CLUSTER:-}}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || {
    echo "pg-cluster: no cluster directory given" >&2
    exit 1
  }
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

# An outage and the recovery from it: the server goes away with its clients' connections (fast
# shutdown: they are told) and comes back on the same socket with the same data.
down() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || {
    echo "pg-cluster: no cluster directory given" >&2
    exit 1
  }
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
}

up() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || {
    echo "pg-cluster: no cluster directory given" >&2
    exit 1
  }
  run_server "$dir"
}

restart() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || {
    echo "pg-cluster: no cluster directory given" >&2
    exit 1
  }
  run_server "$dir" restart
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  down) down "${2:-}" ;;
  up) up "${2:-}" ;;
  restart) restart "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [DIR] | down DIR | up DIR | restart DIR" >&2
    exit 2
    ;;
esac
