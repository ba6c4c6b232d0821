//! TOTP: what `totpCode`, `verifyTotp` and `secondsRemaining` (ts/totp.ts) call. The key's
//! parameters arrive one by one (absent ones as `None`, given the defaults of `mfa_core::totp`);
//! times are Unix seconds, which the TypeScript layer defaults to now.

use crate::error::to_js;
use crate::js::{int, unix_seconds, JsResult};
use alloc::string::String;
use js_sys::JsString;
use mfa_core::totp::{self, Algorithm, Totp};
use wasm_bindgen::prelude::*;

/// The key from its parameters; out-of-range numbers get the core's specific codes
/// (`invalid_digits`, `invalid_period`), other numbers `invalid_input`.
pub(crate) fn key(
    secret: &str,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
) -> JsResult<Totp> {
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
    Totp::new(secret, algorithm, digits, u64::from(period)).map_err(to_js)
}

/// The code at `at` (Unix seconds), zero-padded.
#[wasm_bindgen]
pub fn totp_code(
    secret: &str,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    at: f64,
) -> JsResult<JsString> {
    let key = key(secret, algorithm, digits, period)?;
    Ok(key.code(unix_seconds(at, "at")?).into())
}

/// The matched step offset of `code` within `window` steps (default 1, at most
/// `mfa_core::totp::MAX_WINDOW`) of `at`, in constant time, or `None`. A code of the wrong
/// shape is `None`, never an acceptance.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn totp_verify(
    secret: &str,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    code: &str,
    window: Option<f64>,
    at: f64,
) -> JsResult<Option<i32>> {
    let key = key(secret, algorithm, digits, period)?;
    let window = int(window, "window", 1, 0..=totp::MAX_WINDOW)?;
    let at = unix_seconds(at, "at")?;
    let Ok(code) = mfa_core::validate::totp_code(code, usize::from(key.digits())) else {
        return Ok(None);
    };
    Ok(key.verify(&code, at, window).map(|offset| offset as i32))
}

/// Seconds left in the step of `at`, from the period (default 30) down to 1.
#[wasm_bindgen]
pub fn totp_seconds_remaining(period: Option<f64>, at: f64) -> JsResult<u32> {
    let period = int(period, "period", totp::DEFAULT_PERIOD, 0..=u32::MAX)?;
    let period = totp::check_period(u64::from(period)).map_err(to_js)?;
    Ok(totp::seconds_remaining(period, unix_seconds(at, "at")?))
}
