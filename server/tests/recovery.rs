//! Recovery codes: 10 codes of 80 bits, stored with a salted KDF (NIST SP 800-63B 5.1.2.2, ASVS
//! 5.0 6.5.2), single use even under 50 parallel requests (docs/security.md K6), regeneration needs a
//! fresh second factor and invalidates the old set; using the last one forces re-enrolment.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_recovery_code_once() {
    let t = start(|_| {}).await;
    let codes = t.seeded_recovery_codes("bob");
    assert_eq!(codes.len(), 10);
    let (bob, _) = t.login("bob@acme.test").await;
    // Typed loosely: lower case, no dashes, 0/1/8 read as O/I/B.
    let loose = codes[0]
        .replace('-', " ")
        .to_lowercase()
        .replace('o', "0")
        .replace('i', "1")
        .replace('b', "8");
    let (status, body, headers) = bob.post("/api/recover", json!({ "code": loose })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["recoveryCodesRemaining"].as_u64(),
            body["enrollmentRequired"].as_bool()
        ),
        (Some(9), Some(false))
    );
    assert!(headers.contains_key("set-cookie"), "session rotated");
    assert_eq!(bob.status().await["recoveryCodesRemaining"], 9);

    let (again, _) = t.login("bob@acme.test").await;
    let (status, body, _) = again
        .post("/api/recover", json!({ "code": codes[0] }))
        .await;
    assert_eq!(
        (status, code_of(&body), body["attemptsRemaining"].as_u64()),
        (StatusCode::UNAUTHORIZED, "invalid_code", Some(4))
    );
    let (status, body, _) = again
        .post("/api/recover", json!({ "code": "ABCD-EFGH" }))
        .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("too_short"))
    );
}

