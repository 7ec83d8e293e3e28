# Shared by the benchmark scripts (sourced): a scratch directory cleaned up on exit, starting and
# stopping a server on a free port, and reading wrk's RESULT lines. Sets $work, $pid and $port;
# a script that runs wrk in the background sets $wrk_pid so that exit stops it too.

work="$(mktemp -d)"
pid=""
wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# start_server CMD...: starts it, waits for "listening on", sets $pid and $port.
start_server() {
  rm -f "$work/out"  # so the wait below cannot read the previous server's line
  "$@" >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 200); do grep -q '^listening on' "$work/out" 2>/dev/null && break; sleep 0.05; done
  port="$(sed -n 's/^listening on http:\/\/.*:\([0-9]*\)$/\1/p' "$work/out")"
  [ -n "$port" ] || { echo "server did not start:"; cat "$work/err"; exit 1; }
}
stop_server() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

# field NAME: the value of NAME=... in RESULT lines on standard input.
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
