//! The Rust side of MfaClient in Node: `wasm-pack test --node --features client`.
#![cfg(all(target_arch = "wasm32", feature = "client"))]
mod client;
