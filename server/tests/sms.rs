//! SMS rules: 6-digit codes from the CSPRNG, at most 10 minutes, single use, bound to their
//! challenge, stored hashed (NIST SP 800-63B 5.1.3; ASVS 4.0.3 2.7.2-2.7.6); the WebOTP last
//! line; send limits per user and per number, and the resend cooldown (ASVS 5.0 2.4.1); the
//! outbox exists only in development mode.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_an_sms_code() {
    let t = start(|c| c.webotp_host = "mfa.example".into()).await;
    let (carol, body) = t.login("carol@acme.test").await;
    assert_eq!(
        body,
        json!({ "status": "mfa_required", "methods": ["sms"] })
    );
    let (status, started, _) = carol
        .post("/api/challenge", json!({ "method": "sms" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["phoneHint"], "+1••••••••00");
    assert_eq!(
        started["expiresAt"],
        mfa_server::clock::rfc3339(t.now() + 300),
        "5 minutes, within NIST's 10"
    );
    let (_, outbox, _) = carol.get("/api/dev/sms-outbox").await;
    let text = outbox["messages"][0]["body"].as_str().unwrap();
    let code = webotp_code(text);
    assert_eq!(
        text.lines().last().unwrap(),
        format!("@mfa.example #{code}"),
        "WebOTP: the last line is `@<host> #<code>`"
    );
    let (status, body, _) = carol
        .verify_challenge(started["challengeId"].as_str().unwrap(), &code)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_single_use_bound_to_their_challenge_and_expire() {
    let t = start(|_| {}).await;
    let (a, _) = t.login("carol@acme.test").await;
    let (b, _) = t.login("carol@acme.test").await;
    let ca = a.start_challenge("sms").await;
    let code_a = t.last_sms_code(CAROL_PHONE).await;
    let cb = b.start_challenge("sms").await;
    let code_b = t.last_sms_code(CAROL_PHONE).await;
    // A's code does not open B's challenge, and B cannot use A's challenge (docs/security.md K9).
    if code_a != code_b {
        let (status, body, _) = b.verify_challenge(&cb, &code_a).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "invalid_code")
        );
    }
    let (status, body, _) = b.verify_challenge(&ca, &code_a).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, _, _) = a.verify_challenge(&ca, &code_a).await;
    assert_eq!(status, StatusCode::OK);

    // Single use: as a step-up proof, a used SMS challenge is refused.
    let step_up = a.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let proof = json!({ "proof": { "method": "sms", "challengeId": step_up, "code": code } });
    let (status, body, _) = a
        .post("/api/recovery-codes/regenerate", proof.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body, _) = a.post("/api/recovery-codes/regenerate", proof).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "challenge_expired")
    );

    // Expiry: at most 10 minutes (here 5).
    t.clock.advance(301);
    let (status, body, _) = b.verify_challenge(&cb, &code_b).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "challenge_expired")
    );
}

/// 20 requests spend one step-up SMS code at once: exactly one wins. With the attempt limits
/// raised, each other one is refused by the single-use rule itself: the challenge is already
/// used (`challenge_expired`) or the request lost the atomic consumption (`invalid_code`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_uses_of_one_sms_code_give_exactly_one_success() {
    let t = start(|c| {
        c.policy.max_failures = 1_000;
        c.policy.ip_failure_limit = 10_000;
    })
    .await;
    let (carol, _) = t.login("carol@acme.test").await;
    let challenge = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let (status, body, _) = carol.verify_challenge(&challenge, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let step_up = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let proof = json!({ "proof": { "method": "sms", "challengeId": step_up, "code": code } });
    let answers = race(vec![carol; 20], move |c| {
        let proof = proof.clone();
        async move { c.post("/api/recovery-codes/regenerate", proof).await }
    })
    .await;
    assert_exactly_one_success(
        &answers,
        &[
            (StatusCode::GONE, "challenge_expired"),
            (StatusCode::UNAUTHORIZED, "invalid_code"),
        ],
    );
}

