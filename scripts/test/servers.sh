# Sourced by scripts/test.sh: the reference server (a fresh in-memory database each time, the
# default lifetimes; with `--test-clock` a case moves its time by `POST /api/dev/clock` instead
# of waiting) and the misbehaving fixture server (tests/fixtures/misbehaving_server.py) for the
# wasm suites, on free loopback ports. The Rust suites read the URLs at build time (env!).
servers=()
stop_servers() {
  [ ${#servers[@]} -eq 0 ] || kill "${servers[@]}" 2>/dev/null || true
  servers=()
}
trap stop_servers EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export MFA_SERVER_URL="http://127.0.0.1:$(free_port)" MFA_FIXTURE_URL="http://127.0.0.1:$(free_port)"
export MFA_UI_SERVER_URL=$MFA_SERVER_URL
# wasm-bindgen-test's 20 s default covers a whole target (all its cases, in a browser too).
export WASM_BINDGEN_TEST_TIMEOUT=120
start_servers() {
  stop_servers
  target/debug/mfa-server --dev --listen "${MFA_SERVER_URL#http://}" --db :memory: --ip-failure-limit 1000 --test-clock >/dev/null 2>&1 &
  servers+=($!)
  python3 tests/fixtures/misbehaving_server.py "${MFA_FIXTURE_URL##*:}" &
  servers+=($!)
  python3 - "$MFA_SERVER_URL/api/health" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("the reference server did not start")
PY
}
# One test target at a time, each against a fresh server: in a browser every client shares the
# cookie jar of 127.0.0.1, and the suites enrol the same demo accounts.
wasm_suite() (
  trap stop_servers EXIT
  local runtime=$1
  shift
  for target in "$@"; do
    start_servers || exit 1
    wasm-pack test $runtime --features client,ui --test "$target" || exit 1
  done
)
