//! Password throttling that an attacker cannot turn against the owner (issue 9 rows 1, 2, 9):
//! the client address through trusted proxies only, per-source and per-(account, source)
//! limits, device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"), the
//! hourly per-account cap for unknown devices (ASVS 4.0.3 2.2.1), and the SSO answer after the
//! password check.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn login(email: &str, password: &str) -> Value {
    json!({ "email": email, "password": password })
}

/// A login through the loopback proxy on behalf of `via`.
async fn login_via(c: &Client, via: &str, email: &str, password: &str) -> (StatusCode, Value) {
    let (status, body, _) = c.post_via(via, "/api/login", login(email, password)).await;
    (status, body)
}

/// `n` wrong passwords for distinct unknown accounts, through the proxy from `via`.
async fn spray(c: &Client, via: &str, n: usize) -> (StatusCode, Value) {
    let mut last = (StatusCode::OK, Value::Null);
    for i in 0..n {
        last = login_via(c, via, &format!("victim{i}@acme.test"), "wrong").await;
    }
    last
}

async fn trusting_loopback(configure: impl FnOnce(&mut mfa_server::Config)) -> TestServer {
    start(|c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        configure(c);
    })
    .await
}

/// Row 1: behind a proxy every client used to share the proxy's budget. Now the address comes
/// from `X-Forwarded-For` through the trusted proxy: 101 failures sprayed from one address
/// refuse that address only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_one_address_cannot_refuse_the_others() {
    let t = trusting_loopback(|_| {}).await;
    let attacker = t.client();
    let last = spray(&attacker, "203.0.113.7", 101).await;
    assert_eq!(
        (last.0, code_of(&last.1)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "the spraying address is refused"
    );
    let (status, body) = login_via(&attacker, "203.0.113.7", "erin@initech.test", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    // The owner, through the same proxy from another address, signs in.
    let owner = t.client();
    let (status, body) = login_via(&owner, "198.51.100.7", "erin@initech.test", PASSWORD).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("authenticated")),
        "{body}"
    );
    // IPv6 clients share a budget per /64: a neighbour in the same /64 is the same source.
    let t2 = trusting_loopback(|c| c.policy.ip_failure_limit = 4).await;
    let six = t2.client();
    spray(&six, "2001:db8:1:2::a", 4).await;
    let (status, _) = login_via(&six, "2001:db8:1:2:ffff::b", "erin@initech.test", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "same /64, same budget"
    );
    let (status, _) = login_via(&six, "2001:db8:1:3::a", "erin@initech.test", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another /64");
}

/// A client that is not a trusted proxy cannot pick its address with `X-Forwarded-For`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let t = start(|c| c.policy.ip_failure_limit = 4).await;
    let c = t.client();
    for i in 0..4 {
        spray(&c, &format!("203.0.113.{i}"), 1).await;
    }
    let (status, body) = login_via(&c, "198.51.100.99", "erin@initech.test", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
}

/// Row 2: knowing only an email, an attacker used to lock its owner out. Now 20 wrong
/// passwords from one address lock that address out of that account, and nothing else: the
/// owner signs in from another address, and from a device that signed in before even at the
/// attacker's address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let t = start(|_| {}).await;
    let owner_device = Client::from_address(&t.url(), "127.0.0.2");
    let (status, _, headers) = owner_device
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await;
    assert_eq!(status, StatusCode::OK);
    let device_cookie = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("mfa_device="))
        .expect("a device cookie");
    assert!(device_cookie.contains("HttpOnly"), "{device_cookie}");

    let attacker = Client::from_address(&t.url(), "127.0.0.2");
    let mut answers = Vec::new();
    for _ in 0..20 {
        let (status, body, _) = attacker
            .post("/api/login", login("erin@initech.test", "wrong"))
            .await;
        answers.push((status.as_u16(), code_of(&body).to_owned()));
    }
    assert_eq!(answers[3], (401, "invalid_credentials".into()));
    assert_eq!(answers[4], (429, "locked_out".into()), "{answers:?}");
    assert!(
        answers[5..].iter().all(|a| a.1 == "locked_out"),
        "{answers:?}"
    );
    let (status, body, _) = attacker
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out"),
        "the attacker's address stays refused, even with the right password"
    );

    let owner_elsewhere = Client::from_address(&t.url(), "127.0.0.3");
    let (status, body, _) = owner_elsewhere
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await;
    assert_eq!(status, StatusCode::OK, "another address: {body}");
    let (status, body, _) = owner_device
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a known device at the attacker's address: {body}"
    );
}

/// Many addresses together hit the hourly per-account cap for unknown devices (ASVS 4.0.3
/// 2.2.1): then unknown devices wait for the hour to end, but a device that signed in before
/// still signs in, and a forged or foreign device cookie counts as no cookie.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hourly_account_cap_spares_known_devices() {
    let t = trusting_loopback(|c| c.policy.account_failure_limit = 12).await;
    let owner = t.client();
    let (status, _) = login_via(&owner, "198.51.100.1", "erin@initech.test", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let attacker = t.client();
    for i in 0..12 {
        login_via(
            &attacker,
            &format!("203.0.113.{}", i / 4),
            "erin@initech.test",
            "x",
        )
        .await;
    }
    let (status, body, headers) = t
        .client()
        .post_via(
            "192.0.2.50",
            "/api/login",
            login("erin@initech.test", PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "locked_out"),
        "unknown devices wait"
    );
    assert_eq!(headers["retry-after"], "3600");
    let (status, body) = login_via(&owner, "192.0.2.50", "erin@initech.test", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the known device: {body}");
    t.clock.advance(3600);
    let (status, _) = login_via(&t.client(), "192.0.2.50", "erin@initech.test", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "after the hour");
}

/// Row 9: an SSO member's answer (and the organisation's name) comes only after the password
/// check, so it reveals nothing to someone who does not know the password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sso_answer_needs_the_password() {
    let t = start(|_| {}).await;
    let c = t.client();
    let (status, wrong, _) = c
        .post("/api/login", login("dave@globex.test", "wrong"))
        .await;
    let (_, unknown, _) = c
        .post("/api/login", login("nobody@globex.test", "wrong"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    let (status, body, _) = c
        .post("/api/login", login("dave@globex.test", PASSWORD))
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "status": "sso_required", "organization": "Globex" })
        )
    );
}

/// A correct password gives its reserved attempt back: from one address and without a device
/// cookie, twice as many correct sign-ins as every failure budget allows all pass. Without the
/// refund each success counted as a failure, and the owner's own sign-ins locked their account
/// and address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn correct_passwords_do_not_spend_the_failure_budgets() {
    let t = start(|c| {
        c.policy.ip_failure_limit = 3;
        c.policy.account_failure_limit = 3;
        c.policy.max_failures = 3;
    })
    .await;
    for i in 0..6 {
        let fresh = t.client();
        let (status, body, _) = fresh
            .post("/api/login", login("erin@initech.test", PASSWORD))
            .await;
        assert_eq!(status, StatusCode::OK, "sign-in {i}: {body}");
    }
}
