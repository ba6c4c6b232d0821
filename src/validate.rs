//! Validation of what people type: what `validateTotpCode`, `validateSmsCode`,
//! `validateRecoveryCode`, `validatePhoneNumber` and `bindCodeInput` (ts/validate.ts,
//! ts/ui/code-input.ts) call. Each answers the normalised value, or throws the reason (a string,
//! which the TypeScript layer turns into `{ ok: false, reason }`); a wrong option throws an
//! `MfaError`.

use crate::js::{int, JsResult};
use js_sys::JsString;
use mfa_core::validate::{self, RecoveryFormat, Validation};
use wasm_bindgen::prelude::*;

fn answer(validation: Validation) -> JsResult<JsString> {
    validation
        .map(JsString::from)
        .map_err(|reason| JsString::from(reason.as_str()).into())
}

/// A one-time code of `digits` digits: 6 to 8 (default 6) for TOTP (RFC 4226 R4), 4 to 10 for
/// SMS. Both apply the same cleaning; the length is what differs.
#[wasm_bindgen]
pub fn validate_code(input: &str, digits: Option<f64>, sms: bool) -> JsResult<JsString> {
    let range = if sms { 4..=10 } else { 6..=8 };
    let digits = int(digits, "digits", 6, range)? as usize;
    answer(validate::totp_code(input, digits))
}

/// A recovery code of `groups` groups (1 to 8, default 4) of `group_length` base32 characters
/// (1 to 16, default 4).
#[wasm_bindgen]
pub fn validate_recovery_code(
    input: &str,
    groups: Option<f64>,
    group_length: Option<f64>,
) -> JsResult<JsString> {
    let default = RecoveryFormat::default();
    let format = RecoveryFormat {
        groups: int(groups, "groups", default.groups as u32, 1..=8)? as usize,
        group_length: int(
            group_length,
            "groupLength",
            default.group_length as u32,
            1..=16,
        )? as usize,
    };
    answer(validate::recovery_code(input, format))
}

/// A phone number in E.164 form.
#[wasm_bindgen]
pub fn validate_phone(input: &str) -> JsResult<JsString> {
    answer(validate::phone_number(input))
}