/// ASVS 4.0.3 2.7.5: only a hash of the code is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_stored_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let t = start(|c| c.db = db.to_str().unwrap().to_owned()).await;
    let (carol, _) = t.login("carol@acme.test").await;
    carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let conn = rusqlite::Connection::open(&db).unwrap();
    let hash: Vec<u8> = conn
        .query_row("SELECT code_hash FROM challenges", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hash.len(), 32);
    let dump: String = conn
        .query_row(
            "SELECT group_concat(quote(code_hash) || id || purpose) FROM challenges",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!dump.contains(&code) && !String::from_utf8_lossy(&hash).contains(&code));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_resend_cooldown_and_the_old_code_dies() {
    let t = start(|_| {}).await;
    let (alice, _) = t.login("alice@acme.test").await;
    let (status, err, _) = alice
        .post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "415 555 0132" }),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str(), err["reason"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("phoneNumber"),
            Some("missing_country_code")
        )
    );
    let (status, sent, _) = alice
        .post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+1 (415) 555-0132" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["resendAfterSeconds"], 30);
    let challenge = sent["challengeId"].as_str().unwrap();
    let old = t.last_sms_code("+14155550132").await;

    let (status, err, headers) = alice
        .post("/api/sms/resend", json!({ "challengeId": challenge }))
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(headers["retry-after"], "30");
    t.clock.advance(30);
    let (status, _, _) = alice
        .post("/api/sms/resend", json!({ "challengeId": challenge }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let new = t.last_sms_code("+14155550132").await;
    if old != new {
        let (status, err, _) = alice
            .post(
                "/api/enrollment/sms/confirm",
                json!({ "challengeId": challenge, "code": old }),
            )
            .await;
        assert_eq!(
            (status, code_of(&err)),
            (StatusCode::UNAUTHORIZED, "invalid_code"),
            "resend replaces the code"
        );
    }
    let (status, body, _) = alice
        .post(
            "/api/enrollment/sms/confirm",
            json!({ "challengeId": challenge, "code": new }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["factor"]["method"], "sms");
    assert_eq!(body["factor"]["phoneHint"], "+1••••••••32");
    assert_eq!(body["recoveryCodes"].as_array().unwrap().len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_are_limited_per_user_and_per_number() {
    let t = start(|c| {
        c.policy.sms_per_user_limit = 3;
        c.policy.sms_per_number_limit = 1;
    })
    .await;
    // Per user: carol, three challenges, then refused.
    let (carol, _) = t.login("carol@acme.test").await;
    for _ in 0..3 {
        carol.start_challenge("sms").await;
    }
    let (status, err, headers) = carol
        .post("/api/challenge", json!({ "method": "sms" }))
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(headers["retry-after"], "3600");
    // Per number, enrolments only: other users typing carol's number share one budget (1),
    // which carol's own sign-in sends never touch.
    let (alice, _) = t.login("alice@acme.test").await;
    let (status, _, _) = alice
        .post("/api/enrollment/sms", json!({ "phoneNumber": CAROL_PHONE }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (erin, _) = t.login("erin@initech.test").await;
    let (status, err, _) = erin
        .post("/api/enrollment/sms", json!({ "phoneNumber": CAROL_PHONE }))
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    let (status, _, _) = erin
        .post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+15555550199" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "another number is fine");
    t.clock.advance(3601);
    let (carol, _) = t.login("carol@acme.test").await;
    carol.start_challenge("sms").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_exists_only_in_development_mode() {
    let t = start(|c| c.dev = false).await;
    let (status, err, _) = t.client().get("/api/dev/sms-outbox").await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (carol, _) = t.login("carol@acme.test").await;
    let (status, err, _) = carol
        .post("/api/challenge", json!({ "method": "sms" }))
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        "no sender configured"
    );
}
