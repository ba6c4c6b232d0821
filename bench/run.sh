#!/usr/bin/env bash
# The benchmark: ours against otpauth, otplib and node-qrcode, in Node and in headless Chromium,
# plus native Rust; prints the ratios and writes bench/RESULTS.md. One command:
#
#   bench/run.sh    (BENCH_ROUNDS=11 rounds per measure, BENCH_COLD_LOADS=15 cold loads;
#                    BENCH_LOAD=0 skips the server load test, bench/load.sh, whose last result
#                    bench/LOAD.md then stays as it is)
#
# Installs what it needs: the pinned npm packages (bench/package-lock.json), the built package
# (scripts/build.sh), Debian Chromium and wrk. The figures it records in RESULTS.md are the size
# budget that scripts/test.sh enforces (scripts/size.sh --budget): re-run it when the package
# changes size on purpose.
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }
export PATH="$PWD/../node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the pinned peers and tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null; then
  say "installing Debian Chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
say "building the package (scripts/build.sh)"
../scripts/build.sh >/dev/null
say "bundling the browser pages (esbuild)"
./build-bundles.sh
mkdir -p results
say "native Rust"
cargo run -q --release -p mfa-core --example bench > results/native-1.json
say "Node $(node --version)"
node node.mjs > results/node.json
say "headless Chromium"
node browser.mjs > results/chromium.json
say "native Rust again (the floor is the lower of the two medians: other builds share the cores)"
cargo run -q --release -p mfa-core --example bench > results/native-2.json
node -e 'const [a, b] = [1, 2].map((i) => require(`./results/native-${i}.json`));
  const out = Object.fromEntries(Object.keys(a).map((k) => [k, Math.min(a[k], b[k])]));
  require("fs").writeFileSync("results/native.json", JSON.stringify(out) + "\n");' 
if [ "${BENCH_LOAD:-1}" != 0 ]; then
  say "the reference server under load (bench/load.sh)"
  ./load.sh
fi
node report.mjs
