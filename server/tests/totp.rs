//! TOTP rules: enrolment, ±1 step window (RFC 6238 §5.2), single use with the last accepted
//! step stored and updated atomically (RFC 6238 §5.2, CVE-2021-43177), secrets encrypted at rest
//! (RFC 6238 §5.1), server-generated secrets of 160 bits (RFC 4226 R6), and 50 parallel
//! verifications of one code giving exactly one success (docs/security.md K6).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_shows_the_secret_once_and_returns_recovery_codes() {
    let t = start(|_| {}).await;
    let (alice, body) = t.login("alice@acme.test").await;
    assert_eq!(
        body,
        json!({ "status": "enrollment_required", "methods": ["totp", "sms", "webauthn"] })
    );

    let (status, started, headers) = alice.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(headers["cache-control"], "no-store"); // ASVS 5.0 14.3.2
    let secret = started["secret"].as_str().unwrap();
    assert_eq!(
        mfa_core::secret::decode(secret).unwrap().len(),
        20,
        "160-bit secret (RFC 4226 R6)"
    );
    assert!(started["otpauthUri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Acme:alice%40acme.test?secret="));
    assert_eq!(
        (
            started["algorithm"].as_str(),
            started["digits"].as_u64(),
            started["period"].as_u64()
        ),
        (Some("SHA1"), Some(6), Some(30))
    );
    let enrollment = started["enrollmentId"].as_str().unwrap();

    let wrong = if t.code(secret, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, body, _) = alice
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": enrollment, "code": wrong }),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_code")
    );
    assert_eq!(body["attemptsRemaining"], 4);

    let (status, confirmed, headers) = alice
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": enrollment, "code": t.code(secret, 0) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(
        headers.get("set-cookie").is_some(),
        "the session is rotated"
    );
    let codes = confirmed["recoveryCodes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    for code in codes {
        let code = code.as_str().unwrap();
        assert_eq!(
            mfa_core::validate::recovery_code(code, Default::default()).unwrap(),
            code,
            "XXXX-XXXX-XXXX-XXXX"
        );
    }
    assert_eq!(confirmed["factor"]["method"], "totp");

    let status = alice.status().await;
    assert_eq!(status["session"], "authenticated");
    assert_eq!(status["recoveryCodesRemaining"], 10);
    assert_eq!(status["factors"][0]["method"], "totp");
    assert!(
        !status.to_string().contains(secret),
        "the secret is never readable again"
    );

    // A second enrolment is refused: the secret cannot be re-obtained (docs/security.md K12).
    let (status, body, _) = alice.post("/api/enrollment/totp", json!({})).await;
    assert_eq!((status, code_of(&body)), (StatusCode::CONFLICT, "conflict"));

    // Next login: a TOTP challenge, with a code of a later step.
    t.clock.advance(30);
    let (again, body) = t.login("alice@acme.test").await;
    assert_eq!(
        body,
        json!({ "status": "mfa_required", "methods": ["totp"] })
    );
    let challenge = again.start_challenge("totp").await;
    let (status, body, _) = again.verify_challenge(&challenge, &t.code(secret, 0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["email"], "alice@acme.test");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_generated_secrets_need_160_bits() {
    let t = start(|_| {}).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let (status, body, _) = erin
        .post(
            "/api/enrollment/totp",
            json!({ "secret": "JBSWY3DPEHPK3PXP" }),
        )
        .await;
    assert_eq!(
        (
            status,
            code_of(&body),
            body["field"].as_str(),
            body["reason"].as_str()
        ),
        (
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Some("secret"),
            Some("secret_too_short")
        )
    );
    assert!(
        !body.to_string().contains("JBSWY3DPEHPK3PXP"),
        "errors never echo secrets"
    );
    let (status, body, _) = erin
        .post(
            "/api/enrollment/totp",
            json!({ "secret": "not base32 at all!" }),
        )
        .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_secret"))
    );
    let secret = mfa_core::secret::generate(20).unwrap().to_lowercase();
    let (status, body, _) = erin
        .post("/api/enrollment/totp", json!({ "secret": secret }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["secret"], secret.to_uppercase());
    let (status, body, _) = erin
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": body["enrollmentId"], "code": t.code(&secret, 0) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// RFC 6238 §5.2: at most one step of delay either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_is_one_step_either_side() {
    let t = start(|_| {}).await;
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    for outside in [-60, 60, -90] {
        let (status, body, _) = bob
            .verify_challenge(&challenge, &t.code(BOB_SECRET, outside))
            .await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "invalid_code"),
            "offset {outside}s"
        );
    }
    let (status, body, _) = bob
        .verify_challenge(&challenge, &t.code(BOB_SECRET, -30))
        .await;
    assert_eq!(status, StatusCode::OK, "previous step accepted: {body}");

    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    let (status, body, _) = bob
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 30))
        .await;
    assert_eq!(status, StatusCode::OK, "next step accepted: {body}");
}

