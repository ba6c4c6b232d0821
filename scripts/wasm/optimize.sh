#!/usr/bin/env bash
# Usage: scripts/wasm/optimize.sh IN.wasm OUT.wasm [--keep-names]
#
# The release optimisation of a wasm-bindgen output, shared by scripts/build.sh (what ships) and
# bench/twiggy.sh (the same module with its function names kept): binaryen 132's `wasm-opt -Oz`
# with the features wasm-bindgen's output uses. `--keep-names` keeps the name section (`-g`)
# instead of stripping it; the code is the same either way (bench/twiggy.sh checks it). Nothing
# else touches the binary: the panic path is Rust's own (the `panic-handler` feature, src/lib.rs).
set -euo pipefail
in=$1 out=$2 names=${3:-}
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
strip=(--strip-debug --strip-producers)
[ "$names" = --keep-names ] && strip=(-g --strip-producers)
wasm-opt -Oz "${strip[@]}" "${features[@]}" "$in" -o "$out"
