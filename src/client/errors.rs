//! What can go wrong in a call, and the `MfaError` each failure becomes. Messages are static
//! text chosen here, never the server's text or any request data, so no code or secret can leak.

use super::contract::{self, Mode};
use crate::error::{new_error, set, MfaError};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A failed exchange, before it becomes an `MfaError`.
pub(crate) enum Failure {
    /// fetch rejected: no connection, DNS, CORS, TLS.
    Network,
    /// Our timeout fired.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx answer whose body does not match the contract.
    Protocol { status: u16 },
    /// A non-2xx answer, with its JSON body if it had one.
    Status {
        status: u16,
        body: Option<JsValue>,
        retry_after: Option<f64>,
    },
}

impl Failure {
    /// The `MfaError` for this failure. `skew` is the device clock minus the server's.
    pub(crate) fn into_error(self, skew: Option<f64>, period: f64) -> MfaError {
        match self {
            Self::Network => new_error("network", "the server could not be reached"),
            Self::Timeout => new_error("timeout", "the server did not answer in time"),
            Self::Aborted => new_error("aborted", "the request was aborted"),
            Self::Protocol { status } => with_status(
                new_error(
                    "protocol",
                    "the server's answer does not match the API contract",
                ),
                status,
            ),
            Self::Status {
                status,
                body,
                retry_after,
            } => {
                let api = body.filter(|b| {
                    contract::check(&contract::schema("ApiError"), b, Mode::Answer).is_ok()
                });
                let Some(api) = api else {
                    return with_status(
                        if status == 429 {
                            with_retry(
                                new_error("rate_limited", "too many requests; try again later"),
                                retry_after,
                            )
                        } else if status >= 500 {
                            new_error("server", "the server failed")
                        } else {
                            new_error(
                                "protocol",
                                "the server's error does not match the API contract",
                            )
                        },
                        status,
                    );
                };
                with_status(from_api(api, retry_after, skew, period), status)
            }
        }
    }
}

fn with_status(error: MfaError, status: u16) -> MfaError {
    set(&error, "status", status.into());
    error
}

fn with_retry(error: MfaError, seconds: Option<f64>) -> MfaError {
    if let Some(seconds) = seconds {
        set(&error, "retryAfterSeconds", seconds.into());
    }
    error
}

/// Maps the server's error body (already checked against the contract's `ApiError`).
/// `Retry-After` from the body wins over the header.
fn from_api(api: JsValue, retry_after: Option<f64>, skew: Option<f64>, period: f64) -> MfaError {
    let field = |key: &str| Reflect::get(&api, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let (code, message) = match field("code").as_string().as_deref().unwrap_or_default() {
        "invalid_code" => ("invalid_code", "the code is not valid"),
        "invalid_credentials" => ("invalid_credentials", "the email or password is wrong"),
        "rate_limited" => ("rate_limited", "too many requests; try again later"),
        "locked_out" => (
            "locked_out",
            "too many failed attempts; the account is locked for a while",
        ),
        "challenge_expired" => ("challenge_expired", "the challenge expired; start again"),
        "enrollment_required" => (
            "enrollment_required",
            "a second factor must be set up first",
        ),
        "mfa_required" => ("mfa_required", "a second-factor check is needed first"),
        "sso_managed" => (
            "sso_managed",
            "the organisation's identity provider handles two-factor authentication",
        ),
        "not_enrolled" => ("not_enrolled", "no factor of this kind is set up"),
        "unauthorized" => ("unauthorized", "not signed in"),
        "forbidden" => ("forbidden", "not allowed"),
        "conflict" => ("conflict", "the request conflicts with the current setup"),
        "invalid_input" | "payload_too_large" => {
            ("invalid_input", "the server refused the request's input")
        }
        // not_found, method_not_allowed, unavailable, internal, and codes newer than this client.
        _ => ("server", "the server failed"),
    };
    let error = with_retry(
        new_error(code, message),
        field("retryAfterSeconds").as_f64().or(retry_after),
    );
    for (from, to) in [
        ("attemptsRemaining", "attemptsRemaining"),
        ("lockedUntil", "until"),
        ("field", "field"),
        ("reason", "reason"),
    ] {
        let value = field(from);
        if !value.is_undefined() && !value.is_null() {
            set(&error, to, value);
        }
    }
    if code == "invalid_code" {
        if let Some(skew) = skew {
            // A wrong code from a device whose clock is off by more than a period is most likely
            // a clock problem, not a typo (peer-sdks.md §4.3): say so.
            set(&error, "clockSkewSeconds", skew.into());
            set(&error, "clockSkewSuspected", (skew.abs() > period).into());
        }
    }
    error
}

/// A local refusal before anything is sent: the field and the validator's reason.
pub(crate) fn invalid_input(field: &str, reason: &str) -> MfaError {
    let error = new_error("invalid_input", "the input is not valid; nothing was sent");
    set(&error, "field", field.into());
    set(&error, "reason", reason.into());
    error
}

/// `Retry-After` as delta-seconds or as an HTTP-date (RFC 9110 §10.2.3), in seconds from now.
pub(crate) fn parse_retry_after(value: &str) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<f64>().ok();
    }
    let at = js_sys::Date::parse(value);
    (!at.is_nan()).then(|| ((at - js_sys::Date::now()) / 1000.0).ceil().max(0.0))
}
