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
trap 'rm -f "$log"' EXIT

step() {
  local name=$1
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee -a "$log"
}

step "format" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy -p mfa-wasm --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "native tests: core, oracles (pyotp, librsvg+ZBar), server" cargo test --workspace
step "wasm suite in Node" wasm-pack test --node
step "wasm suite in headless Chrome" wasm-pack test --headless --chrome
step "wasm suite in headless Firefox" wasm-pack test --headless --firefox
step "build the package" scripts/build.sh
step "declarations have no any" bash -c '! grep -nwE "any" pkg/mfa_wasm.d.ts | grep -vE "^\s*[0-9]+:\s*\*"'
step "TypeScript --strict use of the whole API" tsc -p tests/package/tsconfig.json
step "the built package in Node 20 (ESM)" node --test tests/package/
step "size budget (60 KB gzip)" scripts/size.sh --budget 61440
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
