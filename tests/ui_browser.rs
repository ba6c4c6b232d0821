//! The Rust side of the flows (the DOM helpers have none): `wasm-pack test --headless --chrome
//! --features client,ui` (or `--firefox`; `ui` implies `flow`).
#![cfg(all(target_arch = "wasm32", feature = "ui"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod ui;
