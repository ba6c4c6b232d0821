//! Organisation policy and factor management: SSO refusal (every enrolment and challenge
//! operation answers sso_managed), required 2FA with enrolment at login, admin operations with
//! re-entered password, and changeMethod with re-verification (OWASP MFA Cheat Sheet
//! "Changing MFA Factors"; ASVS 5.0 7.5.1; docs/security.md K11, K13, K15).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

async fn admin(t: &TestServer) -> Client {
    let (c, body) = t.login("admin@acme.test").await;
    assert_eq!(body["status"], "mfa_required");
    let challenge = c.start_challenge("totp").await;
    let (status, _, _) = c
        .verify_challenge(&challenge, &t.code(ADMIN_SECRET, 0))
        .await;
    assert_eq!(status, StatusCode::OK);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sso_orgs_refuse_every_enrolment_and_challenge_operation() {
    let t = start(|_| {}).await;
    let c = t.client();
    let (status, body, headers) = c
        .post(
            "/api/login",
            json!({ "email": "dave@globex.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "status": "sso_required", "organization": "Globex" })
        )
    );
    assert!(!headers.contains_key("set-cookie"), "no local session");

    // Sessions that exist when an admin turns SSO on are refused too.
    let bob = t.signed_in_bob().await;
    let (pending, _) = t.login("bob@acme.test").await;
    let (alice, _) = t.login("alice@acme.test").await;
    let admin = admin(&t).await;
    let (status, body, _) = admin
        .put(
            "/api/admin/org-policy",
            json!({ "password": PASSWORD, "sso": true }),
        )
        .await;
    assert_eq!(
        (status, body["sso"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{body}"
    );

    let proof = json!({ "proof": { "method": "totp", "code": "123456" } });
    for (client, path, body) in [
        (&alice, "/api/enrollment/totp", json!({})),
        (
            &alice,
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": "fac_x", "code": "123456" }),
        ),
        (
            &alice,
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+14155550132" }),
        ),
        (
            &alice,
            "/api/enrollment/sms/confirm",
            json!({ "challengeId": "chl_x", "code": "123456" }),
        ),
        (&alice, "/api/sms/resend", json!({ "challengeId": "chl_x" })),
        (&pending, "/api/challenge", json!({ "method": "totp" })),
        (
            &pending,
            "/api/challenge/verify",
            json!({ "challengeId": "chl_x", "code": "123456" }),
        ),
        (
            &pending,
            "/api/recover",
            json!({ "code": "ABCD-EFGH-IJKL-MNOP" }),
        ),
        (&bob, "/api/recovery-codes/regenerate", proof.clone()),
        (&bob, "/api/mfa/change", proof.clone()),
    ] {
        let (status, err, _) = client.post(path, body).await;
        assert_eq!(
            (status, code_of(&err)),
            (StatusCode::FORBIDDEN, "sso_managed"),
            "{path}"
        );
    }
    let (_, body) = t.login("bob@acme.test").await;
    assert_eq!(body["status"], "sso_required");
    let (status, body, _) = admin
        .put(
            "/api/admin/org-policy",
            json!({ "password": PASSWORD, "sso": false }),
        )
        .await;
    assert_eq!(
        (status, body["sso"].as_bool()),
        (StatusCode::OK, Some(false))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_set_the_policy_with_their_password() {
    let t = start(|_| {}).await;
    let (_, body) = t.login("alice@acme.test").await;
    assert_eq!(body["status"], "enrollment_required", "Acme requires 2FA");
    let admin = admin(&t).await;
    let (status, err, _) = admin
        .put(
            "/api/admin/org-policy",
            json!({ "password": "wrong", "requireMfa": false }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    let (status, body, _) = admin
        .put(
            "/api/admin/org-policy",
            json!({ "password": PASSWORD, "requireMfa": false }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({ "id": "org_acme", "name": "Acme", "requireMfa": false, "sso": false })
    );
    let (alice, body) = t.login("alice@acme.test").await;
    assert_eq!(body["status"], "authenticated");
    let status = alice.status().await;
    assert_eq!(
        (
            status["org"]["requireMfa"].as_bool(),
            status["enrollmentRequired"].as_bool()
        ),
        (Some(false), Some(false))
    );

    // Members are not admins.
    let bob = t.signed_in_bob().await;
    let (status, err, _) = bob
        .put(
            "/api/admin/org-policy",
            json!({ "password": PASSWORD, "requireMfa": true }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_reset_a_members_2fa() {
    let t = start(|_| {}).await;
    let bob = t.signed_in_bob().await;
    let admin = admin(&t).await;
    let (status, err, _) = admin
        .post(
            "/api/admin/reset-member-mfa",
            json!({ "memberEmail": "dave@globex.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::NOT_FOUND, "not_found"),
        "other organisations are invisible"
    );
    let (status, body, _) = admin
        .post(
            "/api/admin/reset-member-mfa",
            json!({ "memberEmail": "Bob@Acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "userId": "usr_bob", "factorsRemoved": 1 })
        )
    );
    let (status, _, _) = bob.get("/api/status").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the member's sessions ended"
    );
    let (_, body) = t.login("bob@acme.test").await;
    assert_eq!(body["status"], "enrollment_required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_method_needs_reverification() {
    let t = start(|_| {}).await;
    let bob = t.signed_in_bob().await;
    let other = t.signed_in_bob_later().await;
    let (status, err, _) = bob
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "recovery_code", "code": "AAAA-AAAA-AAAA-AAAA" } }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::UNAUTHORIZED, "invalid_code")
    );
    let (status, err, _) = bob
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "sms", "challengeId": "chl_x", "code": "123456" } }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::CONFLICT, "not_enrolled")
    );
    let code = t.seeded_recovery_codes("bob")[0].clone();
    let (status, body, _) = bob
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "recovery_code", "code": code } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["methods"], json!(["totp", "sms", "webauthn"]));
    // Nothing is removed until the new factor is confirmed (issue 15).
    let status = bob.status().await;
    assert_eq!(
        (
            status["factors"].as_array().unwrap().len(),
            status["enrollmentRequired"].as_bool(),
            status["recoveryCodesRemaining"].as_u64()
        ),
        (1, Some(false), Some(9))
    );
    other.status().await;

    // The new method: SMS.
    let (status, sent, _) = bob
        .post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+447700900123" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let code = t.last_sms_code("+447700900123").await;
    let (status, body, _) = bob
        .post(
            "/api/enrollment/sms/confirm",
            json!({ "challengeId": sent["challengeId"], "code": code }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = other.get("/api/status").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "other sessions end at the swap (docs/security.md K13)"
    );
    let (_, body) = t.login("bob@acme.test").await;
    assert_eq!(
        body,
        json!({ "status": "mfa_required", "methods": ["sms"] })
    );
}

/// resetMemberMfa is refused to a member, to an admin session that has passed only the
/// password, and to a wrong password (which counts as a failure); the member's 2FA stays in
/// place each time (ASVS 5.0 7.5.1: full re-authentication before changes to authentication).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_member_mfa_refusals() {
    let t = start(|_| {}).await;
    let store = &t.server.state.store;
    let carol = || async {
        let factors = store.active_factors("usr_carol").await.unwrap().len();
        (
            factors,
            store.recovery_remaining("usr_carol").await.unwrap(),
        )
    };
    let reset = |password: &str| json!({ "memberEmail": "carol@acme.test", "password": password });
    let path = "/api/admin/reset-member-mfa";
    let carol = &carol;
    let refused = |answer: (StatusCode, serde_json::Value, _),
                   status: StatusCode,
                   code: &'static str,
                   who: &'static str| async move {
        assert_eq!((answer.0, code_of(&answer.1)), (status, code), "{who}");
        assert_eq!(carol().await, (1, 10), "{who}: Carol's 2FA is intact");
    };

    let bob = t.signed_in_bob().await;
    let answer = bob.post(path, reset(PASSWORD)).await;
    refused(answer, StatusCode::FORBIDDEN, "forbidden", "a member").await;
    let (pending, _) = t.login("admin@acme.test").await;
    let answer = pending.post(path, reset(PASSWORD)).await;
    refused(
        answer,
        StatusCode::FORBIDDEN,
        "mfa_required",
        "a password-only session",
    )
    .await;
    let admin = admin(&t).await;
    for _ in 0..4 {
        let answer = admin.post(path, reset("not the password")).await;
        refused(
            answer,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "a wrong password",
        )
        .await;
    }
    // The wrong passwords counted: the fifth locks the admin's password, even for the right one.
    let answer = admin.post(path, reset("not the password")).await;
    refused(
        answer,
        StatusCode::TOO_MANY_REQUESTS,
        "locked_out",
        "the fifth",
    )
    .await;
    let answer = admin.post(path, reset(PASSWORD)).await;
    refused(
        answer,
        StatusCode::TOO_MANY_REQUESTS,
        "locked_out",
        "locked",
    )
    .await;
}

/// `getStatus` says an enrolment is needed when the user has no factor and either the
/// organisation requires 2FA or the user must enrol (after a reset), even where 2FA is optional.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_asks_to_enrol_after_a_reset_where_2fa_is_optional() {
    let t = start(|_| {}).await;
    let (erin, _) = t.login("erin@initech.test").await;
    assert_eq!(
        erin.status().await["enrollmentRequired"],
        false,
        "Initech: 2FA optional"
    );
    let phone = "+15555550144";
    let (_, sent, _) = erin
        .post("/api/enrollment/sms", json!({ "phoneNumber": phone }))
        .await;
    let code = t.last_sms_code(phone).await;
    let confirm = json!({ "challengeId": sent["challengeId"], "code": code });
    let (status, enrolled, _) = erin.post("/api/enrollment/sms/confirm", confirm).await;
    assert_eq!(status, StatusCode::OK, "{enrolled}");
    assert_eq!(erin.status().await["enrollmentRequired"], false, "enrolled");
    // What an admin's reset leaves (resetMemberMfa; changeMethod keeps the factor until the
    // new one is confirmed): no factor, and the user must enrol.
    t.server
        .state
        .store
        .reset_mfa("usr_erin", None)
        .await
        .unwrap();
    let (erin, _) = t.login("erin@initech.test").await;
    let status = erin.status().await;
    assert_eq!(
        (
            status["enrollmentRequired"].as_bool(),
            status["org"]["requireMfa"].as_bool()
        ),
        (Some(true), Some(false))
    );
}
