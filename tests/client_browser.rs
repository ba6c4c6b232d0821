//! The Rust side of MfaClient in browsers: `wasm-pack test --headless --chrome --features client` / `--firefox`.
#![cfg(all(target_arch = "wasm32", feature = "client"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod client;
