//! Every lifetime, to the second, on the injectable clock (no sleeps): password-only and
//! signed-in sessions, TOTP challenges, pending enrolments, SMS codes (clamped to NIST's 10
//! minutes), the resend cooldown and lockouts. Each is alive one second before its end and gone
//! at its end, so an off-by-one or a missing expiry check fails here.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

/// The status of a session: 200 with its state, or the error code.
async fn session_state(c: &Client) -> (StatusCode, String) {
    let (status, body, _) = c.get("/api/status").await;
    let what = body["session"].as_str().unwrap_or(code_of(&body));
    (status, what.to_owned())
}

fn max_age(headers: &reqwest::header::HeaderMap) -> u64 {
    let cookie = headers["set-cookie"].to_str().unwrap();
    let value = cookie.split("Max-Age=").nth(1).unwrap().split(';').next();
    value.unwrap().parse().unwrap()
}

/// ASVS 5.0 7.3.1/7.3.2: sessions end. A session that still needs a second factor or an
/// enrolment lives `pending_session_seconds` (10 min), a signed-in one `session_seconds` (12 h).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_at_their_lifetime() {
    let t = start(|_| {}).await;
    let policy = mfa_server::Policy::default();
    let pending = policy.pending_session_seconds;
    let unauthorized = (StatusCode::UNAUTHORIZED, "unauthorized".to_owned());

    let (bob, _) = t.login("bob@acme.test").await;
    let (alice, _) = t.login("alice@acme.test").await;
    t.clock.advance(pending - 1);
    assert_eq!(
        session_state(&bob).await,
        (StatusCode::OK, "mfa_required".into())
    );
    assert_eq!(
        session_state(&alice).await,
        (StatusCode::OK, "enrollment_required".into())
    );
    t.clock.advance(1);
    assert_eq!(session_state(&bob).await, unauthorized);
    assert_eq!(session_state(&alice).await, unauthorized);
    // An expired password-only session cannot start a challenge or an enrolment either.
    let (status, body, _) = bob
        .post("/api/challenge", json!({ "method": "totp" }))
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );

    let bob = t.signed_in_bob().await;
    let signed_in = t.now();
    assert_eq!(
        session_state(&bob).await,
        (StatusCode::OK, "authenticated".into())
    );
    t.clock.set(signed_in + policy.session_seconds - 1);
    assert_eq!(
        session_state(&bob).await,
        (StatusCode::OK, "authenticated".into())
    );
    t.clock.set(signed_in + policy.session_seconds);
    assert_eq!(session_state(&bob).await, unauthorized);
}

/// The cookie's Max-Age is the session's lifetime, so browsers drop it when the server does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_lifetimes_match_the_sessions() {
    let t = start(|_| {}).await;
    let policy = mfa_server::Policy::default();
    let c = t.client();
    let (_, _, headers) = c
        .post(
            "/api/login",
            json!({ "email": "bob@acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(max_age(&headers), policy.pending_session_seconds);
    let challenge = c.start_challenge("totp").await;
    let (status, _, headers) = c.verify_challenge(&challenge, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(max_age(&headers), policy.session_seconds);
}

/// A TOTP challenge lives `pending_ttl_seconds`, at sign-in and as a step-up in a signed-in
/// session. Here 300 s, shorter than the password-only session, so the challenge's own expiry
/// answers (`challenge_expired`), not the session's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_challenges_expire_at_their_lifetime() {
    let ttl = 300;
    let t = start(|c| c.policy.pending_ttl_seconds = ttl).await;

    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    t.clock.advance(ttl - 1);
    let (status, body, _) = bob
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "alive one second before its end: {body}"
    );

    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    t.clock.advance(ttl);
    let right = t.code(BOB_SECRET, 0);
    for code in [wrong(&right), right.as_str()] {
        let (status, body, _) = bob.verify_challenge(&challenge, code).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::GONE, "challenge_expired")
        );
    }

    // A step-up challenge in a signed-in session.
    let bob = t.signed_in_bob().await;
    let step_up = bob.start_challenge("totp").await;
    t.clock.advance(ttl);
    let (status, body, _) = bob.verify_challenge(&step_up, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "challenge_expired")
    );
}

