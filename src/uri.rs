//! Key URIs: what `buildOtpauthUri` and `parseOtpauthUri` (ts/uri.ts) call.

use crate::error::to_js;
use crate::js::{int, JsResult};
use alloc::string::String;
use js_sys::{Array, JsString};
use mfa_core::totp::{self, Algorithm};
use mfa_core::uri::{self, KeyUri};
use wasm_bindgen::prelude::*;

/// A Key URI exactly as the Key Uri Format asks.
#[wasm_bindgen]
pub fn uri_build(
    secret: String,
    issuer: String,
    account: String,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
) -> JsResult<JsString> {
    let algorithm = match algorithm {
        Some(name) => Algorithm::parse(&name).map_err(to_js)?,
        None => Algorithm::Sha1,
    };
    let digits = int(
        digits,
        "digits",
        u32::from(totp::DEFAULT_DIGITS),
        0..=u32::MAX,
    )?;
    let period = int(period, "period", totp::DEFAULT_PERIOD, 0..=u32::MAX)?;
    let key = KeyUri {
        secret,
        issuer: Some(issuer),
        account,
        algorithm,
        digits: totp::check_digits(digits).map_err(to_js)?,
        period: totp::check_period(u64::from(period)).map_err(to_js)?,
    };
    uri::build(&key).map(JsString::from).map_err(to_js)
}

/// A parsed Key URI as `[secret, issuer | undefined, account, algorithm, digits, period]`.
#[wasm_bindgen(
    unchecked_return_type = r#"[string, string | undefined, string, "SHA1" | "SHA256" | "SHA512", 6 | 7 | 8, number]"#
)]
pub fn uri_parse(text: &str) -> JsResult<Array> {
    Ok(key_array(uri::parse(text).map_err(to_js)?))
}

/// A key as the array `uri_parse` answers.
pub(crate) fn key_array(key: KeyUri) -> Array {
    let out = Array::new();
    out.push(&key.secret.as_str().into());
    out.push(
        &key.issuer
            .as_deref()
            .map_or(JsValue::UNDEFINED, JsValue::from),
    );
    out.push(&key.account.as_str().into());
    out.push(&key.algorithm.as_str().into());
    out.push(&key.digits.into());
    out.push(&key.period.into());
    out
}
