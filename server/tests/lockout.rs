//! Failed attempts: counted per account on the server across sessions and IPs, 5 failures lock
//! for a configurable period (RFC 4226 §7.3, NIST SP 800-63B 5.2.2, ASVS 4.0.3 2.2.1), answers
//! carry attemptsRemaining or Retry-After, the lock expires, and a per-IP limit.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn verify(
    c: &Client,
    challenge: &str,
    code: &str,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    c.verify_challenge(challenge, code).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_failures_lock_the_account_across_sessions_and_the_lock_expires() {
    let t = start(|c| c.policy.lock_seconds = 120).await;
    let bad = wrong(&t.code(BOB_SECRET, 0));
    let mut remaining = vec![];
    // Five failures spread over three sessions (three logins; RFC 4226 §7.3 "across login sessions").
    for failures in [2, 2, 1] {
        let (c, _) = t.login("bob@acme.test").await;
        let challenge = c.start_challenge("totp").await;
        for _ in 0..failures {
            let (status, body, headers) = verify(&c, &challenge, bad).await;
            remaining.push((
                status,
                body["attemptsRemaining"].as_u64(),
                headers
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_owned()),
            ));
            if status == StatusCode::TOO_MANY_REQUESTS {
                assert_eq!(code_of(&body), "locked_out");
                assert_eq!(
                    body["lockedUntil"],
                    mfa_server::clock::rfc3339(t.now() + 120)
                );
                assert_eq!(body["retryAfterSeconds"], 120);
            }
        }
    }
    let unauthorized = StatusCode::UNAUTHORIZED;
    assert_eq!(
        remaining,
        vec![
            (unauthorized, Some(4), None),
            (unauthorized, Some(3), None),
            (unauthorized, Some(2), None),
            (unauthorized, Some(1), None),
            (StatusCode::TOO_MANY_REQUESTS, Some(0), Some("120".into()))
        ]
    );

    // Locked: even the right code is refused, without being evaluated.
    let (c, _) = t.login("bob@acme.test").await;
    let challenge = c.start_challenge("totp").await;
    let (status, body, headers) = verify(&c, &challenge, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out")
    );
    assert!(headers.contains_key("retry-after"));
    // A page that reloads learns of the lock from getStatus (issue 15), and of its end.
    assert_eq!(
        c.status().await["codesLockedUntil"],
        mfa_server::clock::rfc3339(t.now() + 120)
    );

    // After the lock: a fresh count, and the right code works.
    t.clock.advance(121);
    assert!(c.status().await.get("codesLockedUntil").is_none());
    let challenge = c.start_challenge("totp").await;
    let (status, body, _) = verify(&c, &challenge, wrong(&t.code(BOB_SECRET, 0))).await;
    assert_eq!(
        (status, body["attemptsRemaining"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(4))
    );
    let (status, _, _) = verify(&c, &challenge, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(status, StatusCode::OK);
    // Success resets the counter.
    let (c, _) = t.login("bob@acme.test").await;
    let challenge = c.start_challenge("totp").await;
    let (_, body, _) = verify(&c, &challenge, "999999").await;
    assert_eq!(body["attemptsRemaining"], 4);
}

/// A correct password never resets the second-factor counter (docs/security.md K3/K4): knowing the
/// password does not buy more guesses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correct_password_does_not_reset_the_code_counter() {
    let t = start(|_| {}).await;
    let bad = wrong(&t.code(BOB_SECRET, 0));
    for expected in [4, 3, 2] {
        let (c, _) = t.login("bob@acme.test").await;
        let challenge = c.start_challenge("totp").await;
        let (_, body, _) = verify(&c, &challenge, bad).await;
        assert_eq!(body["attemptsRemaining"], expected);
    }
}

/// Parallel wrong codes cannot overshoot the limit (docs/security.md K5): attempts are reserved
/// before they are evaluated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_cannot_overshoot_the_limit() {
    let t = start(|_| {}).await;
    let (c, _) = t.login("bob@acme.test").await;
    let challenge = c.start_challenge("totp").await;
    let guesses: Vec<String> = (0..30)
        .map(|i| format!("{:06}", 100_000 + i))
        .filter(|g| {
            *g != t.code(BOB_SECRET, -30)
                && *g != t.code(BOB_SECRET, 0)
                && *g != t.code(BOB_SECRET, 30)
        })
        .collect();
    let tasks: Vec<_> = guesses
        .into_iter()
        .map(|g| {
            let (c, challenge) = (c.clone(), challenge.clone());
            tokio::spawn(async move { verify(&c, &challenge, &g).await })
        })
        .collect();
    // Only reserved attempts are evaluated: 4 answer invalid_code, the 5th sets the lock, and
    // every other one is refused as locked_out without evaluation.
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().0);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        4,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        statuses.len() - 4,
        "{statuses:?}"
    );
    let conn_state = t
        .server
        .state
        .store
        .reserve_code_attempt(
            "usr_bob",
            t.now(),
            mfa_server::security::throttle::code_limit(&t.server.state.policy),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            conn_state,
            mfa_server::store::CodeReservation::Locked { .. }
        ),
        "{conn_state:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_failures_lock_too() {
    let t = start(|c| c.policy.lock_seconds = 60).await;
    let c = t.client();
    for _ in 0..4 {
        let (status, body, _) = c
            .post(
                "/api/login",
                json!({ "email": "erin@initech.test", "password": "wrong" }),
            )
            .await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "invalid_credentials")
        );
    }
    let (status, body, headers) = c
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": "wrong" }),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out")
    );
    assert_eq!(headers["retry-after"], "60");
    let (status, _, _) = c
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    t.clock.advance(61);
    let (status, body, _) = c
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("authenticated"))
    );
}

/// One IP cannot spray failures over many accounts (rubygems GHSA-c55g-q6f4-5qxr); unknown
/// accounts answer exactly like wrong passwords (ASVS 5.0 6.3.8).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_ip_limit_across_accounts() {
    let t = start(|c| {
        c.policy.ip_failure_limit = 4;
        c.policy.ip_window_seconds = 300;
    })
    .await;
    let c = t.client();
    let (status, unknown, _) = c
        .post(
            "/api/login",
            json!({ "email": "nobody@acme.test", "password": "wrong" }),
        )
        .await;
    let (_, known, _) = c
        .post(
            "/api/login",
            json!({ "email": "alice@acme.test", "password": "wrong" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown, known, "no account enumeration");
    for email in ["bob@acme.test", "carol@acme.test"] {
        let (status, _, _) = c
            .post("/api/login", json!({ "email": email, "password": "wrong" }))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body, headers) = c
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(headers["retry-after"], "300");
    t.clock.advance(300);
    let (status, _, _) = c
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
