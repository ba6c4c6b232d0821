//! Enrolments confirmed at once: one user may hold one pending enrolment (a new one replaces
//! the old), and of several confirmations racing, exactly one enrols, with its own recovery
//! codes, while the others are refused by the enrolment rules (docs/security.md K12: no second
//! secret; ASVS 5.0 15.4.2: no race on a single-use operation).

mod common;

use common::*;
use mfa_server::crypto::recovery;
use reqwest::StatusCode;
use serde_json::json;

const USER: &str = "usr_alice";

/// The user's stored recovery codes are exactly `codes` (the winner's), all unused.
async fn stored_codes_are(t: &TestServer, codes: &[serde_json::Value]) {
    let store = &t.server.state.store;
    let stored = store.unused_recovery_codes(USER).await.unwrap();
    assert_eq!(stored.len(), 10);
    let iterations = t.server.state.policy.recovery_kdf_iterations;
    for code in codes {
        let code = code.as_str().unwrap();
        let matched = stored
            .iter()
            .filter(|(_, s)| recovery::matches(code, s, iterations))
            .count();
        assert_eq!(matched, 1, "{code} is stored once");
    }
}

/// Ten sessions of Alice confirm one pending enrolment at once, with the right code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_enrolment_confirmed_at_once_enrols_once() {
    // Limits that let every request reach the confirmation (a loser's code counts as a failure).
    let t = start(|c| {
        c.policy.ip_failure_limit = 10_000;
        c.policy.max_failures = 1_000;
    })
    .await;
    let mut sessions = Vec::new();
    for _ in 0..10 {
        sessions.push(t.login("alice@acme.test").await.0);
    }
    let (_, started, _) = sessions[0].post("/api/enrollment/totp", json!({})).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "code": t.code(&secret, 0) });
    let answers = race(sessions, move |c| {
        let confirm = confirm.clone();
        async move { c.post("/api/enrollment/totp/confirm", confirm).await }
    })
    .await;
    // Losers find a factor already enrolled (checked first, or inside the confirmation), the
    // enrolment no longer pending (the winner activated it between the check and the lookup),
    // or their session ended when the winner's confirmation ended Alice's other sessions.
    assert_exactly_one_success(
        &answers,
        &[
            (StatusCode::CONFLICT, "conflict"),
            (StatusCode::NOT_FOUND, "not_found"),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            (StatusCode::GONE, "challenge_expired"),
        ],
    );
    let winner = answers.iter().find(|a| a.0 == StatusCode::OK).unwrap();
    stored_codes_are(&t, winner.1["recoveryCodes"].as_array().unwrap()).await;
    let store = &t.server.state.store;
    assert_eq!(store.active_factors(USER).await.unwrap().len(), 1);
}

/// Two sessions each start an enrolment (the second replaces the first), then both confirm at
/// once: only the second can enrol, and the secret that works afterwards is its secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pending_enrolments_confirmed_at_once() {
    let t = start(|_| {}).await;
    let (first, _) = t.login("alice@acme.test").await;
    let (second, _) = t.login("alice@acme.test").await;
    let (_, one, _) = first.post("/api/enrollment/totp", json!({})).await;
    let (_, two, _) = second.post("/api/enrollment/totp", json!({})).await;
    let store = &t.server.state.store;
    let one_id = one["enrollmentId"].as_str().unwrap();
    assert!(
        store.factor(USER, one_id).await.unwrap().is_none(),
        "replaced"
    );
    let confirm = |started: &serde_json::Value| {
        let secret = started["secret"].as_str().unwrap();
        json!({ "enrollmentId": started["enrollmentId"], "code": t.code(secret, 0) })
    };
    let answers = race(
        vec![(first, confirm(&one)), (second, confirm(&two))],
        |(c, body)| async move { c.post("/api/enrollment/totp/confirm", body).await },
    )
    .await;
    let (status, body, _) = &answers[1];
    assert_eq!(*status, StatusCode::OK, "the later enrolment: {body}");
    // The first is gone (or its session ended with the second's confirmation).
    let (status, body, _) = &answers[0];
    assert!(
        [
            (StatusCode::NOT_FOUND, "not_found"),
            (StatusCode::UNAUTHORIZED, "unauthorized")
        ]
        .contains(&(*status, code_of(body))),
        "{status} {body}"
    );
    stored_codes_are(&t, answers[1].1["recoveryCodes"].as_array().unwrap()).await;

    t.clock.advance(30);
    let (alice, _) = t.login("alice@acme.test").await;
    let challenge = alice.start_challenge("totp").await;
    let old = t.code(one["secret"].as_str().unwrap(), 0);
    let (status, _, _) = alice.verify_challenge(&challenge, &old).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the replaced secret does not work"
    );
    let new = t.code(two["secret"].as_str().unwrap(), 0);
    let (status, body, _) = alice.verify_challenge(&challenge, &new).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
