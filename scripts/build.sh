#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack, --target web, release; then panics cut to traps and
# wasm-opt -Oz from the npm binaryen package) and prints its files and the gzip size of what a
# browser downloads.
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
# Size (bench/RESULTS.md): wasm-opt runs here rather than in wasm-pack (Cargo.toml sets
# `wasm-opt = false`) so that Rust's panic machinery can be cut first. With panic=abort every
# panic on wasm32-unknown-unknown ends in a trap, and std's panic hook prints nowhere on this
# target; the functions of `core::panicking`/`std::panicking` (and the alloc-error hook) are
# therefore replaced by that trap, `unreachable`, which is what nightly's panic_immediate_abort
# does at compile time. Nothing observable changes; the formatting code that only panic
# messages used becomes dead and wasm-opt removes it (about 2.5 KB gzip per entry point).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
for d in pkg pkg/core; do
  wasm-dis "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wat"
  node scripts/wasm/cut-panics.mjs "$d/mfa_wasm_bg.wat"
  wasm-as "${features[@]}" "$d/mfa_wasm_bg.wat" -o "$d/mfa_wasm_bg.wasm"
  wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wasm"
  # The texts and records only those panic messages used stay in the data segments (wasm-opt
  # cannot see what data is dead): blank them, then let wasm-opt pack the zeros (~0.8 KB gzip).
  wasm-dis "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wat"
  node scripts/wasm/blank-panic-data.mjs "$d/mfa_wasm_bg.wat"
  wasm-as "${features[@]}" "$d/mfa_wasm_bg.wat" -o "$d/mfa_wasm_bg.wasm"
  rm "$d/mfa_wasm_bg.wat"
  wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wasm"
done
# The JS glue repeats every Rust doc comment as JSDoc; the .d.ts files carry the documentation,
# so the glue drops comment lines and indentation (~15 % of its gzip size). The
# `@ts-self-types` pragma stays. Checked by `node --check` and the package tests.
for js in pkg/mfa_wasm.js pkg/core/mfa_wasm.js; do
  node scripts/wasm/strip-glue-comments.mjs "$js"
  node --check "$js"
done
node scripts/package-json.mjs pkg
scripts/size.sh
