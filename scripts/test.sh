#!/usr/bin/env bash
# The project's test command. Installs what is missing (scripts/setup.sh), then runs the levels:
#
#   scripts/test.sh            every level, in this order
#   scripts/test.sh LEVEL...   only those: lint native postgres package wasm wasm-dev consumers e2e fuzz contract
#
# Honest by construction: a step fails when its command fails, when its runner reports a failure,
# or when it ran no test at all; skips are counted and shown. Every step's output is kept in
# test-results/logs/; a failed step is named at the end with its log. The last line is
# "N passed, N failed, N skipped" over every runner's own counts.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
all_levels=(lint native postgres package wasm wasm-dev consumers e2e fuzz contract)
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=("${all_levels[@]}")
for l in "${levels[@]}"; do
  [[ " ${all_levels[*]} " == *" $l "* ]] || { echo "unknown level: $l (levels: ${all_levels[*]})" >&2; exit 2; }
done
wants() { [[ " ${levels[*]} " == *" $1 "* ]]; }

scripts/setup.sh test || { echo "setup failed" >&2; exit 1; }
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
logs=$root/test-results/logs
rm -rf "$logs" && mkdir -p "$logs"
. scripts/test/lib.sh
# No incremental caches: a test run builds each crate once per feature set, and the caches only
# cost disk (set CARGO_INCREMENTAL=1 to keep them while iterating).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# A clean run of every level took 7.8 GB in a fresh clone (target/, fuzz/target, node_modules).
disk_line
[ "$(free_gb "$root")" -ge 10 ] || echo "warning: less than 10 GB free; a clean run of every level may fill the disk" >&2

# --- lint ------------------------------------------------------------------------------------
if wants lint; then
  step check "format" cargo fmt --all --check
  step check "clippy (native)" cargo clippy --workspace --all-targets --all-features --quiet -- -D warnings
  # The Rust wasm suites compile their servers' URLs in (env!); any URL will do for linting.
  step check "clippy (wasm32)" env MFA_SERVER_URL=http://127.0.0.1:9 MFA_FIXTURE_URL=http://127.0.0.1:9 MFA_UI_SERVER_URL=http://127.0.0.1:9 \
    cargo clippy -p mfa-wasm --target wasm32-unknown-unknown --all-targets --features client,ui --quiet -- -D warnings
  # ...and the configuration that ships: no std, with the trapping panic handler (scripts/build.sh).
  step check "clippy (wasm32, as shipped)" cargo clippy -p mfa-wasm --target wasm32-unknown-unknown --lib --features client,ui,panic-handler --quiet -- -D warnings
fi

# --- native: core, oracles (pyotp, librsvg + ZBar and quirc), wire, server -------------------
if wants native; then
  step cargo "native tests: core, oracles (pyotp, librsvg + ZBar and quirc), server" cargo test --workspace
  # Without features too: the compact HMAC/SHA code mfa-core ships to wasm runs its RFC vectors natively.
  step cargo "native tests: mfa-core as shipped (no features)" cargo test -p mfa-core --no-default-features
fi

# --- the package as shipped ------------------------------------------------------------------
# The server suites again on a private PostgreSQL 15 cluster (scripts/test/postgres.sh starts it in
# a temporary directory on a free loopback port and stops it on exit, failure included), then the
# faults: a PostgreSQL restart mid-run, kill -9 of one of two instances, a long migration wait
# (docs/postgres.md).
if wants postgres; then
  step cargo "server suites on PostgreSQL (private cluster)" scripts/test/postgres.sh run cargo test -p mfa-server
  step cargo "PostgreSQL faults: restart, kill -9 of one of two instances, migration wait" scripts/test/postgres.sh run cargo test -p mfa-server --test faults -- --ignored
fi

if wants package || wants wasm || wants consumers || wants e2e; then
  step check "build the package" scripts/build.sh
fi
if wants package; then
  # Each entry point's declarations exist (a missing file fails) and say `any` only in comments.
  step check "declarations have no any" bash -c 'set -e; d="pkg/mfa_wasm.d.ts pkg/core/mfa_wasm.d.ts pkg/webauthn/mfa_wasm.d.ts"; for f in $d; do test -s "$f"; done; ! grep -nwE "any" $d | grep -vE "^[^:]+:[0-9]+:\s*\*"'
  step check "TypeScript --strict use of the whole API" tsc -p tests/package/tsconfig.json
  step tap "the built package in Node 20 (ESM)" node --test --test-reporter=tap tests/package/
  # Budgets (gzip -9, JS + wasm): mfa-wasm/core at most 31 KB, and each entry point at most 1 KB
  # above the figure recorded in bench/RESULTS.md (bench/run.sh).
  step check "size budgets" scripts/size.sh --budget
fi
# The wasm suites (tests/wasm, one list of cases in JS) on the files in pkg/, as shipped, in four
# engines; each engine's run ends with "# wasm suites [ENGINE]: pass N fail M skip S".
if wants wasm; then
  cargo build -p mfa-server --quiet
  for engine in node chromium firefox webkit; do
    step suite "wasm suites (pkg/ as shipped) in $engine" node tests/wasm/run.mjs --engine "$engine"
  done
fi
# --- the Rust wasm suites on wasm-pack's development build (what `wasm-pack test` runs) ------
if wants wasm-dev; then
  cargo build -p mfa-server --quiet
  . scripts/test/servers.sh
  step cargo "wasm suites (dev build) in Node" wasm_suite --node node client_node
  step cargo "wasm suites (dev build) in headless Chrome" wasm_suite "--headless --chrome" browser client_browser ui_browser
  step cargo "wasm suites (dev build) in headless Firefox" wasm_suite "--headless --firefox" browser client_browser ui_browser
fi

if wants consumers; then
  step tap "npm consumers: Vite 7, webpack 5, Node ESM, TypeScript --strict, React 19 example" node --test --test-reporter=tap tests/consumers/
fi
if wants e2e; then
  step check "build the demo (www/) from the package" scripts/build-www.sh
  step tap "end to end: the whole scenario in Chromium (axe, screenshots, no leaks)" node --test --test-reporter=tap tests/e2e/
fi

# --- fuzzing and the contract ----------------------------------------------------------------
if wants fuzz; then
  step fuzz "fuzz every parser briefly" scripts/fuzz.sh 10
fi
if wants contract; then
  step check "OpenAPI contract: schemathesis against the reference server" bash server/scripts/schemathesis.sh
  step check "OpenAPI contract on PostgreSQL (private cluster)" scripts/test/postgres.sh run \
    bash -c 'MFA_CONTRACT_DB=$MFA_TEST_DB exec bash server/scripts/schemathesis.sh'
fi

summary
