//! `generateSecret`, `normalizeSecret`, `formatSecret`.

use crate::error::to_js;
use crate::js::{opt_int, string, JsResult};
use js_sys::JsString;
use mfa_core::secret;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SECRET: &str = r##"
/**
 * A new random secret as base32 (RFC 4648, upper case, no padding), from `crypto.getRandomValues`.
 * Refuses fewer than 16 bytes (RFC 4226 R6: at least 128 bits) with `secret_too_short`.
 * @param byteLength bytes of randomness, 16 to 128; default 20 (160 bits).
 * @example generateSecret() // "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" (random)
 */
export function generateSecret(byteLength?: number): string;

/**
 * Canonical base32 from what people paste: lower case, spaces, dashes and `=` padding are
 * accepted. Throws `invalid_secret` for anything else.
 * @example normalizeSecret("jbsw y3dp-ehpk 3pxp==") // "JBSWY3DPEHPK3PXP"
 */
export function normalizeSecret(input: string): string;

/**
 * The secret in groups of four, for typing it by hand into an authenticator app.
 * @example formatSecret("GEZDGNBVGY3TQOJQ") // "GEZD GNBV GY3T QOJQ"
 */
export function formatSecret(secret: string): string;
"##;

/// `generateSecret(byteLength = 20)`.
#[wasm_bindgen(js_name = generateSecret, skip_typescript)]
pub fn generate_secret(byte_length: JsValue) -> JsResult<JsString> {
    let bytes = opt_int(
        &byte_length,
        "byteLength",
        secret::DEFAULT_BYTES as u32,
        0..=u32::MAX,
    )?;
    secret::generate(bytes as usize)
        .map(JsString::from)
        .map_err(to_js)
}

/// `normalizeSecret(input)`.
#[wasm_bindgen(js_name = normalizeSecret, skip_typescript)]
pub fn normalize_secret(input: JsValue) -> JsResult<JsString> {
    secret::normalize(&string(&input, "input")?)
        .map(JsString::from)
        .map_err(to_js)
}

/// `formatSecret(secret)`.
#[wasm_bindgen(js_name = formatSecret, skip_typescript)]
pub fn format_secret(secret: JsValue) -> JsResult<JsString> {
    secret::format(&string(&secret, "secret")?)
        .map(JsString::from)
        .map_err(to_js)
}