/// RFC 6238 §5.2 "MUST NOT accept the second attempt"; docs/security.md K1 and K2 (CVE-2021-43177).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_accepted_at_most_once() {
    let t = start(|_| {}).await;
    let code = t.code(BOB_SECRET, 0);
    let (first, _) = t.login("bob@acme.test").await;
    let challenge = first.start_challenge("totp").await;
    let (status, _, _) = first.verify_challenge(&challenge, &code).await;
    assert_eq!(status, StatusCode::OK);

    // Same code, same step, another session: replay.
    let (second, _) = t.login("bob@acme.test").await;
    let challenge = second.start_challenge("totp").await;
    let (status, body, _) = second.verify_challenge(&challenge, &code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_code")
    );

    // 30 s later the old code is inside the -1 window again: still refused (CVE-2021-43177).
    t.clock.advance(30);
    let (status, body, _) = second.verify_challenge(&challenge, &code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_code")
    );

    // A later step works; after it, the earlier (still in-window) one does not.
    let (status, _, _) = second
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 30))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (third, _) = t.login("bob@acme.test").await;
    let challenge = third.start_challenge("totp").await;
    let (status, _, _) = third
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a step before the last accepted one"
    );
}

/// 50 sessions submit the same valid code at once: the atomic `last_step` update lets exactly
/// one through (docs/security.md K6; ASVS 5.0 15.4.2). The attempt limits are raised so that every
/// request reaches the replay guard: each of the 49 others must be refused by it (`invalid_code`),
/// not by a lock or a rate limit that would hide a broken guard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_parallel_verifications_of_one_code_give_exactly_one_success() {
    let t = start(|c| {
        c.policy.max_failures = 1_000;
        c.policy.ip_failure_limit = 10_000;
    })
    .await;
    let mut attempts = Vec::new();
    for _ in 0..50 {
        let (client, _) = t.login("bob@acme.test").await;
        let challenge = client.start_challenge("totp").await;
        attempts.push((client, challenge));
    }
    let code = t.code(BOB_SECRET, 0);
    let answers = race(attempts, move |(client, challenge)| {
        let code = code.clone();
        async move { client.verify_challenge(&challenge, &code).await }
    })
    .await;
    assert_exactly_one_success(&answers, &[(StatusCode::UNAUTHORIZED, "invalid_code")]);
}

/// RFC 6238 §5.1: keys encrypted at rest; ASVS 4.0.3 2.8.2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_encrypted_at_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let t = start(|c| c.db = db.to_str().unwrap().to_owned()).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let (_, started, _) = erin.post("/api/enrollment/totp", json!({})).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    let (status, _, _) = erin
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": t.code(&secret, 0) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let raw = mfa_core::secret::decode(&secret).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT secret_ct FROM factors WHERE method = 'totp'")
        .unwrap();
    let sealed: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sealed.len(), 3, "admin, bob and erin");
    for ct in &sealed {
        assert_eq!(ct.len(), 12 + 20 + 16, "nonce, ciphertext, tag");
        assert!(!ct.windows(raw.len()).any(|w| w == raw.as_slice()));
        assert!(!String::from_utf8_lossy(ct).contains(&secret));
    }
    let dump: String = conn
        .query_row(
            "SELECT group_concat(quote(secret_ct)) FROM factors",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!dump.contains(&secret));
}
