//! DOM helpers for the enrolment UI (feature `ui`), written with web-sys and exported to JS:
//!
//! - [`code_input`] — `bindCodeInput`, attributes and paste clean-up for a code field
//! - [`qr_mount`] — `mountQr`, the QR code as inline SVG inside an element
//! - [`countdown`] — `startCountdown`, seconds left in the TOTP step (clock-skew aware)
//! - [`clipboard`] — `copyText`
//! - [`recovery_file`] — `recoveryCodesText`, `downloadRecoveryCodes`, `printRecoveryCodes`
//! - [`web_otp`] — `webOtp`, SMS autofill through WebOTP
//! - [`flow`] — `EnrollmentFlow`, a headless enrolment state machine
//!
//! Nothing here runs at import time (server-side rendering can import the package), nothing is
//! logged or stored, and no code, secret or recovery code ever goes into an error message.
//! Handles (`detach()`, `stop()`) behave like `addEventListener`/`setInterval`: what they started
//! keeps running until they are called, even if the handle itself is freed.

pub mod clipboard;
pub mod code_input;
pub mod countdown;
mod dom;
pub mod flow;
pub mod qr_mount;
pub mod recovery_file;
pub mod web_otp;

use crate::error::{new_error, set, MfaError};
use js_sys::{Function, Reflect};
use mfa_core::{ErrorCode, Reason};
use wasm_bindgen::{JsCast, JsValue};

/// An `invalid_input` error naming the argument or option at fault and why.
pub(crate) fn invalid(field: &str, reason: Reason, message: &str) -> MfaError {
    let err = new_error(ErrorCode::InvalidInput, message);
    set(&err, "field", field.into());
    set(&err, "reason", reason.as_str().into());
    err
}

/// A wrong JS type for `field`.
pub(crate) fn wrong_type(field: &str, message: &str) -> MfaError {
    invalid(field, Reason::InvalidType, message)
}

/// A property of a JS object, `undefined` when reading it fails (a throwing getter).
pub(crate) fn prop(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A required function argument or option.
pub(crate) fn function(value: JsValue, field: &str) -> Result<Function, MfaError> {
    value
        .dyn_into::<Function>()
        .map_err(|_| wrong_type(field, "expected a function"))
}
