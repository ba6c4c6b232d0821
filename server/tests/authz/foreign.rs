//! Another user's ids (WSTG-ATHN-11, IDOR; docs/security.md K9: challenges are bound to their
//! session): each operation that names an enrolment, a challenge or a member refuses ids that
//! are not the caller's with `not_found`, and the owner can still use them afterwards (the
//! refused request changed nothing).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Runs the check for `op`'s `field`; an id-taking operation without a check fails here.
pub async fn check(op: &str, field: &str) {
    match (op, field) {
        ("confirmTotpEnrollment", "enrollmentId") => totp_enrolment().await,
        ("confirmSmsEnrollment", "challengeId") => sms_enrolment().await,
        ("confirmWebAuthnEnrollment", "enrollmentId") => webauthn_enrolment().await,
        ("resendSms", "challengeId") => resend().await,
        ("verifyChallenge", "challengeId") => verify().await,
        ("regenerateRecoveryCodes" | "changeMethod", "challengeId") => proof(op).await,
        ("resetMemberMfa", "memberEmail") => member().await,
        _ => panic!("no foreign-id check for {op}.{field}: write one"),
    }
}

fn not_found(answer: (StatusCode, Value, reqwest::header::HeaderMap), what: &str) {
    let (status, body, _) = answer;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "not_found"),
        "{what}"
    );
}

fn ok(answer: (StatusCode, Value, reqwest::header::HeaderMap), what: &str) {
    assert_eq!(answer.0, StatusCode::OK, "{what}: {}", answer.1);
}

/// Alice's pending TOTP enrolment, confirmed by Erin (signed in, free to enrol) with the right
/// code.
async fn totp_enrolment() {
    let t = crate::server().await;
    let (alice, _) = t.login("alice@acme.test").await;
    let (_, started, _) = alice.post("/api/enrollment/totp", json!({})).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let code = t.code(started["secret"].as_str().unwrap(), 0);
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "code": code });
    let path = "/api/enrollment/totp/confirm";
    not_found(
        erin.post(path, confirm.clone()).await,
        "Erin confirms Alice's enrolment",
    );
    ok(alice.post(path, confirm).await, "Alice confirms it");
}

/// Alice's pending passkey enrolment, confirmed by Erin with a credential made for its options
/// (WebAuthn L3 §13.4.3: a ceremony belongs to the session that started it).
async fn webauthn_enrolment() {
    let origin = "http://localhost:8443";
    let t = start(|c| c.origin = Some(origin.into())).await;
    let (alice, _) = t.login("alice@acme.test").await;
    let (_, started, _) = alice.post("/api/enrollment/webauthn", json!({})).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let key = crate::common::passkey::SoftPasskey::new(9, origin);
    let credential = key.register(&started["publicKey"]);
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "credential": credential });
    let path = "/api/enrollment/webauthn/confirm";
    not_found(
        erin.post(path, confirm.clone()).await,
        "Erin confirms Alice's passkey enrolment",
    );
    ok(alice.post(path, confirm).await, "Alice confirms it");
}

/// Alice's SMS enrolment challenge, confirmed by Erin with the code Alice received.
async fn sms_enrolment() {
    let t = crate::server().await;
    let (alice, _) = t.login("alice@acme.test").await;
    let phone = "+15555550166";
    let (_, sent, _) = alice
        .post("/api/enrollment/sms", json!({ "phoneNumber": phone }))
        .await;
    let (erin, _) = t.login("erin@initech.test").await;
    let confirm =
        json!({ "challengeId": sent["challengeId"], "code": t.last_sms_code(phone).await });
    let path = "/api/enrollment/sms/confirm";
    not_found(
        erin.post(path, confirm.clone()).await,
        "Erin confirms Alice's SMS",
    );
    ok(alice.post(path, confirm).await, "Alice confirms it");
}