/// 50 sessions race one code: exactly one wins. The attempt limits are raised so that every
/// request reaches the atomic spend: each of the 49 others must be refused by it (`invalid_code`),
/// not by a lock that would hide a double spend. The KDF between reading the unused codes and
/// spending one leaves every request a window, so a spend without `used_at IS NULL` lets many
/// through (seen: 10 to 49 successes). The test KDF cost suffices for that; the production cost
/// made this test take 40 s in a debug build.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_parallel_uses_of_one_code_give_exactly_one_success() {
    let t = start(|c| {
        c.policy.max_failures = 1_000;
        c.policy.ip_failure_limit = 10_000;
        // Every request waits for a KDF slot instead of a 503 (issue 9's bound on hashing).
        c.policy.kdf_queue = 100;
    })
    .await;
    let code = t.seeded_recovery_codes("carol")[3].clone();
    let mut clients = Vec::new();
    for _ in 0..50 {
        clients.push(t.login("carol@acme.test").await.0);
    }
    let answers = race(clients, move |c| {
        let code = code.clone();
        async move { c.post("/api/recover", json!({ "code": code })).await }
    })
    .await;
    assert_exactly_one_success(&answers, &[(StatusCode::UNAUTHORIZED, "invalid_code")]);
    assert_eq!(
        t.server
            .state
            .store
            .recovery_remaining("usr_carol")
            .await
            .unwrap(),
        9
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_code_forces_enrolment() {
    let t = start(|c| c.policy.ip_failure_limit = 1000).await;
    let codes = t.seeded_recovery_codes("bob");
    for (i, code) in codes.iter().enumerate() {
        let (bob, _) = t.login("bob@acme.test").await;
        let (status, body, _) = bob.post("/api/recover", json!({ "code": code })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["recoveryCodesRemaining"], 9 - i as u64);
        assert_eq!(body["enrollmentRequired"], i == 9);
    }
    let (bob, body) = t.login("bob@acme.test").await;
    assert_eq!(body["status"], "enrollment_required");
    let (status, _, _) = bob.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regeneration_needs_a_fresh_factor_and_kills_the_old_set() {
    let t = start(|_| {}).await;
    let old = t.seeded_recovery_codes("bob");
    let bob = t.signed_in_bob().await;
    let (status, err, _) = bob.post("/api/recovery-codes/regenerate", json!({})).await;
    assert_eq!(
        (status, err["field"].as_str(), err["reason"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("proof"),
            Some("missing_field")
        )
    );
    // The code that signed in cannot be replayed as the proof.
    let (status, err, _) = bob
        .post(
            "/api/recovery-codes/regenerate",
            json!({ "proof": { "method": "totp", "code": t.code(BOB_SECRET, 0) } }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::UNAUTHORIZED, "invalid_code")
    );
    t.clock.advance(30);
    let (status, body, headers) = bob
        .post(
            "/api/recovery-codes/regenerate",
            json!({ "proof": { "method": "totp", "code": t.code(BOB_SECRET, 0) } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    let new: Vec<String> = body["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(new.len(), 10);
    assert!(new.iter().all(|c| !old.contains(c)));

    let (c, _) = t.login("bob@acme.test").await;
    let (status, _, _) = c.post("/api/recover", json!({ "code": old[1] })).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old set stopped working"
    );
    let (status, body, _) = c.post("/api/recover", json!({ "code": new[1] })).await;
    assert_eq!(
        (status, body["recoveryCodesRemaining"].as_u64()),
        (StatusCode::OK, Some(9))
    );
}

/// NIST SP 800-63B 5.1.2.2: salted (>= 32 bits) KDF hashes, never the codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_stored_salted_and_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let t = start(|c| c.db = db.to_str().unwrap().to_owned()).await;
    let codes = t.seeded_recovery_codes("admin");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT salt, hash FROM recovery_codes WHERE user_id = 'usr_admin'")
        .unwrap();
    let rows: Vec<(Vec<u8>, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 10);
    // Distinct salts: a set, so a repeated salt counts once wherever it is in the list.
    let salts: std::collections::BTreeSet<_> = rows.iter().map(|r| r.0.clone()).collect();
    assert_eq!(salts.len(), 10, "a salt per code");
    for (salt, hash) in &rows {
        assert!(salt.len() * 8 >= 32 && hash.len() == 32);
        for code in &codes {
            assert!(!String::from_utf8_lossy(hash).contains(code.as_str()));
        }
    }
}

/// An SMS proof must be a step-up challenge of the user's current SMS factor (docs/security.md K11):
/// a sign-in or enrolment challenge with the right code, bound to the same signed-in session, is
/// refused as not found. The API never leaves such a challenge in a signed-in session (signing
/// in replaces the session and its challenges), so the test puts them there through the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_proof_is_a_step_up_challenge_of_the_sms_factor() {
    use mfa_server::store::{NewChallenge, Purpose};
    let t = start(|_| {}).await;
    let carol = t.client();
    let login = json!({ "email": "carol@acme.test", "password": PASSWORD });
    carol.post("/api/login", login).await;
    let challenge = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let (_, _, headers) = carol.verify_challenge(&challenge, &code).await;
    let cookie = headers["set-cookie"].to_str().unwrap();
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    let state = &t.server.state;
    let hash = mfa_server::crypto::token_hash(token);
    let (session, _, _) = state
        .store
        .session_by_token(&hash, t.now())
        .await
        .unwrap()
        .unwrap();
    for (id, purpose, factor) in [
        ("chl_login", Purpose::Login, "fac_carol_sms"),
        ("chl_enroll", Purpose::Enroll, "fac_carol_sms"),
        ("chl_other", Purpose::StepUp, "fac_bob_totp"),
    ] {
        let code_hash = state.key.sms_code_hash(id, "123456");
        let challenge = NewChallenge {
            id: id.into(),
            session_id: session.id.clone(),
            user_id: "usr_carol".into(),
            factor_id: factor.into(),
            purpose,
            code_hash: Some(code_hash.to_vec()),
            now: t.now(),
            expires_at: t.now() + 300,
            ceremony: None,
        };
        state.store.create_challenge(challenge).await.unwrap();
        let proof = json!({ "proof": { "method": "sms", "challengeId": id, "code": "123456" } });
        let (status, body, _) = carol.post("/api/recovery-codes/regenerate", proof).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::NOT_FOUND, "not_found"),
            "{purpose:?} {factor}"
        );
    }
}
