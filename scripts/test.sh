#!/usr/bin/env bash
# The project's test command: installs what is missing (scripts/setup.sh), then runs every test
# in native Rust, Node, headless Chrome and headless Firefox, builds the package and checks it.
# Ends with one line "N passed, N failed" summing every test runner's counts.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/setup.sh test
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
log=$(mktemp)
servers=()
stop_servers() {
  [ ${#servers[@]} -eq 0 ] || kill "${servers[@]}" 2>/dev/null || true
  servers=()
}
trap 'stop_servers; rm -f "$log"' EXIT

step() {
  local name=$1
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee -a "$log"
}

step "format" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --all-features --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy -p mfa-wasm --target wasm32-unknown-unknown --all-targets --features client,ui --quiet -- -D warnings
step "native tests: core, oracles (pyotp, librsvg+ZBar), server" cargo test --workspace

# The wasm suites talk to the reference server (restarted with a fresh in-memory database for
# each runtime) and, for transport failures, to tests/fixtures/misbehaving_server.py. Loopback
# only; the URLs are compiled into the tests (option_env!).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export MFA_SERVER_URL="http://127.0.0.1:$(free_port)" MFA_FIXTURE_URL="http://127.0.0.1:$(free_port)"
start_servers() {
  stop_servers
  target/debug/mfa-server --dev --listen "${MFA_SERVER_URL#http://}" --db :memory: --ip-failure-limit 1000 --pending-ttl-seconds 4 >/dev/null 2>&1 &
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
    start_servers
    wasm-pack test $runtime --features client,ui --test "$target"
  done
)
export MFA_UI_SERVER_URL=$MFA_SERVER_URL
cargo build -p mfa-server --quiet
step "wasm suites in Node" wasm_suite --node node client_node
step "wasm suites in headless Chrome" wasm_suite "--headless --chrome" browser client_browser ui_browser
step "wasm suites in headless Firefox" wasm_suite "--headless --firefox" browser client_browser ui_browser
step "build the package" scripts/build.sh
step "declarations have no any" bash -c '! grep -nwE "any" pkg/mfa_wasm.d.ts pkg/core/mfa_wasm.d.ts | grep -vE "^[^:]+:[0-9]+:\s*\*"'
step "TypeScript --strict use of the whole API" tsc -p tests/package/tsconfig.json
step "the built package in Node 20 (ESM)" node --test tests/package/
step "npm consumers: Vite 7, webpack 5, Node ESM, TypeScript --strict" node --test tests/consumers/
step "build the demo (www/) from the package" scripts/build-www.sh
step "end to end: the whole scenario in Chromium (axe, screenshots, no leaks)" node --test tests/e2e/
# Budgets (gzip -9, JS + wasm), the performance issue's: mfa-wasm/core at most 30 KB, and each
# entry point at most 1 KB above the figure recorded in bench/RESULTS.md (bench/run.sh).
step "size budgets" scripts/size.sh --budget
step "fuzz every parser briefly" scripts/fuzz.sh 10
if [ -x server/scripts/schemathesis.sh ]; then
  step "OpenAPI contract: schemathesis against the reference server" server/scripts/schemathesis.sh
fi

# Sum what the runners reported: cargo/wasm-bindgen-test ("test result: ok. N passed; M failed")
# and node --test ("# pass N" / "# fail M").
count() { grep -hoE "$1" "$log" | grep -oE "$2" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(count '(test result: [a-zA-Z]+\. [0-9]+ passed|^# pass [0-9]+)' '[0-9]+( passed)?$')
failed=$(count '(test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed|^# fail [0-9]+)' '[0-9]+( failed)?$')
echo
echo "${passed:-0} passed, ${failed:-0} failed"
