#!/usr/bin/env bash
# Where the bytes of the shipped wasm go, per entry point: builds `mfa-wasm` and `mfa-wasm/core`
# as scripts/build.sh does (same features, same scripts/wasm/optimize.sh) but keeps the function
# names, checks that the named module is the shipped one (same size once both are stripped the
# same way), and prints twiggy's breakdown by group and the largest items (bench/twiggy.mjs).
#
#   bench/twiggy.sh [TOP]        TOP largest items per entry point (default 25)
#
# Installs twiggy (crates.io) when it is missing or another version. Writes target/twiggy/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >/dev/null
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
want=0.8.0
if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  echo "[twiggy.sh] installing twiggy $want" >&2
  cargo install twiggy --version "$want" --locked --force
fi
top=${1:-25}
out=target/twiggy
full=$(sed -nE 's/^full_features=(.*)$/\1/p' scripts/build.sh)
core=$(sed -nE 's/^core_features=(.*)$/\1/p' scripts/build.sh)
[ -n "$full" ] && [ -n "$core" ] || { echo "twiggy.sh: no full_features/core_features in scripts/build.sh" >&2; exit 1; }
for entry in "mfa-wasm:full:$full" "mfa-wasm/core:core:$core"; do
  IFS=: read -r name dir feats <<<"$entry"
  args=(--release --target web --out-dir "$out/$dir" --out-name mfa_wasm)
  [ -n "$feats" ] && args+=(-- --features "$feats")
  wasm-pack build "${args[@]}" >"$out.$dir.log" 2>&1 || { cat "$out.$dir.log" >&2; exit 1; }
  scripts/wasm/optimize.sh "$out/$dir/mfa_wasm_bg.wasm" "$out/$dir/named.wasm" --keep-names 2>/dev/null
  scripts/wasm/optimize.sh "$out/$dir/mfa_wasm_bg.wasm" "$out/$dir/shipped.wasm" 2>/dev/null
  # The same round trip through binaryen for both, so only the names can differ.
  flags=(--strip-debug --strip-producers --all-features)
  wasm-opt "${flags[@]}" "$out/$dir/named.wasm" -o "$out/$dir/named.stripped.wasm"
  wasm-opt "${flags[@]}" "$out/$dir/shipped.wasm" -o "$out/$dir/shipped.stripped.wasm"
  a=$(wc -c <"$out/$dir/named.stripped.wasm") b=$(wc -c <"$out/$dir/shipped.stripped.wasm")
  [ "$a" = "$b" ] || { echo "twiggy.sh: the named build ($a B) is not the shipped one ($b B)" >&2; exit 1; }
  echo "## $name: $(wc -c <"$out/$dir/shipped.wasm") B raw, $(gzip -9c "$out/$dir/shipped.wasm" | wc -c) B gzip -9 (wasm only)"
  echo
  node bench/twiggy.mjs "$out/$dir/named.wasm" "$top"
  echo
done
