#!/usr/bin/env bash
# Proves the README's first command on this checkout: `make demo` builds the
# demo trust and serves the sign-in page, with the job consumer beside the web
# server. Stops everything it started, and fails on a timeout, a wrong page, a
# missing consumer or a process left running.
#   DEMO_TIMEOUT   seconds to wait for the sign-in page (900)
#   PORT           where the demo serves (8000)
set -euo pipefail
cd "$(dirname "$0")/.."
timeout=${DEMO_TIMEOUT:-900}
port=${PORT:-8000}
url="http://127.0.0.1:$port/accounts/login/"
log=$(mktemp /tmp/qls-demo.XXXXXX)
page=$(mktemp /tmp/qls-login.XXXXXX)

if curl -s -o /dev/null --max-time 5 "$url"; then
  echo "Something already answers on port $port; stop it or set PORT" >&2
  exit 1
fi

started=$(date +%s)
# A session of its own: every process `make demo` starts can be found and
# stopped by its session id, whatever process group it moves to. A script's
# background command ignores Ctrl-C (SIGINT); env gives make the default back,
# so the stop below is the one a person at the terminal makes.
setsid env --default-signal=INT make demo PORT="$port" >"$log" 2>&1 </dev/null &
sid=$!

processes() { ps -o pid=,args= -s "$sid" 2>/dev/null || true; }

fail() {
  echo "make demo check FAILED: $*" >&2
  echo "--- last lines of the make demo output ($log) ---" >&2
  tail -n 40 "$log" >&2
  kill -TERM -- "-$sid" 2>/dev/null || true
  sleep 5
  for pid in $(ps -o pid= -s "$sid" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  exit 1
}

if [ "$(ps -o sid= -p "$sid" | tr -d ' ')" != "$sid" ]; then
  fail "make demo did not start in a session of its own"
fi

status=""
while :; do
  elapsed=$(($(date +%s) - started))
  if ! kill -0 "$sid" 2>/dev/null; then
    fail "make demo exited after ${elapsed}s before serving the sign-in page"
  fi
  if [ "$elapsed" -ge "$timeout" ]; then
    fail "no sign-in page at $url after ${timeout}s"
  fi
  status=$(curl -s -o "$page" -w '%{http_code}' --max-time 30 "$url" || true)
  [ "$status" = 200 ] && break
  sleep 5
done
echo "make demo served the sign-in page after ${elapsed}s"
grep -E "built in|already built" "$log" | sed 's/^/  demo: /' || true

grep -q '<form method="post"' "$page" || fail "the sign-in page has no form"
grep -q 'name="username"' "$page" || fail "the sign-in form has no user name field"
grep -q 'name="password"' "$page" || fail "the sign-in form has no password field"
processes | grep -q "manage.py run_huey" || fail "no job consumer (manage.py run_huey) is running"
processes | grep -q "manage.py runserver" || fail "no web server (manage.py runserver) is running"
echo "sign-in page: HTTP 200 with its form; web server and job consumer running"

# Stop make demo as Ctrl-C would: the serve script stops both servers.
kill -INT -- "-$sid" 2>/dev/null || true
for _ in $(seq 60); do
  [ -z "$(processes)" ] && break
  sleep 0.5
done
left=$(processes)
if [ -n "$left" ]; then
  echo "$left" >&2
  fail "processes still running 30s after Ctrl-C"
fi
rm -f "$log" "$page"
echo "make demo stopped cleanly; total $(($(date +%s) - started))s"
