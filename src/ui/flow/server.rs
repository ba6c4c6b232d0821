//! The server's answers, as the client object resolved them, turned into states. Nothing from
//! JS is trusted: every field is type-checked, and the QR code must hold the same key as the
//! secret shown for manual entry. A mismatch is `protocol`.

use super::state::{Kind, Method, State};
use crate::error::{is_mfa_error, new_error, set, MfaError};
use crate::ui::prop;
use alloc::string::String;
use js_sys::{Array, Object};
use mfa_core::qr::{self, SvgOptions};
use mfa_core::ErrorCode;
use mfa_core::{secret, totp::Totp, uri};
use wasm_bindgen::JsValue;

/// The accessible name of the QR code in `showing_qr`.
const QR_TITLE: &str = "QR code to scan with your authenticator app";

pub(crate) fn protocol() -> MfaError {
    new_error(
        ErrorCode::Protocol,
        "the server's answer does not match the API contract",
    )
}

/// A rejection as an `MfaError`: anything else (a bug in a custom client) is wrapped, with the
/// original as `cause`.
pub(crate) fn as_mfa_error(err: JsValue) -> MfaError {
    if is_mfa_error(err.clone()) {
        return err;
    }
    let wrapped = new_error(
        ErrorCode::Protocol,
        "the client failed with something other than an MfaError",
    );
    set(&wrapped, "cause", err);
    wrapped
}

fn text(answer: &JsValue, key: &str) -> Result<String, MfaError> {
    prop(answer, key).as_string().ok_or_else(protocol)
}

fn number(answer: &JsValue, key: &str) -> Result<f64, MfaError> {
    prop(answer, key)
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(protocol)
}

/// Overwrites a copy of the secret before its memory is freed.
fn wipe(s: String) {
    let mut bytes = s.into_bytes();
    bytes.fill(0);
    core::hint::black_box(&bytes);
}

/// `startTotpEnrollment` → `showing_qr`.
pub(crate) fn totp_started(
    answer: &JsValue,
    issuer: &Option<String>,
    account: &Option<String>,
) -> Result<State, MfaError> {
    let enrollment_id = text(answer, "enrollmentId")?;
    let (secret, uri_text) = (text(answer, "secret")?, text(answer, "otpauthUri")?);
    let expires_at = text(answer, "expiresAt")?;
    let key = uri::parse(&uri_text).map_err(|_| protocol())?;
    let same = secret::normalize(&secret).is_ok_and(|s| {
        let same = s == key.secret;
        wipe(s);
        same
    }) && number(answer, "digits")? == f64::from(key.digits)
        && number(answer, "period")? == f64::from(key.period);
    wipe(secret);
    let built = same
        .then(|| {
            Totp::new(
                &key.secret,
                key.algorithm,
                key.digits.into(),
                key.period.into(),
            )
            .ok()
        })
        .flatten();
    let (Some(totp), Ok(formatted)) = (built, secret::format(&key.secret)) else {
        return Err(protocol());
    };
    let svg = qr::svg(
        &uri_text,
        &SvgOptions {
            title: QR_TITLE,
            ..SvgOptions::default()
        },
    )
    .map_err(|_| protocol())?;
    let fields = [
        ("otpauthUri", JsValue::from(&uri_text)),
        ("secret", (&key.secret).into()),
        ("formattedSecret", (&formatted).into()),
        ("qrSvg", svg.into()),
        ("expiresAt", expires_at.into()),
        ("digits", key.digits.into()),
        ("period", key.period.into()),
        (
            "issuer",
            issuer.clone().or_else(|| key.issuer.clone()).into(),
        ),
        (
            "account",
            account
                .clone()
                .unwrap_or_else(|| key.account.clone())
                .into(),
        ),
    ];
    let state = State::new(
        Kind::ShowingQr {
            enrollment_id,
            totp,
        },
        "showing_qr",
        Some(Method::Totp),
        &fields,
    );
    wipe(uri_text);
    wipe(formatted);
    wipe(key.secret);
    Ok(state)
}

/// `startSmsEnrollment` or `resendSms` → `code_sent`. `now` is the server time.
pub(crate) fn sms_sent(answer: &JsValue, now: f64) -> Result<State, MfaError> {
    let challenge_id = text(answer, "challengeId")?;
    let resend_after = number(answer, "resendAfterSeconds")?;
    let fields = [
        ("phoneHint", text(answer, "phoneHint")?.into()),
        ("expiresAt", text(answer, "expiresAt")?.into()),
        ("resendAfterSeconds", resend_after.into()),
        ("resendAvailableAt", (now + resend_after).into()),
    ];
    Ok(State::new(
        Kind::CodeSent { challenge_id },
        "code_sent",
        Some(Method::Sms),
        &fields,
    ))
}

/// `confirm*Enrollment` → `confirmed`, holding a frozen copy of the recovery codes.
pub(crate) fn confirmed(
    answer: &JsValue,
    method: Method,
    issuer: &JsValue,
    account: &JsValue,
) -> Result<State, MfaError> {
    let codes = prop(answer, "recoveryCodes");
    let factor = prop(answer, "factor");
    if !Array::is_array(&codes) || !factor.is_object() {
        return Err(protocol());
    }
    let copy: Array = Array::from(&codes)
        .iter()
        .map(|c| c.as_string().map(JsValue::from))
        .collect::<Option<_>>()
        .ok_or_else(protocol)?;
    let fields = [
        ("recoveryCodes", Object::freeze(&copy).into()),
        ("factor", factor.clone()),
        ("issuer", issuer.clone()),
        ("account", account.clone()),
    ];
    Ok(State::new(
        Kind::Confirmed(method, factor),
        "confirmed",
        Some(method),
        &fields,
    ))
}
