#!/usr/bin/env bash
# Runs every cargo-fuzz target (nightly toolchain) for N seconds each (default 10).
# The tests run it briefly; run it longer on demand: scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-10}"
for target in $(cargo +nightly fuzz list); do
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=0 2>&1 | grep -E "^(#|==|thread|Done)" | tail -n 2
done
