//! Changing the method without a gap (issue 15): `changeMethod` starts a pending change, the old
//! factor and its recovery codes work until the new factor is confirmed, the confirmation swaps
//! them in one transaction, and cancelling or expiring leaves the old setup.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Starts a TOTP enrolment in `client`'s session and returns its id and secret.
async fn start_totp(client: &Client) -> (StatusCode, String, String) {
    let (status, body, _) = client.post("/api/enrollment/totp", json!({})).await;
    let text = |k: &str| body[k].as_str().unwrap_or("").to_owned();
    (status, text("enrollmentId"), text("secret"))
}

async fn confirm_totp(
    t: &TestServer,
    client: &Client,
    id: &str,
    secret: &str,
) -> (StatusCode, Value) {
    let code = totp_code(secret, t.now());
    let (status, body, _) = client
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": id, "code": code }),
        )
        .await;
    (status, body)
}

/// Bob proves his TOTP factor in `client` and starts a change (a fresh step each time).
async fn bob_starts_change(t: &TestServer, client: &Client) -> Value {
    t.clock.advance(30);
    let (status, body, _) = client
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "totp", "code": t.code(BOB_SECRET, 0) } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Signs in as bob with his seeded TOTP in a new client: the old factor still works.
async fn bob_signs_in_with_totp(t: &TestServer) -> StatusCode {
    let (client, body) = t.login("bob@acme.test").await;
    assert_eq!(body["methods"], json!(["totp"]));
    t.clock.advance(30);
    let challenge = client.start_challenge("totp").await;
    client
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await
        .0
}

