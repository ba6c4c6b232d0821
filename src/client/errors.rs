//! The `MfaError` an error answer becomes. Every code comes from `mfa_core::ErrorCode` (the
//! contract's codes are mapped onto it at build time, build/contract.rs). Messages are static
//! text chosen here, never the server's text or any request data, so no code or secret can leak.
//! The failures without an answer (`network`, `timeout`, `aborted`) and the clock-skew details
//! of `invalid_code` are the TypeScript side's (ts/client/).

use super::contract;
use crate::error::{new_error, set, MfaError};
use js_sys::Reflect;
use mfa_core::{ErrorCode, Reason};
use wasm_bindgen::JsValue;

/// The `MfaError` for a non-2xx answer. The contract's error body gives the code and its
/// details; without one, the status alone decides (`ErrorCode::from_answer`).
pub(crate) fn answer_error(status: u16, body: JsValue, retry_after: Option<f64>) -> MfaError {
    // The contract's error body, or nothing we may read.
    let api = Some(body).filter(|b| contract::answer_ok(contract::ERROR_BODY, b));
    let field = |key: &str| {
        api.as_ref()
            .and_then(|b| Reflect::get(b, &key.into()).ok())
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let wire = field("code").and_then(|c| c.as_string());
    let code = ErrorCode::from_answer(status, wire.as_deref());
    let error = with_status(new_error(code, message(code)), status);
    if let Some(seconds) = field("retryAfterSeconds")
        .and_then(|v| v.as_f64())
        .or(retry_after)
    {
        set(&error, "retryAfterSeconds", seconds.into());
    }
    if let Some(value) = field("attemptsRemaining") {
        set(&error, "attemptsRemaining", value);
    }
    if let Some(value) = field("lockedUntil") {
        set(&error, "until", value);
    }
    if code == ErrorCode::InvalidInput {
        // Always a field and a typed reason: what the server names, else the body.
        let name = field("field").and_then(|f| f.as_string());
        let reason = field("reason").and_then(|r| r.as_string());
        set(&error, "field", name.as_deref().unwrap_or("body").into());
        let reason = reason.as_deref().and_then(Reason::parse);
        set(
            &error,
            "reason",
            reason.unwrap_or(Reason::InvalidValue).as_str().into(),
        );
    }
    error
}

fn with_status(error: MfaError, status: u16) -> MfaError {
    set(&error, "status", status.into());
    error
}

/// The message of an error the server answered with.
fn message(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        InvalidCode => "the code is not valid",
        InvalidCredentials => "the email or password is wrong",
        RateLimited => "too many requests; try again later",
        LockedOut => "too many failed attempts; the account is locked for a while",
        ChallengeExpired => "the challenge expired; start again",
        EnrollmentRequired => "a second factor must be set up first",
        MfaRequired => "a second-factor check is needed first",
        SsoManaged => "the organisation's identity provider handles two-factor authentication",
        NotEnrolled => "no factor of this kind is set up",
        Unauthorized => "not signed in",
        Forbidden => "not allowed",
        Conflict => "the request conflicts with the current setup",
        NotFound => "the server has no such resource (it may have expired)",
        MethodNotAllowed => "the server does not allow this request (a different API version?)",
        PayloadTooLarge => "the request is larger than the server accepts",
        Unavailable => "a service the server needs is unavailable; try again later",
        InvalidInput => "the server refused the request's input",
        Server => "the server failed",
        _ => "the server's answer does not match the API contract",
    }
}

/// A local refusal before anything is sent: the field and the reason.
pub(crate) fn invalid_input(field: &str, reason: Reason) -> MfaError {
    let error = new_error(
        ErrorCode::InvalidInput,
        "the input is not valid; nothing was sent",
    );
    set(&error, "field", field.into());
    set(&error, "reason", reason.as_str().into());
    error
}
