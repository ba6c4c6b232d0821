#!/usr/bin/env bash
# Builds the demo (www/, Vite 7 + strict TypeScript) into www/dist from the built package in
# pkg/, which it installs the way users do (a file: dependency), not from src/.
set -euo pipefail
cd "$(dirname "$0")/../www"
[ -f ../pkg/package.json ] || { echo "pkg/ is not built: run scripts/build.sh" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
