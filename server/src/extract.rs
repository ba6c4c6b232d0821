//! Extractors that never panic and always answer with the typed error body: JSON bodies
//! (malformed, wrong types, unknown fields, oversized → 4xx) and the client's address.

use crate::error::AppError;
use crate::security::client::ClientAddr;
use crate::security::session::CookieSettings;
use crate::security::throttle::Caller;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use mfa_wire::ErrorCode;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The largest request body accepted (ASVS 5.0 4.1: bound request sizes). Every request of
/// the API fits in far less.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A JSON body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence != "application/json"
            && !(essence.starts_with("application/") && essence.ends_with("+json"))
        {
            let err = AppError::input(
                "body",
                "unsupported_media_type",
                "the body must be JSON (Content-Type: application/json)",
            );
            return Err(err.with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(ErrorCode::PayloadTooLarge, "the body is too large")
            } else {
                AppError::input("body", "unreadable", "the body could not be read")
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body, mapping every failure to `invalid_input` with the field and a reason.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        describe(err.inner(), &path)
    })?;
    de.end()
        .map_err(|_| AppError::input("body", "malformed_json", "the body is not valid JSON"))?;
    refuse_nul(bytes)?;
    Ok(value)
}

/// No field of the API means a U+0000, and PostgreSQL's `text` cannot hold one (its manual,
/// "Character Types"): schemathesis sent `"email": "a\u0000"` and the PostgreSQL engine answered
/// 500. A body with a NUL in any string or key is `invalid_value` on both engines, before a
/// handler sees it (ASVS 5.0 2.2.1: input is validated against what it should be). JSON carries
/// a NUL only as the escape `\u0000`, so a body without that text is not walked.
fn refuse_nul(bytes: &[u8]) -> Result<(), AppError> {
    if !bytes.windows(6).any(|w| w == b"\\u0000") {
        return Ok(());
    }
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| AppError::input("body", "malformed_json", "the body is not valid JSON"))?;
    match nul_at(&value, ".") {
        None => Ok(()),
        Some(path) => Err(AppError::input(
            printable(&path),
            "invalid_value",
            "a field has a value the API does not accept",
        )),
    }
}

/// The path of the first string or key holding a NUL, in serde_path_to_error's notation. The
/// depth is bounded by serde_json's recursion limit (128).
fn nul_at(value: &serde_json::Value, path: &str) -> Option<String> {
    let join = |name: &str| {
        if path == "." {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    match value {
        serde_json::Value::String(s) if s.contains('\0') => Some(path.to_owned()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_at(v, &format!("{}[{i}]", path.trim_start_matches('.')))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(path.to_owned())
            } else {
                nul_at(v, &join(k))
            }
        }),
        _ => None,
    }
}

fn describe(err: &serde_json::Error, path: &str) -> AppError {
    use serde_json::error::Category;
    if !matches!(err.classify(), Category::Data) {
        return AppError::input("body", "malformed_json", "the body is not valid JSON");
    }
    let text = err.to_string();
    let named = text
        .split('`')
        .nth(1)
        .filter(|n| n.len() <= 64 && n.bytes().all(|b| b.is_ascii_graphic()));
    let (reason, message) = if text.starts_with("unknown field") {
        (
            "unknown_field",
            "the body has a field the API does not define",
        )
    } else if text.starts_with("missing field") {
        ("missing_field", "a required field is missing")
    } else if text.starts_with("invalid type") || text.starts_with("invalid length") {
        ("invalid_type", "a field has the wrong type")
    } else {
        (
            "invalid_value",
            "a field has a value the API does not accept",
        )
    };
    let field = match (reason, named) {
        ("unknown_field" | "missing_field", Some(name)) if path == "." => name.to_owned(),
        ("unknown_field" | "missing_field", Some(name)) if !path.ends_with(name) => {
            format!("{path}.{name}")
        }
        _ if path == "." => "body".to_owned(),
        _ => path.to_owned(),
    };
    AppError::input(printable(&field), reason, message)
}

/// The field as the answer may name it: the leading segments that are short printable names.
/// The path can hold a key the client sent, which may be anything up to the body limit (control
/// characters, 16 KiB): such a key is not echoed, its parent is named (or `body`).
fn printable(field: &str) -> String {
    let name = |s: &&str| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_graphic());
    let kept: Vec<&str> = field.split('.').take_while(name).collect();
    if kept.is_empty() {
        "body".to_owned()
    } else {
        kept.join(".")
    }
}

