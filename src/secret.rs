//! Secrets: what `generateSecret`, `normalizeSecret` and `formatSecret` (ts/secret.ts) call.

use crate::error::to_js;
use crate::js::{int, JsResult};
use js_sys::JsString;
use mfa_core::secret;
use wasm_bindgen::prelude::*;

/// A new random secret of `bytes` bytes (default 20) as base32; `secret_too_short` under 16
/// (RFC 4226 R6).
#[wasm_bindgen]
pub fn secret_generate(bytes: Option<f64>) -> JsResult<JsString> {
    let bytes = int(
        bytes,
        "byteLength",
        secret::DEFAULT_BYTES as u32,
        0..=u32::MAX,
    )?;
    secret::generate(bytes as usize)
        .map(JsString::from)
        .map_err(to_js)
}

/// Canonical base32 from what people paste.
#[wasm_bindgen]
pub fn secret_normalize(input: &str) -> JsResult<JsString> {
    secret::normalize(input).map(JsString::from).map_err(to_js)
}

/// The secret in groups of four.
#[wasm_bindgen]
pub fn secret_format(secret: &str) -> JsResult<JsString> {
    secret::format(secret).map(JsString::from).map_err(to_js)
}
