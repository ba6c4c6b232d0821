#!/usr/bin/env bash
# Usage: scripts/wasm/optimize.sh IN.wasm OUT.wasm [--keep-names]
#
# The release optimisation of a wasm-bindgen output, shared by scripts/build.sh (what ships) and
# bench/twiggy.sh (the same module with its function names kept, for twiggy): Rust's panic
# machinery cut to traps (scripts/wasm/cut-panics.mjs, which says why that changes nothing
# observable), then binaryen 132's `wasm-opt -Oz`. `--keep-names` keeps the name section (`-g`)
# instead of stripping it; the code is the same either way (bench/twiggy.sh checks it).
set -euo pipefail
in=$1 out=$2 names=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
strip=(--strip-debug --strip-producers)
[ "$names" = --keep-names ] && strip=(-g --strip-producers)
node "$here/cut-panics.mjs" "$in" "$out.cut.wasm" ${names:+"$names"}
wasm-opt -Oz "${strip[@]}" "${features[@]}" "$out.cut.wasm" -o "$out"
rm "$out.cut.wasm"
