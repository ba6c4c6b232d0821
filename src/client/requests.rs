//! Requests are checked against the contract and normalised locally before anything is sent:
//! a malformed code never reaches the server and never costs the person an attempt.

use super::contract::{self, Mode};
use super::errors::invalid_input;
use js_sys::{Object, JSON};
use mfa_core::validate::{self, RecoveryFormat, Validation};
use wasm_bindgen::JsValue;

/// The JSON body for `value` under the request `schema`, or an `invalid_input` error naming
/// the field. `undefined` stands for an empty request (`startTotpEnrollment()`).
pub(crate) fn body(schema: &JsValue, value: JsValue) -> Result<String, JsValue> {
    let value = if value.is_undefined() {
        Object::new().into()
    } else {
        value
    };
    let checked = contract::check(schema, &value, Mode::Request(&normalize))
        .map_err(|p| invalid_input(&p.field, p.reason))?;
    JSON::stringify(&checked)
        .map(String::from)
        .map_err(|_| invalid_input("request", "invalid_type"))
}

/// What people type, normalised where the contract holds it: codes of 6 digits for TOTP and
/// SMS (RFC 4226 R4), recovery codes in the server's `XXXX-XXXX-XXXX-XXXX` format, E.164 phone
/// numbers, and client-generated secrets of at least 160 bits (RFC 4226 R6's recommendation).
fn normalize(
    schema: &str,
    property: &str,
    object: &JsValue,
    value: String,
) -> Result<String, &'static str> {
    let reason = |v: Validation| v.map_err(|r| r.as_str());
    match (schema, property) {
        (
            "ConfirmTotpEnrollmentRequest"
            | "ConfirmSmsEnrollmentRequest"
            | "VerifyChallengeRequest",
            "code",
        ) => reason(validate::totp_code(&value, 6)),
        ("RecoverRequest", "code") => {
            reason(validate::recovery_code(&value, RecoveryFormat::default()))
        }
        ("SecondFactorProof" | "ReverificationProof", "code") => {
            let method = js_sys::Reflect::get(object, &"method".into())
                .ok()
                .and_then(|m| m.as_string());
            if method.as_deref() == Some("recovery_code") {
                reason(validate::recovery_code(&value, RecoveryFormat::default()))
            } else {
                reason(validate::totp_code(&value, 6))
            }
        }
        ("StartSmsEnrollmentRequest", "phoneNumber") => reason(validate::phone_number(&value)),
        ("StartTotpEnrollmentRequest", "secret") => match mfa_core::secret::decode(&value) {
            Ok(bytes) if bytes.len() >= 20 => Ok(mfa_core::base32::encode(&bytes)),
            Ok(_) => Err("too_short"),
            Err(_) => Err("invalid_character"),
        },
        _ => Ok(value),
    }
}
