//! The values the internal exports receive from the TypeScript layer (`ts/`), which has already
//! checked their JS types (a string is a string, a number a number, `undefined` an absent
//! option): what is left here are the rules on their values, each with a typed `invalid_input`
//! naming the field, never a coercion or a trap.

use mfa_core::{Error, Reason};
use wasm_bindgen::JsValue;

/// The result type of the exports: errors are thrown as `MfaError`.
pub(crate) type JsResult<T> = Result<T, JsValue>;

pub(crate) fn fail(field: &'static str, reason: Reason, message: &'static str) -> JsValue {
    crate::error::to_js(Error::input(field, reason, message))
}

/// An optional whole number within `range`, or `default` when absent.
pub(crate) fn int(
    value: Option<f64>,
    field: &'static str,
    default: u32,
    range: core::ops::RangeInclusive<u32>,
) -> JsResult<u32> {
    let Some(n) = value else {
        return Ok(default);
    };
    if crate::num::is_whole(n) && n >= f64::from(*range.start()) && n <= f64::from(*range.end()) {
        Ok(n as u32)
    } else {
        Err(fail(
            field,
            Reason::OutOfRange,
            "the number is out of range or not a whole number",
        ))
    }
}

/// A Unix time in seconds, floored; negative, non-finite and unsafe integers are refused.
pub(crate) fn unix_seconds(seconds: f64, field: &'static str) -> JsResult<u64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !(0.0..=MAX_SAFE).contains(&seconds) {
        return Err(fail(
            field,
            Reason::OutOfRange,
            "the time must be a non-negative safe number of seconds",
        ));
    }
    Ok(crate::num::floor(seconds) as u64)
}
