#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack, --target web, release, no std; then wasm-opt -Oz
# from the npm binaryen package; the glue minified by esbuild) and prints its files and the gzip
# size of what a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # binaryen 132's wasm-opt first
# Two entry points, like otpauth's full and slim builds: `mfa-wasm` is everything (the core, the
# typed client MfaClient, the UI helpers); `mfa-wasm/core` is the core alone (secrets, TOTP,
# Key URIs, QR, validation) for pages that need no client or DOM helpers.
# `panic-handler`: the crate links no std and a panic is a bare trap (src/lib.rs).
full_features=client,ui,panic-handler
core_features=panic-handler
wasm-pack build --release --target web --out-dir pkg --out-name mfa_wasm -- --features "$full_features"
wasm-pack build --release --target web --out-dir pkg/core --out-name mfa_wasm -- --features "$core_features"
rm -f pkg/core/package.json pkg/core/README.md pkg/core/.gitignore
for d in pkg pkg/core; do
  # wasm-bindgen types the raw exports of InitOutput as `any`; `unknown` is as true and keeps the
  # declarations free of `any` (tests/package checks it). Types only: no code changes. Fails when
  # wasm-bindgen's output no longer has that shape.
  grep -q '^export interface InitOutput' "$d/mfa_wasm.d.ts" || { echo "build.sh: no InitOutput in $d/mfa_wasm.d.ts" >&2; exit 1; }
  sed -i -E '/^export interface InitOutput/,/^}/ s/\bany\b/unknown/g' "$d/mfa_wasm.d.ts"
  sed -i -E 's/\bany\b/unknown/g' "$d/mfa_wasm_bg.wasm.d.ts"
done
# Size (bench/RESULTS.md): wasm-opt runs here (scripts/wasm/optimize.sh, binaryen 132 from npm)
# rather than in wasm-pack (Cargo.toml sets `wasm-opt = false`): Debian's wasm-opt is too old.
# The artefact suites (tests/wasm) run on this output in every engine. No step edits the binary
# or its data; bench/twiggy.sh runs the same script with the names kept.
for d in pkg pkg/core; do
  scripts/wasm/optimize.sh "$d/mfa_wasm_bg.wasm" "$d/mfa_wasm_bg.opt.wasm"
  mv "$d/mfa_wasm_bg.opt.wasm" "$d/mfa_wasm_bg.wasm"
done
# The JS glue repeats every Rust doc comment as JSDoc; the .d.ts files carry the documentation.
# esbuild bundles the glue with the JS snippets it imports (the client's transport,
# src/client/transport.js), so a page fetches one module, and minifies whitespace and syntax (not
# identifiers: exported class names stay, so `MfaClient.name` is unchanged); it keeps the
# `@ts-self-types` pragma as a banner.
for d in pkg pkg/core; do
  esbuild "$d/mfa_wasm.js" --bundle --minify-whitespace --minify-syntax --format=esm --log-level=warning \
    --banner:js='/* @ts-self-types="./mfa_wasm.d.ts" */' --outfile="$d/mfa_wasm.min.js"
  mv "$d/mfa_wasm.min.js" "$d/mfa_wasm.js"
  rm -rf "$d/snippets"
  node --check "$d/mfa_wasm.js"
done
node scripts/package-json.mjs pkg
scripts/size.sh
