#!/usr/bin/env bash
# Bundles the browser entries with esbuild (minified ESM, browser platform) into bench/dist/.
set -euo pipefail
cd "$(dirname "$0")"
esbuild=node_modules/.bin/esbuild
mkdir -p dist
common=(--bundle --minify --format=esm --platform=browser --target=es2022 --log-level=warning)
$esbuild browser-entry.mjs "${common[@]}" --outfile=dist/bench-browser.js
$esbuild cold-ours-entry.mjs "${common[@]}" --outfile=dist/cold-ours.js
$esbuild cold-peers-entry.mjs "${common[@]}" --outfile=dist/cold-peers.js
$esbuild first-qr-peers-entry.mjs "${common[@]}" --outfile=dist/first-qr-peers.js
$esbuild peers-size-entry.mjs "${common[@]}" --outfile=dist/peers.min.js
$esbuild ../pkg/core/mfa_wasm.js "${common[@]}" --outfile=dist/ours.min.js
# The throttled-link pages of ours, one per entry point, from one template.
sed -e 's|ENTRY|mfa-wasm/core|; s|DIR|/pkg/core/|g' pages/first-qr-ours.template.html > dist/first-qr-core.html
sed -e 's|ENTRY|mfa-wasm|; s|DIR|/pkg/|g' pages/first-qr-ours.template.html > dist/first-qr-full.html
