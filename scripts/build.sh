#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack, --target web, release, wasm-opt -Oz from the npm
# binaryen package) and prints its files and the gzip size of what a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # binaryen 132's wasm-opt first
# Two entry points, like otpauth's full and slim builds: `mfa-wasm` is everything (the core, the
# typed client MfaClient, the UI helpers); `mfa-wasm/core` is the core alone (secrets, TOTP,
# Key URIs, QR, validation) for pages that need no client or DOM helpers.
wasm-pack build --release --target web --out-dir pkg --out-name mfa_wasm -- --features client,ui
wasm-pack build --release --target web --out-dir pkg/core --out-name mfa_wasm
rm -f pkg/core/package.json pkg/core/README.md pkg/core/.gitignore
for d in pkg pkg/core; do
  # wasm-bindgen types the raw exports of InitOutput as `any`; `unknown` is as true and keeps the
  # declarations free of `any` (tests/package checks it).
  sed -i -E '/^export interface InitOutput/,/^}/ s/\bany\b/unknown/g' "$d/mfa_wasm.d.ts"
  sed -i -E 's/\bany\b/unknown/g' "$d/mfa_wasm_bg.wasm.d.ts"
done
node scripts/package-json.mjs pkg
scripts/size.sh
