#!/usr/bin/env bash
# Serves QLS on one machine: the web server and a Huey consumer side by side,
# so imports run as background jobs and their pages show progress.
#
# Each runs in its own process group. Ctrl-C or TERM stops both (the web
# server's autoreloader and the consumer's workers with them); if either
# stops on its own, the other is stopped too and its exit status is returned.
#   HOST, PORT     where to serve (127.0.0.1:8000)
#   HUEY_WORKERS   consumer threads (2)
set -uo pipefail
cd "$(dirname "$0")/.."
py=${PY:-.venv/bin/python}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
workers=${HUEY_WORKERS:-2}

pids=()
stop() {
  trap - INT TERM EXIT
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  # Give them ten seconds to finish, then stop whatever is left.
  for _ in $(seq 20); do
    local alive=0
    for pid in "${pids[@]}"; do
      kill -0 -- "-$pid" 2>/dev/null && alive=1
    done
    [ "$alive" -eq 0 ] && return 0
    sleep 0.5
  done
  for pid in "${pids[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null
  done
  return 0
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# Job control gives each background command a process group of its own, so
# one signal reaches every process it starts.
set -m
"$py" manage.py run_huey --workers "$workers" </dev/null &
pids+=($!)
"$py" manage.py runserver "$host:$port" </dev/null &
pids+=($!)
set +m

echo "QLS: web server on http://$host:$port/ (pid ${pids[1]}), job consumer (pid ${pids[0]}); Ctrl-C stops both"
# Wait for either to stop. A short sleep in the background, rather than one
# long `wait -n`, lets a Ctrl-C that lands just as the wait begins still run
# its trap within half a second (bash can miss a signal at that instant).
status=0
while :; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"
      status=$?
      break 2
    fi
  done
  sleep 0.5 &
  wait $!
done
echo "QLS: a process stopped (exit status $status); stopping the other" >&2
exit "$status"
