//! A passkey as the step-up proof: regenerating recovery codes and starting a change of method
//! with a fresh WebAuthn assertion (a challenge started in the signed-in session), single use.

mod common;

use common::passkey::SoftPasskey;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ORIGIN: &str = "http://localhost:8443";

/// Alice enrolled `key` and is signed in with it (counter 2).
async fn signed_in(t: &TestServer, key: &mut SoftPasskey) -> Client {
    let (c, _) = t.login("alice@acme.test").await;
    let (_, started, _) = c.post("/api/enrollment/webauthn", json!({})).await;
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "credential": key.register(&started["publicKey"]) });
    assert_eq!(
        c.post("/api/enrollment/webauthn/confirm", confirm).await.0,
        StatusCode::OK
    );
    let (c, _) = t.login("alice@acme.test").await;
    let (challenge, options) = start(&c).await;
    key.counter = 2;
    let verify = json!({ "challengeId": challenge, "credential": key.assert(&options) });
    assert_eq!(
        c.post("/api/challenge/verify", verify).await.0,
        StatusCode::OK
    );
    c
}

async fn start(c: &Client) -> (String, Value) {
    let (status, started, _) = c
        .post("/api/challenge", json!({ "method": "webauthn" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    (
        started["challengeId"].as_str().unwrap().to_owned(),
        started["publicKey"].clone(),
    )
}

// A fresh proof by the current factor (OWASP MFA Cheat Sheet "Changing MFA Factors"; ASVS 5.0
// 7.5.1; docs/security.md K11), here an assertion (WebAuthn L3 §7.2) for a step-up challenge,
// which is single use (§13.4.3): the same proof again is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passkey_proves_regeneration_and_method_change_once() {
    let t = start_server().await;
    let mut key = SoftPasskey::new(31, ORIGIN);
    let c = signed_in(&t, &mut key).await;
    let (challenge, options) = start(&c).await;
    key.counter = 3;
    let proof = json!({ "proof": { "method": "webauthn", "challengeId": challenge, "credential": key.assert(&options) } });
    let (status, body, _) = c
        .post("/api/recovery-codes/regenerate", proof.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recoveryCodes"].as_array().unwrap().len(), 10);
    let (status, body, _) = c.post("/api/recovery-codes/regenerate", proof).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("challenge_expired")),
        "{body}"
    );

    // A wrong assertion (another key) is refused and counts as a failed attempt.
    let (challenge, options) = start(&c).await;
    let stranger = SoftPasskey::new(32, ORIGIN);
    let wrong = json!({ "proof": { "method": "webauthn", "challengeId": challenge, "credential": stranger.assert(&options) } });
    let (status, body, _) = c.post("/api/mfa/change", wrong).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_code")),
        "{body}"
    );

    let (challenge, options) = start(&c).await;
    key.counter = 4;
    let change = json!({ "proof": { "method": "webauthn", "challengeId": challenge, "credential": key.assert(&options) } });
    let (status, body, _) = c.post("/api/mfa/change", change).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["expiresAt"].is_string(), "a pending change: {body}");
}

async fn start_server() -> TestServer {
    common::start(|c| c.origin = Some(ORIGIN.into())).await
}