/// The client's address: the TCP peer, or the address a trusted proxy saw
/// (`security::client`). Forwarded-for headers from anyone else are ignored (they are
/// client-controlled, WSTG-ATHN-11 "IP-based exemptions").
impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(Self {
            ip: state.trusted_proxies.client(peer, &forwarded),
        })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let addr = ClientAddr::from_request_parts(parts, state).await?;
        Ok(Self {
            addr,
            device_cookie: CookieSettings::get(&parts.headers, state.cookie.device_name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_wire::{LoginRequest, RegenerateRecoveryCodesRequest};

    fn reason<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> (String, String) {
        let err = parse::<T>(body.as_bytes()).unwrap_err();
        (
            err.body.field.unwrap_or_default(),
            err.body.reason.unwrap_or_default(),
        )
    }

    #[test]
    fn bodies_map_to_fields_and_reasons() {
        assert_eq!(
            reason::<LoginRequest>("{"),
            ("body".into(), "malformed_json".into())
        );
        assert_eq!(
            reason::<LoginRequest>(r#"{"email":"a","password":"b"} x"#),
            ("body".into(), "malformed_json".into())
        );
        assert_eq!(
            reason::<LoginRequest>(r#"{"email":"a"}"#),
            ("password".into(), "missing_field".into())
        );
        assert_eq!(
            reason::<LoginRequest>(r#"{"email":"a","password":1}"#),
            ("password".into(), "invalid_type".into())
        );
        assert_eq!(
            reason::<LoginRequest>(r#"{"email":"a","password":"b","x":1}"#),
            ("x".into(), "unknown_field".into())
        );
        assert_eq!(
            reason::<LoginRequest>("[]"),
            ("body".into(), "invalid_type".into())
        );
        let (field, why) =
            reason::<RegenerateRecoveryCodesRequest>(r#"{"proof":{"method":"totp","code":5}}"#);
        // Tagged unions are buffered, so the path stops at the union.
        assert_eq!((field.as_str(), why.as_str()), ("proof", "invalid_type"));
        let (_, why) =
            reason::<RegenerateRecoveryCodesRequest>(r#"{"proof":{"method":"carrier_pigeon"}}"#);
        assert_eq!(why, "invalid_value");
    }

    /// Found by fuzzing (fuzz/fuzz_targets/server_json.rs): an unknown key reached the answer's
    /// `field` whole, through the path, whatever its length or characters.
    #[test]
    fn unknown_keys_are_not_echoed() {
        let long = format!(r#"{{"{}": 1}}"#, "a".repeat(100));
        for body in [long.as_str(), r#"{"a b\u0001": 1}"#, r#"{"": 1}"#] {
            assert_eq!(
                reason::<LoginRequest>(body),
                ("body".into(), "unknown_field".into()),
                "{body}"
            );
        }
        let nested = format!(
            r#"{{"proof": {{"method": "sms", "{}": 1}}}}"#,
            "z".repeat(70)
        );
        let (field, _) = reason::<mfa_wire::ChangeMethodRequest>(&nested);
        assert_eq!(field, "proof");
    }

    /// Found by schemathesis on PostgreSQL: a NUL in a string answered 500 there. Every NUL is
    /// `invalid_value` with its field, on both engines; the text `\u0000` (an escaped backslash)
    /// is not a NUL and passes.
    #[test]
    fn a_nul_in_any_string_is_refused() {
        for (body, field) in [
            (r#"{"email":"a\u0000@b.c","password":"x"}"#, "email"),
            (r#"{"email":"a@b.c","password":"x\u0000"}"#, "password"),
            (
                r#"{"proof":{"method":"totp","code":"12345\u0000"}}"#,
                "proof.code",
            ),
        ] {
            let err = if field == "proof.code" {
                reason::<RegenerateRecoveryCodesRequest>(body)
            } else {
                reason::<LoginRequest>(body)
            };
            assert_eq!(err, (field.into(), "invalid_value".into()), "{body}");
        }
        let literal = parse::<LoginRequest>(br#"{"email":"a\\u0000","password":"x"}"#).unwrap();
        assert_eq!(literal.email, "a\\u0000");
    }
}
