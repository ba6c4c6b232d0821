//! Re-authentication (issue 9 rows 5 and 6; ASVS 5.0 7.5.1; NIST SP 800-63B 6.1.2.1): binding a
//! first factor needs the password within the last 10 minutes, so a stolen cookie of a
//! session without a factor cannot bind the thief's authenticator and collect the recovery
//! codes; an admin cannot remove their own factor with `resetMemberMfa`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binding_a_first_factor_needs_a_recent_password() {
    let t = start(|_| {}).await;
    // Erin's organisation does not require 2FA: her signed-in session lives 12 hours.
    let (erin, body) = t.login("erin@initech.test").await;
    assert_eq!(body["status"], "authenticated");
    // A fresh login counts.
    let (status, started, _) = erin.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{started}");

    // Eleven minutes later (a stolen cookie, say) nothing can be bound, nor confirmed.
    t.clock.advance(11 * 60);
    for (path, body) in [
        ("/api/enrollment/totp", json!({})),
        (
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+14155550132" }),
        ),
        (
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": "123456" }),
        ),
        (
            "/api/enrollment/sms/confirm",
            json!({ "challengeId": "chl_x", "code": "123456" }),
        ),
    ] {
        let (status, answer, _) = erin.post(path, body).await;
        assert_eq!(
            (status, code_of(&answer)),
            (StatusCode::FORBIDDEN, "reauthentication_required"),
            "{path}: {answer}"
        );
    }

    // The password again: a wrong one counts like a failed login, the right one opens ten
    // minutes.
    let (status, answer, _) = erin
        .post("/api/reauthenticate", json!({ "password": "wrong" }))
        .await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    let (status, answer, _) = erin
        .post("/api/reauthenticate", json!({ "password": PASSWORD }))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["freshUntil"],
        mfa_server::clock::rfc3339(t.now() + 600)
    );
    let (status, started, _) = erin.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let secret = started["secret"].as_str().unwrap();
    let (status, confirmed, _) = erin
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": totp_code(secret, t.now()) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");

    // Without a session there is nothing to re-authenticate.
    let (status, _, _) = t
        .client()
        .post("/api/reauthenticate", json!({ "password": PASSWORD }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_cannot_reset_their_own_factor() {
    let t = start(|_| {}).await;
    let (admin, _) = t.login("admin@acme.test").await;
    let challenge = admin.start_challenge("totp").await;
    let (status, _, _) = admin
        .verify_challenge(&challenge, &t.code(ADMIN_SECRET, 0))
        .await;
    assert_eq!(status, StatusCode::OK);
    for email in ["admin@acme.test", " ADMIN@acme.test "] {
        let (status, body, _) = admin
            .post(
                "/api/admin/reset-member-mfa",
                json!({ "memberEmail": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(
            (status, code_of(&body), body["reason"].as_str()),
            (StatusCode::FORBIDDEN, "forbidden", Some("own_account")),
            "{body}"
        );
    }
    let status = admin.status().await;
    assert_eq!(
        status["factors"].as_array().unwrap().len(),
        1,
        "the factor stays"
    );
}

/// The re-authentication window to the second, on the injectable clock: a password entered
/// 600 s ago still opens enrolment, 601 s ago it does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_stays_fresh_for_exactly_ten_minutes() {
    let t = start(|_| {}).await;
    assert_eq!(t.server.state.policy.reauth_seconds, 600);
    let (erin, _) = t.login("erin@initech.test").await;
    t.clock.advance(600);
    let (status, answer, _) = erin.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK, "at 600 s: {answer}");
    t.clock.advance(1);
    let (status, answer, _) = erin.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::FORBIDDEN, "reauthentication_required"),
        "at 601 s: {answer}"
    );
}