/// A recovery code at sign-in, in a new client.
async fn recover(t: &TestServer, email: &str, code: &str) -> StatusCode {
    let (client, _) = t.login(email).await;
    client.post("/api/recover", json!({ "code": code })).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_user_changes_to_totp_without_a_recovery_code() {
    let t = start(|_| {}).await;
    let (carol, body) = t.login("carol@acme.test").await;
    assert_eq!(body["methods"], json!(["sms"]));
    let challenge = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    assert_eq!(
        carol.verify_challenge(&challenge, &code).await.0,
        StatusCode::OK
    );
    // The proof is her own factor: an SMS step-up challenge.
    let step_up = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let (status, started, _) = carol
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "sms", "challengeId": step_up, "code": code } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["methods"], json!(["totp", "sms", "webauthn"]));
    assert!(started["expiresAt"].as_str().unwrap().ends_with('Z'));
    let status = carol.status().await;
    assert_eq!(
        (
            status["factors"][0]["method"].as_str(),
            status["recoveryCodesRemaining"].as_u64()
        ),
        (Some("sms"), Some(10)),
        "nothing is removed before the new factor works"
    );
    let (status, id, secret) = start_totp(&carol).await;
    assert_eq!(status, StatusCode::OK);
    // Meanwhile the old recovery codes still sign her in.
    let old_codes = t.seeded_recovery_codes("carol");
    assert_eq!(
        recover(&t, "carol@acme.test", &old_codes[0]).await,
        StatusCode::OK
    );
    let (status, confirmed) = confirm_totp(&t, &carol, &id, &secret).await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    let new_codes = confirmed["recoveryCodes"].as_array().unwrap();
    assert_eq!(new_codes.len(), 10);
    let status = carol.status().await;
    assert_eq!(status["factors"].as_array().unwrap().len(), 1);
    assert_eq!(status["factors"][0]["method"], "totp");
    let (_, body) = t.login("carol@acme.test").await;
    assert_eq!(
        body["methods"],
        json!(["totp"]),
        "the SMS factor went with the swap"
    );
    assert_eq!(
        recover(&t, "carol@acme.test", &old_codes[1]).await,
        StatusCode::UNAUTHORIZED,
        "the old recovery codes went with the swap"
    );
    let new_code = new_codes[0].as_str().unwrap();
    assert_eq!(
        recover(&t, "carol@acme.test", new_code).await,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_change_leaves_the_old_setup() {
    let t = start(|_| {}).await;
    let bob = t.signed_in_bob().await;
    bob_starts_change(&t, &bob).await;
    let (status, id, secret) = start_totp(&bob).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = bob.post("/api/mfa/change/cancel", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = confirm_totp(&t, &bob, &id, &secret).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "no change is pending any more"
    );
    let (status, _, _) = start_totp(&bob).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no change is pending any more"
    );
    assert_eq!(bob.status().await["recoveryCodesRemaining"], 10);
    assert_eq!(bob_signs_in_with_totp(&t).await, StatusCode::OK);
    let code = &t.seeded_recovery_codes("bob")[0];
    assert_eq!(recover(&t, "bob@acme.test", code).await, StatusCode::OK);
    // Cancelling again, with nothing pending, changes nothing.
    let (status, _, _) = bob.post("/api/mfa/change/cancel", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_change_leaves_the_old_setup() {
    let t = start(|c| c.policy.pending_ttl_seconds = 600).await;
    let bob = t.signed_in_bob().await;
    bob_starts_change(&t, &bob).await;
    // The enrolment starts late in the change's window, so it outlives the change.
    t.clock.advance(500);
    let (status, id, secret) = start_totp(&bob).await;
    assert_eq!(status, StatusCode::OK);
    t.clock.advance(120);
    let (status, body) = confirm_totp(&t, &bob, &id, &secret).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "a confirmation after the change expired swaps nothing: {body}"
    );
    let (status, _, _) = start_totp(&bob).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let factors = bob.status().await["factors"].clone();
    assert_eq!(factors.as_array().unwrap().len(), 1);
    assert_eq!(bob_signs_in_with_totp(&t).await, StatusCode::OK);
    let code = &t.seeded_recovery_codes("bob")[0];
    assert_eq!(recover(&t, "bob@acme.test", code).await, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_session_with_the_newest_change_may_enrol() {
    let t = start(|_| {}).await;
    let first = t.signed_in_bob().await;
    let second = t.signed_in_bob_later().await;
    bob_starts_change(&t, &first).await;
    let (status, _, _) = start_totp(&second).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a change belongs to the session that proved"
    );
    let (status, id, secret) = start_totp(&first).await;
    assert_eq!(status, StatusCode::OK);
    // A second change, in the other session, replaces the first and its pending enrolment.
    bob_starts_change(&t, &second).await;
    let (status, body) = confirm_totp(&t, &first, &id, &secret).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _, _) = start_totp(&first).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, id, secret) = start_totp(&second).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = confirm_totp(&t, &second, &id, &secret).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = first.get("/api/status").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "other sessions end at the swap"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_confirmations_swap_once() {
    let t = start(|_| {}).await;
    let bob = t.signed_in_bob().await;
    bob_starts_change(&t, &bob).await;
    let (_, totp_id, secret) = start_totp(&bob).await;
    let (sms, _, _) = bob
        .post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+447700900123" }),
        )
        .await;
    assert_eq!(
        sms,
        StatusCode::OK,
        "the SMS enrolment replaces the pending TOTP one"
    );
    let (status, body) = confirm_totp(&t, &bob, &totp_id, &secret).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // The same enrolment confirmed twice at once: one wins.
    let (_, id, secret) = start_totp(&bob).await;
    let (a, b) = tokio::join!(
        confirm_totp(&t, &bob, &id, &secret),
        confirm_totp(&t, &bob, &id, &secret)
    );
    let wins = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    let (client, body) = t.login("bob@acme.test").await;
    assert_eq!(body["methods"], json!(["totp"]));
    let challenge = client.start_challenge("totp").await;
    t.clock.advance(30);
    let (status, _, _) = client
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old secret went with the swap"
    );
    let (status, _, _) = client
        .verify_challenge(&challenge, &totp_code(&secret, t.now()))
        .await;
    assert_eq!(status, StatusCode::OK, "the new secret is the one factor");
}

/// A page that reloads during a change finds it in `getStatus` (`methodChangeUntil`): the session
/// that started it sees when it ends; another session of the same user, a cancelled change and an
/// expired one show none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_names_this_sessions_pending_change() {
    const TTL: u64 = 600;
    let t = start(|c| c.policy.pending_ttl_seconds = TTL).await;
    let bob = t.signed_in_bob().await;
    let other = t.signed_in_bob_later().await;
    assert!(bob.status().await.get("methodChangeUntil").is_none());
    let started = bob_starts_change(&t, &bob).await;
    assert_eq!(
        bob.status().await["methodChangeUntil"],
        started["expiresAt"]
    );
    assert!(other.status().await.get("methodChangeUntil").is_none());
    let (status, _, _) = bob.post("/api/mfa/change/cancel", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(bob.status().await.get("methodChangeUntil").is_none());
    // Started again, then one second before and exactly at its end (pending_ttl_seconds).
    bob_starts_change(&t, &bob).await;
    t.clock.advance(TTL - 1);
    assert!(bob.status().await.get("methodChangeUntil").is_some());
    t.clock.advance(1);
    assert!(bob.status().await.get("methodChangeUntil").is_none());
}
