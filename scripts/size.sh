#!/usr/bin/env bash
# Prints pkg/'s files and the gzip -9 size of what a browser downloads (JS glue + wasm) for each
# entry point: `mfa-wasm` (pkg/) and `mfa-wasm/core` (pkg/core/).
# With --budget FULL CORE, fails when an entry point's total exceeds its budget in bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
full_budget= core_budget=
if [ "${1:-}" = --budget ]; then full_budget=$2 core_budget=$3; fi
[ -f pkg/mfa_wasm_bg.wasm ] && [ -f pkg/core/mfa_wasm_bg.wasm ] || { echo "pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
echo "pkg/:"
for f in pkg/* pkg/core/*; do [ -f "$f" ] && printf '  %-32s %8d B\n' "${f#pkg/}" "$(wc -c <"$f")"; done
status=0
for entry in "mfa-wasm:pkg:$full_budget" "mfa-wasm/core:pkg/core:$core_budget"; do
  IFS=: read -r name dir budget <<<"$entry"
  js=$(gzip -9c "$dir/mfa_wasm.js" | wc -c)
  wasm=$(gzip -9c "$dir/mfa_wasm_bg.wasm" | wc -c)
  total=$((js + wasm))
  echo "$name download, gzip -9: JS $js B + wasm $wasm B = $total B"
  if [ -n "$budget" ]; then
    if [ "$total" -gt "$budget" ]; then
      echo "FAIL: $name is $total B, over its budget of $budget B" >&2
      status=1
    else
      echo "size budget: $name $total B <= $budget B"
    fi
  fi
done
exit $status
