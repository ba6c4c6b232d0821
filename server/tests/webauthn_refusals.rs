//! WebAuthn assertions that must be refused, each with its WebAuthn Level 3 section: a replayed
//! assertion, a wrong origin, a wrong RP ID, a signature counter that goes backwards, and a
//! credential of another user. A software authenticator (`common/passkey.rs`) makes each one.

mod common;

use common::passkey::SoftPasskey;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ORIGIN: &str = "http://localhost:8443";

/// A server at [`ORIGIN`] where `email` has enrolled `key`.
async fn enrolled(t: &TestServer, email: &str, key: &SoftPasskey) {
    let (c, body) = t.login(email).await;
    if body["status"] == "authenticated" {
        // erin (2FA optional) enrols from a signed-in session.
        assert_eq!(body["status"], "authenticated");
    }
    let (status, started, _) = c.post("/api/enrollment/webauthn", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let credential = key.register(&started["publicKey"]);
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "credential": credential });
    let (status, body, _) = c.post("/api/enrollment/webauthn/confirm", confirm).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn challenge(t: &TestServer, email: &str) -> (Client, String, Value) {
    let (c, body) = t.login(email).await;
    assert_eq!(body["status"], "mfa_required", "{body}");
    let (status, started, _) = c
        .post("/api/challenge", json!({ "method": "webauthn" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let id = started["challengeId"].as_str().unwrap().to_owned();
    (c, id, started["publicKey"].clone())
}

async fn verify(c: &Client, id: &str, credential: &Value) -> (StatusCode, Option<String>) {
    let (status, body, _) = c
        .post(
            "/api/challenge/verify",
            json!({ "challengeId": id, "credential": credential }),
        )
        .await;
    (status, body["code"].as_str().map(str::to_owned))
}

async fn futures_join(
    c: &Client,
    id: &str,
    assertion: &Value,
) -> Vec<(StatusCode, Option<String>)> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (c, id, assertion) = (c.clone(), id.to_owned(), assertion.clone());
        tasks.spawn(async move { verify(&c, &id, &assertion).await });
    }
    tasks.join_all().await
}

fn refused() -> (StatusCode, Option<String>) {
    (StatusCode::UNAUTHORIZED, Some("invalid_code".into()))
}

async fn setup(seed: u8) -> (TestServer, SoftPasskey) {
    let t = start(|c| c.origin = Some(ORIGIN.into())).await;
    let key = SoftPasskey::new(seed, ORIGIN);
    enrolled(&t, "alice@acme.test", &key).await;
    (t, key)
}

// WebAuthn L3 §13.4.3 (challenges are single use) and §7.2 step 12 (the challenge must match):
// the same assertion again finds its challenge used, and on a new challenge it does not match.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
// The passkey has no counter (0, as synced passkeys), so only the single-use challenge stops it.
async fn a_replayed_assertion_is_refused() {
    let t = start(|c| {
        c.origin = Some(ORIGIN.into());
        // The losers of the race are failed attempts: the lockout must not answer in place of
        // the single-use rule under test (on PostgreSQL they all reached it: 429 here before).
        c.policy.max_failures = 1_000;
    })
    .await;
    let mut key = SoftPasskey::new(11, ORIGIN);
    key.counter = 0;
    enrolled(&t, "alice@acme.test", &key).await;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    let assertion = key.assert(&options);
    // The same assertion sent 8 times at once: exactly one wins the challenge.
    let answers = futures_join(&c, &id, &assertion).await;
    let ok = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{answers:?}");
    let (status, code) = verify(&c, &id, &assertion).await;
    assert_ne!(status, StatusCode::OK, "the used challenge again: {code:?}");
    let (c2, id2, _) = challenge(&t, "alice@acme.test").await;
    assert_eq!(
        verify(&c2, &id2, &assertion).await,
        refused(),
        "on a new challenge"
    );
}

// WebAuthn L3 §7.2 step 13: clientDataJSON.origin must be the RP's origin (phishing resistance).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assertion_for_another_origin_is_refused() {
    let (t, mut key) = setup(12).await;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    key.counter = 2;
    key.origin = "http://localhost.evil.test:8443".into();
    assert_eq!(verify(&c, &id, &key.assert(&options)).await, refused());
    key.origin = "http://localhost:8444".into();
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    assert_eq!(
        verify(&c, &id, &key.assert(&options)).await,
        refused(),
        "another port"
    );
}

// WebAuthn L3 §7.2 step 15: authenticatorData.rpIdHash must be SHA-256 of the RP ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assertion_for_another_rp_id_is_refused() {
    let (t, mut key) = setup(13).await;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    key.counter = 2;
    key.rp_id = "evil.test".into();
    assert_eq!(verify(&c, &id, &key.assert(&options)).await, refused());
    key.rp_id = "localhost".into();
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    assert_eq!(
        verify(&c, &id, &key.assert(&options)).await.0,
        StatusCode::OK,
        "the right one passes"
    );
}

// WebAuthn L3 §7.2 step 22: a signature counter that does not grow (a cloned authenticator) is
// refused and logged; the recorded counter stays where it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_that_goes_backwards_is_refused() {
    let (t, mut key) = setup(14).await;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    key.counter = 5;
    assert_eq!(
        verify(&c, &id, &key.assert(&options)).await.0,
        StatusCode::OK
    );
    for counter in [3, 5] {
        let (c, id, options) = challenge(&t, "alice@acme.test").await;
        key.counter = counter;
        assert_eq!(
            verify(&c, &id, &key.assert(&options)).await,
            refused(),
            "counter {counter} after 5"
        );
    }
    let flags = t
        .server
        .state
        .store
        .credential_flags(&key.cred_id)
        .await
        .unwrap();
    assert_eq!(flags.map(|f| f.0), Some(5));
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    key.counter = 6;
    assert_eq!(
        verify(&c, &id, &key.assert(&options)).await.0,
        StatusCode::OK,
        "a grown counter passes"
    );
}

// WebAuthn L3 §7.2 steps 5-6: the credential must be one of this user's (allowCredentials, and
// the credential's owner): erin's passkey cannot answer alice's challenge. Registering erin's
// credential id for alice too is refused (§7.1 step 26).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_of_another_user_is_refused() {
    let (t, mut alice_key) = setup(15).await;
    let mut erin_key = SoftPasskey::new(16, ORIGIN);
    enrolled(&t, "erin@initech.test", &erin_key).await;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    erin_key.counter = 2;
    assert_eq!(verify(&c, &id, &erin_key.assert(&options)).await, refused());
    alice_key.counter = 2;
    let (c, id, options) = challenge(&t, "alice@acme.test").await;
    assert_eq!(
        verify(&c, &id, &alice_key.assert(&options)).await.0,
        StatusCode::OK
    );

    // The same credential id registered by a second user is refused.
    let t = start(|c| c.origin = Some(ORIGIN.into())).await;
    let shared = SoftPasskey::new(17, ORIGIN);
    enrolled(&t, "erin@initech.test", &shared).await;
    let (alice, _) = t.login("alice@acme.test").await;
    let (_, started, _) = alice.post("/api/enrollment/webauthn", json!({})).await;
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "credential": shared.register(&started["publicKey"]) });
    let (status, body, _) = alice
        .post("/api/enrollment/webauthn/confirm", confirm)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict")),
        "{body}"
    );
}
