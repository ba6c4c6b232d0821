#!/usr/bin/env bash
# Contract test of the reference server: schemathesis (PyPI) generates requests from
# api/openapi.json (valid and invalid ones) against a development server on a temporary
# database and fails on any 5xx answer (`--checks not_a_server_error`) or if the server dies.
# Bounded in time: SCHEMATHESIS_MAX_TIME (default 60) + 20 seconds of fuzzing, each run hard-stopped
# at 120 s.
#
# On PostgreSQL: MFA_CONTRACT_DB=postgres://... (an empty database; scripts/test.sh's contract
# level runs it on a private cluster from scripts/test/postgres.sh).
#
# Usage: bash server/scripts/schemathesis.sh   (from anywhere; exits non-zero on failure, also
#        when a run tested no operation, fewer than it selected, or no test case, and when the
#        signed-in session did not last the run)
# Needs: cargo, python3 with pip, curl. Installs schemathesis==$SCHEMATHESIS_VERSION if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-60}"
say() { printf '\033[1m[schemathesis]\033[0m %s\n' "$*"; }

# --- schemathesis, pinned, installed only when missing or another version ---------------------
have=$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)
if [ "$have" != "$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (found: ${have:-none})"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
# The console script pip installed next to this python3 (pyenv shims or venvs may hide it).
st="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis"
[ -x "$st" ] || st=$(command -v schemathesis || true)
[ -n "$st" ] && [ -x "$st" ] || { say "schemathesis $SCHEMATHESIS_VERSION is installed but its command is not found"; exit 1; }

# --- the server: development mode, temporary database, loopback, ephemeral port ---------------
# The executable cargo built, wherever the target directory is configured to be.
bin=$(cargo build --quiet -p mfa-server --bin mfa-server --message-format=json |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')
[ -x "$bin" ] || { say "cargo built no mfa-server executable"; exit 1; }
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# PostgreSQL takes the shared key from the environment (a fresh one per run; docs/postgres.md).
case "${MFA_CONTRACT_DB:-}" in
  postgres://* | postgresql://*) MFA_SERVER_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))'); export MFA_SERVER_KEY ;;
esac
MFA_SERVER_LOG=warn "$bin" --dev --db "${MFA_CONTRACT_DB:-$tmp/mfa.db}" --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(sed -n '1s/^mfa-server listening on //p' "$tmp/server.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; say "the server failed to start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { say "the server did not report its address"; exit 1; }
say "server at $url"

# A signed-in session (erin: no 2FA required), so authenticated operations are reached too.
cookie=$(python3 - "$url" <<'PY'
import json, sys, time, urllib.request
url = sys.argv[1]
for _ in range(100):
    try:
        urllib.request.urlopen(url + "/api/health", timeout=2)
        break
    except Exception:
        time.sleep(0.1)
req = urllib.request.Request(url + "/api/login", method="POST",
    data=json.dumps({"email": "erin@initech.test", "password": "correct-horse-battery"}).encode(),
    headers={"Content-Type": "application/json", "X-MFA-CSRF": "1"})
with urllib.request.urlopen(req, timeout=10) as r:
    print(r.headers["Set-Cookie"].split(";")[0])
PY
)

# Runs schemathesis (its output kept in $tmp/$1.log), then checks it tested every operation it
# selected and generated test cases: a run that tested nothing fails (no step passes empty).
run() {
  local name=$1 code=0
  shift
  timeout --signal=INT 120 "$st" run api/openapi.json --url "$url" \
    --checks not_a_server_error --phases examples,coverage,fuzzing \
    --header "X-MFA-CSRF: 1" --seed 6238 --workers 2 --request-timeout 20 --no-color "$@" \
    2>&1 | tee "$tmp/$name.log" || code=$?
  local selected tested cases
  selected=$(sed -nE 's/^ *Selected: ([0-9]+)\/[0-9]+.*/\1/p' "$tmp/$name.log" | tail -n 1)
  tested=$(sed -nE 's/^ *Tested: ([0-9]+).*/\1/p' "$tmp/$name.log" | tail -n 1)
  cases=$(sed -nE 's/^ *([0-9]+) generated.*/\1/p' "$tmp/$name.log" | tail -n 1)
  say "$name: ${tested:-0} of ${selected:-0} operations tested, ${cases:-0} test cases"
  if [ "${tested:-0}" -eq 0 ] || [ "${tested:-0}" -ne "${selected:-0}" ] || [ "${cases:-0}" -eq 0 ]; then
    say "$name: schemathesis did not test what it selected"
    code=1
  fi
  return "$code"
}

status=0
# With erin's session: everything but login and logout (both end the session they are sent with).
run session --max-time "$MAX_TIME" --header "Cookie: $cookie" --exclude-operation-id-regex '^(login|logout)$' || status=$?
# The session must have lasted the whole run, or the authenticated operations were only ever
# answered `unauthorized`.
alive=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/api/status" || true)
if [ "$alive" != 200 ]; then
  say "erin's session ended during the run (status answered $alive): authenticated operations went untested"
  status=1
fi
# Without a session: login and logout.
run no-session --max-time 20 --include-operation-id-regex '^(login|logout)$' || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
  say "the server died during the run"
  cat "$tmp/server.err" >&2
  exit 1
fi
if grep -q 'panicked' "$tmp/server.err"; then
  say "the server panicked"
  cat "$tmp/server.err" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  # What the server said about it (warnings and errors; secrets never reach its log).
  say "the server's log, last 40 lines:"
  tail -n 40 "$tmp/server.err" >&2
  say "schemathesis failed (exit $status)"
else
  say "no 5xx answers"
fi
exit "$status"
