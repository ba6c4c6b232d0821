#!/usr/bin/env bash
# Prints pkg/'s files and the gzip -9 size of what a browser downloads (JS glue + wasm).
# With --budget N, fails when that total exceeds N bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=
[ "${1:-}" = --budget ] && budget=$2
[ -f pkg/mfa_wasm_bg.wasm ] || { echo "pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
echo "pkg/:"
for f in pkg/*; do [ -f "$f" ] && printf '  %-28s %8d B\n' "${f#pkg/}" "$(wc -c <"$f")"; done
js=$(gzip -9c pkg/mfa_wasm.js | wc -c)
wasm=$(gzip -9c pkg/mfa_wasm_bg.wasm | wc -c)
total=$((js + wasm))
echo "download, gzip -9: mfa_wasm.js $js B + mfa_wasm_bg.wasm $wasm B = $total B"
if [ -n "$budget" ]; then
  if [ "$total" -gt "$budget" ]; then
    echo "FAIL: $total B is over the budget of $budget B" >&2
    exit 1
  fi
  echo "size budget: $total B <= $budget B"
fi
