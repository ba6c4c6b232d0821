// The wasm module's exports, as wasm-bindgen generates their glue (scripts/build.sh puts it in
// ../glue/ for the entry point being built). Internal: the package's API is this directory's
// TypeScript, which calls these with checked arguments. Their parameter and return types are
// declared from Rust (wasm-bindgen's types, and `unchecked_param_type`/`unchecked_return_type`
// where a value is richer), so `tsc` checks every call against the Rust signatures.
export * from "../glue/mfa_wasm.js";
export { default as initGlue, initSync as initGlueSync } from "../glue/mfa_wasm.js";
