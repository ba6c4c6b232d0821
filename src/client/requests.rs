//! Requests are checked against the contract and normalised locally before anything is sent:
//! a malformed code never reaches the server and never costs the person an attempt. What each
//! string becomes is keyed on the `format` mfa-wire gives its field in the contract.

use super::contract::{self, Format};
use super::errors::invalid_input;
use alloc::string::String;
use js_sys::{Object, JSON};
use mfa_core::validate::{self, RecoveryFormat};
use mfa_core::Reason;
use wasm_bindgen::JsValue;

/// The JSON body for `value` under the request node, or an `invalid_input` error naming the
/// field. `undefined` stands for an empty request (`startTotpEnrollment()`).
pub(crate) fn body(node: u16, value: JsValue) -> Result<String, JsValue> {
    let value = if value.is_undefined() {
        Object::new().into()
    } else {
        value
    };
    let checked = contract::request(node, &value).map_err(|p| invalid_input(&p.field, p.reason))?;
    JSON::stringify(&checked)
        .map(String::from)
        .map_err(|_| invalid_input("request", Reason::InvalidType))
}

/// What people type, normalised by the field's format: one-time codes of the contract's length
/// (RFC 4226 R4: at least 6 digits), recovery codes in the server's `XXXX-XXXX-XXXX-XXXX`
/// format, E.164 phone numbers, and client-generated secrets of at least 160 bits (RFC 4226 R6's
/// recommendation, RFC 6238 §5.1).
pub(crate) fn normalize(format: Format, value: String) -> Result<String, Reason> {
    match format {
        Format::Plain => Ok(value),
        Format::OtpCode(digits) => validate::totp_code(&value, usize::from(digits)),
        Format::RecoveryCode => validate::recovery_code(&value, RecoveryFormat::default()),
        Format::E164 => validate::phone_number(&value),
        Format::TotpSecret => match mfa_core::secret::decode(&value) {
            Ok(bytes) if bytes.len() >= 20 => Ok(mfa_core::base32::encode(&bytes)),
            Ok(_) => Err(Reason::TooShort),
            Err(_) => Err(Reason::InvalidCharacter),
        },
    }
}
