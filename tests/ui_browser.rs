//! The Rust sides of the DOM helpers and of the flows: `wasm-pack test --headless --chrome
//! --features client,ui` (or `--firefox`; the `flow` feature is part of the test build).
#![cfg(all(target_arch = "wasm32", feature = "ui"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod ui;
