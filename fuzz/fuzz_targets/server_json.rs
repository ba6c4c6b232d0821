//! The server's JSON body extractor (`server/src/extract.rs`) on any bytes, for every request
//! type of the API, and behind any Content-Type: never a panic; a body it accepts means what it
//! says (it serializes and parses back to the same value); everything else is `invalid_input`
//! (400, or 415 for a Content-Type that is not JSON) with a short field name, one of the
//! documented reasons and one of the fixed messages, so nothing of the input is echoed.
#![no_main]
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use libfuzzer_sys::fuzz_target;
use mfa_server::error::AppError;
use mfa_server::extract::{parse, ApiJson};
use mfa_wire::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use std::future::Future;
use std::task::{Context, Poll, Waker};

const REASONS: [&str; 6] = [
    "malformed_json",
    "unknown_field",
    "missing_field",
    "invalid_type",
    "invalid_value",
    "unsupported_media_type",
];

/// Every message `extract.rs` can answer with.
const MESSAGES: [&str; 7] = [
    "the body is not valid JSON",
    "the body has a field the API does not define",
    "a required field is missing",
    "a field has the wrong type",
    "a field has a value the API does not accept",
    "the body must be JSON (Content-Type: application/json)",
    "the body could not be read",
];

fn check_error(err: &AppError) {
    assert_eq!(err.body.code, ErrorCode::InvalidInput);
    let field = err.body.field.as_deref().expect("a field");
    let reason = err.body.reason.as_deref().expect("a reason");
    assert!(REASONS.contains(&reason), "{reason}");
    // The field is a path of short printable names, never a key the client made up whole.
    let name = |s: &str| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_graphic());
    assert!(field.split('.').all(name), "{err:?}");
    // Messages are fixed texts: nothing of the input is echoed.
    assert!(MESSAGES.contains(&err.body.message.as_str()), "{err:?}");
}

fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(bytes: &[u8]) {
    match parse::<T>(bytes) {
        Ok(value) => {
            let again = serde_json::to_vec(&value).expect("serializes");
            assert_eq!(parse::<T>(&again).expect("parses back"), value);
        }
        Err(err) => {
            assert_eq!(err.status, 400);
            check_error(&err);
        }
    }
}

/// The whole extractor: Content-Type first, then the body. The body is in memory, so the future
/// is ready at its first poll.
fn extract<T: DeserializeOwned + Serialize + PartialEq + Debug>(content_type: &[u8], body: &[u8]) {
    let Ok(request) = Request::builder()
        .header("content-type", content_type)
        .body(Body::from(body.to_vec()))
    else {
        return; // not a header value HTTP could carry
    };
    let mut future = std::pin::pin!(ApiJson::<T>::from_request(request, &()));
    let Poll::Ready(result) = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    else {
        panic!("the extractor waited on an in-memory body");
    };
    let essence = String::from_utf8_lossy(content_type);
    let essence = essence
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    match (result, json) {
        (Ok(ApiJson(value)), true) => assert_eq!(Some(value), parse::<T>(body).ok()),
        (Ok(_), false) => panic!("accepted a body typed {essence:?}"),
        (Err(err), false) => {
            assert_eq!(err.status, 415);
            check_error(&err);
        }
        (Err(err), true) => {
            assert_eq!(err.status, 400);
            assert_eq!(
                Some(err.body.reason.clone()),
                parse::<T>(body).err().map(|e| e.body.reason)
            );
            check_error(&err);
        }
    }
}

fn both<T: DeserializeOwned + Serialize + PartialEq + Debug>(content_type: &[u8], body: &[u8]) {
    check::<T>(body);
    extract::<T>(content_type, body);
}

const CONTENT_TYPES: [&[u8]; 4] = [
    b"application/json",
    b"Application/JSON; charset=utf-8",
    b"application/problem+json",
    b"text/plain",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    // The low bits pick a request type; the high bits a Content-Type, or (7) take it from the
    // input up to the first newline.
    let (content_type, body) = match usize::from(selector >> 5) {
        n @ 0..=3 => (CONTENT_TYPES[n], rest),
        _ => match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (&b"application/json"[..], rest),
        },
    };
    match selector % 14 {
        0 => both::<LoginRequest>(content_type, body),
        1 => both::<StartTotpEnrollmentRequest>(content_type, body),
        2 => both::<ConfirmTotpEnrollmentRequest>(content_type, body),
        3 => both::<StartSmsEnrollmentRequest>(content_type, body),
        4 => both::<ConfirmSmsEnrollmentRequest>(content_type, body),
        5 => both::<ResendSmsRequest>(content_type, body),
        6 => both::<StartChallengeRequest>(content_type, body),
        7 => both::<VerifyChallengeRequest>(content_type, body),
        8 => both::<RecoverRequest>(content_type, body),
        9 => both::<RegenerateRecoveryCodesRequest>(content_type, body),
        10 => both::<ChangeMethodRequest>(content_type, body),
        11 => both::<SetOrgPolicyRequest>(content_type, body),
        12 => both::<ResetMemberMfaRequest>(content_type, body),
        _ => both::<AdvanceDevClockRequest>(content_type, body),
    }
});
