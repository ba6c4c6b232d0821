#!/usr/bin/env bash
# Builds the npm package into pkg/: the Rust crate to wasm (wasm-pack, --target web, release, no
# std; then wasm-opt -Oz from the npm binaryen package), and each entry point's JS and
# declarations from the TypeScript API in ts/ bundled with wasm-bindgen's glue
# (scripts/bundle.mjs); prints its files and the gzip size of what a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # binaryen 132's wasm-opt first
# Two entry points, like otpauth's full and slim builds: `mfa-wasm` is everything (the core, the
# typed client MfaClient, the headless flows, the DOM helpers); `mfa-wasm/core` is the core alone
# (secrets, TOTP, Key URIs, QR, validation) for pages that need no client, flow or DOM helper.
# Each is a cargo feature set (the Rust side of its parts) and a module of ts/ (its API).
# `panic-handler`: the crate links no std and a panic is a bare trap (src/lib.rs).
full_features=client,flow,ui,panic-handler
core_features=panic-handler
entries=("index:full:$full_features:pkg" "core:core:$core_features:pkg/core")
rm -rf pkg
for e in "${entries[@]}"; do
  IFS=: read -r module dir features out <<<"$e"
  wasm-pack build --release --target web --out-dir "target/wasm-pack/$dir" --out-name mfa_wasm -- --features "$features"
  mkdir -p "$out"
  # Size (bench/RESULTS.md): wasm-opt runs here (scripts/wasm/optimize.sh, binaryen 132 from npm)
  # rather than in wasm-pack (Cargo.toml sets `wasm-opt = false`): Debian's wasm-opt is too old.
  # No step edits the binary or its data; bench/twiggy.sh runs the same script with the names kept.
  scripts/wasm/optimize.sh "target/wasm-pack/$dir/mfa_wasm_bg.wasm" "$out/mfa_wasm_bg.wasm"
  node scripts/bundle.mjs "$module" "target/wasm-pack/$dir" "$out"
done
# `mfa-wasm/webauthn`: JavaScript only (ts/webauthn.ts imports no wasm export), type-checked
# against the full build's glue, whose declarations carry the contract's WebAuthn types.
node scripts/bundle.mjs webauthn target/wasm-pack/full pkg/webauthn
cp target/wasm-pack/full/package.json target/wasm-pack/full/README.md pkg/
node scripts/package-json.mjs pkg
scripts/size.sh