/// A pending TOTP or SMS enrolment lives `pending_ttl_seconds` (here 300 s, inside the session).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_enrolments_expire_at_their_lifetime() {
    let ttl = 300;
    let t = start(|c| c.policy.pending_ttl_seconds = ttl).await;
    let confirm_totp = |c: Client, started: serde_json::Value, code: String| async move {
        c.post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": code }),
        )
        .await
    };

    let (alice, _) = t.login("alice@acme.test").await;
    let (_, started, _) = alice.post("/api/enrollment/totp", json!({})).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    assert_eq!(
        started["expiresAt"],
        mfa_server::clock::rfc3339(t.now() + ttl)
    );
    t.clock.advance(ttl);
    // Right or wrong, the code of an expired enrolment is not evaluated (and costs no attempt).
    let right = t.code(&secret, 0);
    for code in [wrong(&right), right.as_str()] {
        let (status, body, _) = confirm_totp(alice.clone(), started.clone(), code.into()).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::GONE, "challenge_expired")
        );
    }

    let (_, started, _) = alice.post("/api/enrollment/totp", json!({})).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    t.clock.advance(ttl - 1);
    let (status, body, _) = confirm_totp(alice.clone(), started, t.code(&secret, 0)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "alive one second before its end: {body}"
    );
    let confirmed_at = mfa_server::clock::rfc3339(t.now());
    assert_eq!(
        body["factor"]["createdAt"], confirmed_at,
        "enrolled when confirmed"
    );

    // SMS: the pending factor and its code's challenge both end at `ttl`. Erin is signed in
    // (a 12 h session), so only they can expire.
    let (erin, _) = t.login("erin@initech.test").await;
    let phone = "+15555550177";
    let start_sms = || async {
        let (status, sent, _) = erin
            .post("/api/enrollment/sms", json!({ "phoneNumber": phone }))
            .await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        sent["challengeId"].as_str().unwrap().to_owned()
    };
    let confirm_sms = |challenge: String, code: String| {
        let erin = erin.clone();
        async move {
            let body = json!({ "challengeId": challenge, "code": code });
            let (status, body, _) = erin.post("/api/enrollment/sms/confirm", body).await;
            (status, code_of(&body).to_owned())
        }
    };
    let expired = (StatusCode::GONE, "challenge_expired".to_owned());
    let challenge = start_sms().await;
    let code = t.last_sms_code(phone).await;
    t.clock.advance(ttl);
    assert_eq!(confirm_sms(challenge, code).await, expired);

    // A resend late in the enrolment gives the code a new lifetime, not the pending factor: at
    // `ttl` the enrolment is over even with a fresh code.
    let challenge = start_sms().await;
    t.clock.advance(ttl - 10);
    let (status, body, _) = erin
        .post("/api/sms/resend", json!({ "challengeId": challenge }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = t.last_sms_code(phone).await;
    t.clock.advance(10);
    assert_eq!(confirm_sms(challenge, code).await, expired);
}

/// NIST SP 800-63B 5.1.3.2 / ASVS 4.0.3 2.7.2: an SMS code lives 5 minutes, and never more than
/// 10 whatever the configuration says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_codes_expire_at_their_lifetime_and_never_after_ten_minutes() {
    let t = start(|c| {
        c.policy.sms_per_user_limit = 10;
        c.policy.sms_per_number_limit = 10;
    })
    .await;
    let ttl = mfa_server::Policy::default().sms_ttl_seconds;
    for (offset, expected) in [(ttl - 1, StatusCode::OK), (ttl, StatusCode::GONE)] {
        let (carol, _) = t.login("carol@acme.test").await;
        let challenge = carol.start_challenge("sms").await;
        let code = t.last_sms_code(CAROL_PHONE).await;
        t.clock.advance(offset);
        let (status, body, _) = carol.verify_challenge(&challenge, &code).await;
        assert_eq!(status, expected, "{offset} s after sending: {body}");
    }

    let t = start(|c| {
        c.policy.sms_ttl_seconds = 3600;
        c.policy.pending_session_seconds = 7200;
    })
    .await;
    let (carol, _) = t.login("carol@acme.test").await;
    let (_, started, _) = carol
        .post("/api/challenge", json!({ "method": "sms" }))
        .await;
    assert_eq!(
        started["expiresAt"],
        mfa_server::clock::rfc3339(t.now() + 600)
    );
    let code = t.last_sms_code(CAROL_PHONE).await;
    t.clock.advance(600);
    let (status, body, _) = carol
        .verify_challenge(started["challengeId"].as_str().unwrap(), &code)
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "challenge_expired")
    );
}

/// The resend cooldown: refused until exactly 30 s after the last send, with the wait left.
/// Refused resends send nothing and spend none of the hourly SMS budget (5 per user): after six
/// of them, the resend at 30 s still goes out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resend_cooldown_ends_at_thirty_seconds() {
    let t = start(|_| {}).await;
    let (carol, _) = t.login("carol@acme.test").await;
    let challenge = carol.start_challenge("sms").await;
    let resend = json!({ "challengeId": challenge });
    for _ in 0..6 {
        let (status, body, _) = carol.post("/api/sms/resend", resend.clone()).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
        );
    }
    t.clock.advance(29);
    let (status, body, headers) = carol.post("/api/sms/resend", resend.clone()).await;
    assert_eq!(
        (
            status,
            code_of(&body),
            headers["retry-after"].to_str().unwrap()
        ),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "1")
    );
    t.clock.advance(1);
    let (status, body, _) = carol.post("/api/sms/resend", resend).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// NIST SP 800-63B 5.2.2: the second-factor and password locks last `lock_seconds` exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locks_end_at_their_lifetime() {
    let lock = mfa_server::Policy::default().lock_seconds;
    // Sessions and challenges outlive the lock here, so only the lock answers.
    let t = start(|c| {
        c.policy.pending_session_seconds = 2 * lock;
        c.policy.pending_ttl_seconds = 2 * lock;
    })
    .await;
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    for _ in 0..5 {
        bob.verify_challenge(&challenge, wrong(&t.code(BOB_SECRET, 0)))
            .await;
    }
    t.clock.advance(lock - 1);
    let (status, body, headers) = bob
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await;
    assert_eq!(
        (
            status,
            code_of(&body),
            headers["retry-after"].to_str().unwrap()
        ),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out", "1")
    );
    t.clock.advance(1);
    let challenge = bob.start_challenge("totp").await;
    let (status, body, _) = bob
        .verify_challenge(&challenge, &t.code(BOB_SECRET, 0))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let c = t.client();
    let login = |password: &'static str| {
        let c = c.clone();
        async move {
            c.post(
                "/api/login",
                json!({ "email": "erin@initech.test", "password": password }),
            )
            .await
        }
    };
    for _ in 0..5 {
        login("wrong").await;
    }
    t.clock.advance(lock - 1);
    let (status, body, _) = login(PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out")
    );
    t.clock.advance(1);
    let (status, body, _) = login(PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
