#!/usr/bin/env bash
# Runs every cargo-fuzz target (nightly toolchain) for N seconds each (default 10).
# The tests run it briefly; run it longer on demand: scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-10}"
# No target listed is a failure, not a pass (a broken `cargo fuzz list` used to run nothing).
targets=$(cargo +nightly fuzz list) || { echo "fuzz: cargo fuzz list failed" >&2; exit 1; }
[ -n "$targets" ] || { echo "fuzz: no fuzz target found" >&2; exit 1; }
for target in $targets; do
  echo "fuzz: $target for ${seconds}s"
  log=$(mktemp)
  if cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=0 >"$log" 2>&1; then
    grep -E "^(#|Done)" "$log" | tail -n 1
    echo "fuzz: $target ok"
  else
    tail -n 40 "$log"
    echo "fuzz: $target FAILED" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
done
