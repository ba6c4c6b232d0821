//! WebAuthn input and options: bad input gets a typed error, an assertion without user
//! verification is refused, and registration options exclude the credentials given.

mod common;

use common::passkey::{b64, SoftPasskey};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ORIGIN: &str = "http://localhost:8443";

/// A server at [`ORIGIN`] where alice enrolled `key`, and alice signing in again up to the
/// WebAuthn challenge: (server, client, challengeId, options).
async fn alice_at_challenge(key: &SoftPasskey) -> (TestServer, Client, String, Value) {
    let t = start(|c| c.origin = Some(ORIGIN.into())).await;
    let (c, _) = t.login("alice@acme.test").await;
    let (_, started, _) = c.post("/api/enrollment/webauthn", json!({})).await;
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "credential": key.register(&started["publicKey"]) });
    let (status, body, _) = c.post("/api/enrollment/webauthn/confirm", confirm).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (c, _) = t.login("alice@acme.test").await;
    let (status, started, _) = c
        .post("/api/challenge", json!({ "method": "webauthn" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let id = started["challengeId"].as_str().unwrap().to_owned();
    (t, c, id, started["publicKey"].clone())
}

fn reason(status: StatusCode, body: &Value) -> (StatusCode, Option<&str>, Option<&str>) {
    (status, body["field"].as_str(), body["reason"].as_str())
}

// Bad input gets a typed error: a WebAuthn challenge takes a credential, not a code, and not both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webauthn_challenge_takes_a_credential_only() {
    let key = SoftPasskey::new(21, ORIGIN);
    let (_t, c, id, options) = alice_at_challenge(&key).await;
    let (status, body, _) = c
        .post("/api/challenge/verify", json!({ "challengeId": id }))
        .await;
    let missing = (
        StatusCode::BAD_REQUEST,
        Some("credential"),
        Some("missing_field"),
    );
    assert_eq!(reason(status, &body), missing, "{body}");
    let (status, body, _) = c.verify_challenge(&id, "123456").await;
    let code = (StatusCode::BAD_REQUEST, Some("code"), Some("unknown_field"));
    assert_eq!(reason(status, &body), code, "{body}");
    let both = json!({ "challengeId": id, "code": "123456", "credential": key.assert(&options) });
    let (status, body, _) = c.post("/api/challenge/verify", both).await;
    assert_eq!(reason(status, &body), code, "{body}");
    let bad = json!({ "challengeId": id, "credential": { "id": "x" } });
    let (status, body, _) = c.post("/api/challenge/verify", bad).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_input")),
        "{body}"
    );
}

// WebAuthn L3 §7.2 step 17: with userVerification "required", an assertion without the UV flag is
// refused, even from the registered credential.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assertion_without_user_verification_is_refused() {
    let mut key = SoftPasskey::new(22, ORIGIN);
    let (_t, c, id, options) = alice_at_challenge(&key).await;
    key.counter = 2;
    key.uv = false;
    let (status, body, _) = c
        .post(
            "/api/challenge/verify",
            json!({ "challengeId": id, "credential": key.assert(&options) }),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_code")),
        "{body}"
    );
}

// WebAuthn L3 §5.4 `excludeCredentials`: the registration options list the credentials given (the
// user's stored ones, `startWebAuthnEnrollment`), so an authenticator holding one refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_options_exclude_the_users_credentials() {
    let t = start(|c| c.origin = Some(ORIGIN.into())).await;
    let held = vec![vec![1u8, 2, 3], vec![0xfb, 0xff]];
    let (options, _) = t
        .server
        .state
        .webauthn
        .start_registration("usr_alice", "alice@acme.test", held)
        .unwrap();
    let ids: Vec<String> = options
        .exclude_credentials
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, [b64(&[1, 2, 3]), b64(&[0xfb, 0xff])]);
}
