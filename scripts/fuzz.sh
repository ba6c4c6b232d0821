#!/usr/bin/env bash
# Runs every cargo-fuzz target (nightly toolchain) for N seconds each (default 10).
# The tests run it briefly; run it longer on demand: scripts/fuzz.sh 600
# Fails when `cargo fuzz list` fails or lists no target, when a target fails (a crash, a broken
# build) and when a run reports no executions: no step passes by running nothing.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-10}"
# No target listed is a failure, not a pass (a broken `cargo fuzz list` used to run nothing).
targets=$(cargo +nightly fuzz list) || { echo "fuzz: cargo fuzz list failed" >&2; exit 1; }
[ -n "$targets" ] || { echo "fuzz: no fuzz target found" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
count=0
for target in $targets; do
  echo "fuzz: $target for ${seconds}s"
  if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=0 >"$log" 2>&1; then
    grep -vE '^#[0-9]+' "$log" | tail -n 60
    echo "fuzz: $target FAILED (the input is in fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  runs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$log" | tail -n 1)
  if [ "${runs:-0}" -eq 0 ]; then
    tail -n 30 "$log"
    echo "fuzz: $target ran no input" >&2
    exit 1
  fi
  echo "fuzz: $target: $runs runs, no failure"
  count=$((count + 1))
done
echo "fuzz: $count targets, each ran without failure"