/// Carol's sign-in SMS challenge, resent by Bob and by another session of Carol's: the code
/// Carol holds keeps working (it was not replaced).
async fn resend() {
    let t = crate::server().await;
    let (carol, _) = t.login("carol@acme.test").await;
    let challenge = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    t.clock.advance(30); // past the cooldown: only the binding can refuse
    let (bob, _) = t.login("bob@acme.test").await;
    let (other_carol, _) = t.login("carol@acme.test").await;
    for (who, c) in [("Bob", &bob), ("another session of Carol", &other_carol)] {
        let answer = c
            .post("/api/sms/resend", json!({ "challengeId": challenge }))
            .await;
        not_found(answer, who);
    }
    ok(
        carol.verify_challenge(&challenge, &code).await,
        "Carol's code",
    );
}

/// Bob's TOTP and Carol's SMS sign-in challenges, verified by the admin's password-only session
/// with the right codes.
async fn verify() {
    let t = crate::server().await;
    let (bob, _) = t.login("bob@acme.test").await;
    let bob_challenge = bob.start_challenge("totp").await;
    let (carol, _) = t.login("carol@acme.test").await;
    let carol_challenge = carol.start_challenge("sms").await;
    let carol_code = t.last_sms_code(CAROL_PHONE).await;
    let (admin, _) = t.login("admin@acme.test").await;
    let bob_code = t.code(BOB_SECRET, 0);
    not_found(
        admin.verify_challenge(&bob_challenge, &bob_code).await,
        "Bob's",
    );
    not_found(
        admin.verify_challenge(&carol_challenge, &carol_code).await,
        "Carol's",
    );
    ok(
        bob.verify_challenge(&bob_challenge, &bob_code).await,
        "Bob's own",
    );
    ok(
        carol.verify_challenge(&carol_challenge, &carol_code).await,
        "Carol's own",
    );
}

/// Carol's step-up SMS challenge as the proof of Erin, signed in with an SMS factor of her own.
async fn proof(op: &str) {
    let t = crate::server().await;
    let erin = erin_with_sms(&t).await;
    let (carol, _) = t.login("carol@acme.test").await;
    let challenge = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    ok(
        carol.verify_challenge(&challenge, &code).await,
        "Carol signs in",
    );
    let step_up = carol.start_challenge("sms").await;
    let code = t.last_sms_code(CAROL_PHONE).await;
    let proof = json!({ "proof": { "method": "sms", "challengeId": step_up, "code": code } });
    let path = match op {
        "changeMethod" => "/api/mfa/change",
        _ => "/api/recovery-codes/regenerate",
    };
    not_found(erin.post(path, proof.clone()).await, op);
    let answer = carol.post("/api/recovery-codes/regenerate", proof).await;
    ok(answer, "Carol's own proof");
}

/// Erin, signed in, after enrolling SMS.
async fn erin_with_sms(t: &TestServer) -> Client {
    let (erin, _) = t.login("erin@initech.test").await;
    let phone = "+15555550188";
    let (_, sent, _) = erin
        .post("/api/enrollment/sms", json!({ "phoneNumber": phone }))
        .await;
    let confirm =
        json!({ "challengeId": sent["challengeId"], "code": t.last_sms_code(phone).await });
    ok(
        erin.post("/api/enrollment/sms/confirm", confirm).await,
        "Erin enrols SMS",
    );
    erin
}

/// Acme's admin resets members of other organisations: they are not found, and keep their 2FA.
async fn member() {
    let t = crate::server().await;
    let admin = t.signed_in("admin@acme.test", ADMIN_SECRET).await;
    let erin = erin_with_sms(&t).await;
    for email in ["dave@globex.test", "erin@initech.test"] {
        let reset = json!({ "memberEmail": email, "password": PASSWORD });
        not_found(
            admin.post("/api/admin/reset-member-mfa", reset).await,
            email,
        );
    }
    assert_eq!(erin.status().await["factors"].as_array().unwrap().len(), 1);
}
