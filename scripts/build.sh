#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack, --target web, release, wasm-opt -Oz from the npm
# binaryen package) and prints its files and the gzip size of what a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # binaryen 132's wasm-opt first
wasm-pack build --release --target web --out-dir pkg --out-name mfa_wasm
scripts/size.sh
