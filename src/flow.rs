//! The Rust side of the headless flows (feature `flow`; `EnrollmentFlow` and `ChallengeFlow` are
//! TypeScript, ts/flow/): the check that a started TOTP enrolment is self-consistent, so that
//! the QR code a person scans holds the same key as the secret shown for typing, with the same
//! digits and period. Every other check a flow makes goes through the core's exports (codes,
//! phone numbers, the local self-check of a TOTP code in constant time).

use crate::error::{new_error, MfaError};
use alloc::string::String;
use js_sys::Array;
use mfa_core::{secret, totp::Totp, uri, ErrorCode};
use wasm_bindgen::prelude::*;

fn protocol() -> MfaError {
    new_error(
        ErrorCode::Protocol,
        "the server's answer does not match the API contract",
    )
}

/// Overwrites a copy of the secret before its memory is freed.
fn wipe(s: String) {
    let mut bytes = s.into_bytes();
    bytes.fill(0);
    core::hint::black_box(&bytes);
}

/// The key of a started TOTP enrolment (`startTotpEnrollment`'s `secret`, `otpauthUri`, `digits`
/// and `period`) as `[secret, issuer | undefined, account, algorithm, digits, period,
/// formattedSecret]`, from the Key URI, once the URI's key is found to be the secret's, with the
/// same digits and period, and usable; else `protocol`.
#[wasm_bindgen(
    unchecked_return_type = r#"[string, string | undefined, string, "SHA1" | "SHA256" | "SHA512", 6 | 7 | 8, number, string]"#
)]
pub fn flow_totp_key(
    secret: &str,
    otpauth_uri: &str,
    digits: f64,
    period: f64,
) -> Result<Array, JsValue> {
    let key = uri::parse(otpauth_uri).map_err(|_| protocol())?;
    let same = secret::normalize(secret).is_ok_and(|s| {
        let same = s == key.secret;
        wipe(s);
        same
    }) && digits == f64::from(key.digits)
        && period == f64::from(key.period);
    let usable = same
        && Totp::new(
            &key.secret,
            key.algorithm,
            key.digits.into(),
            key.period.into(),
        )
        .is_ok();
    let formatted = secret::format(&key.secret).map_err(|_| protocol())?;
    if !usable {
        wipe(formatted);
        return Err(protocol());
    }
    let out = crate::uri::key_array(key);
    out.push(&formatted.as_str().into());
    wipe(formatted);
    Ok(out)
}
