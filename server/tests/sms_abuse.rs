//! SMS anti-abuse, against toll fraud and harassment (issue 9 row 4; ASVS 5.0 2.4.1; the shape
//! of Twilio Verify's Fraud Guard and geo permissions and Firebase's SMS region policy):
//! separate budgets per purpose, a number's sign-in budget that only its owner spends,
//! per-source and global hourly caps, an allowlist of countries, and no premium, unallocated
//! or non-mobile destinations.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn enrol(c: &Client, phone: &str) -> (StatusCode, Value) {
    let (status, body, _) = c
        .post("/api/enrollment/sms", json!({ "phoneNumber": phone }))
        .await;
    (status, body)
}

/// Row 4: another user enrolling carol's number used to spend its budget and block carol's
/// sign-in texts for an hour. Now enrolment sends have their own budgets, and carol's sign-in
/// budget is hers alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_users_cannot_spend_a_numbers_sign_in_budget() {
    let t = start(|_| {}).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let (alice, _) = t.login("alice@acme.test").await;
    let mut answers = Vec::new();
    for who in [&erin, &erin, &erin, &erin, &erin, &alice, &alice, &alice] {
        let (status, body) = enrol(who, CAROL_PHONE).await;
        answers.push((status.as_u16(), code_of(&body).to_owned()));
    }

    // Carol still signs in by SMS, five times in the hour: her sign-in budget is hers.
    for _ in 0..5 {
        let (carol, _) = t.login("carol@acme.test").await;
        let (status, body, _) = carol
            .post("/api/challenge", json!({ "method": "sms" }))
            .await;
        assert_eq!(status, StatusCode::OK, "carol's sign-in text: {body}");
        let code = t.last_sms_code(CAROL_PHONE).await;
        let challenge = body["challengeId"].as_str().unwrap();
        let (status, body, _) = carol.verify_challenge(challenge, &code).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        t.clock.advance(30);
    }

    // Three enrolment texts per (user, number) an hour; five per number, all users together.
    let ok = (200, String::new());
    let refused = (429, "rate_limited".to_owned());
    assert_eq!(
        answers,
        [
            ok.clone(),
            ok.clone(),
            ok.clone(),
            refused.clone(),
            refused.clone(),
            ok.clone(),
            ok,
            refused
        ]
    );
}

/// Premium-rate, unallocated, global-service, non-mobile and not-allowed countries' numbers are
/// refused with a reason; `--sms-countries` opens a country.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn premium_unallocated_and_foreign_numbers_are_refused() {
    let t = start(|_| {}).await;
    let (erin, _) = t.login("erin@initech.test").await;
    for (phone, reason) in [
        ("+449091234567", "premium_rate"),
        ("+19005551234", "premium_rate"),
        ("+882123456789", "country_not_allowed"),
        ("+979123456789", "country_not_allowed"),
        ("+80012345678", "country_not_allowed"),
        ("+33612345678", "country_not_allowed"),
        ("+447012345678", "not_mobile"),
        ("+441632960000", "unallocated"),
    ] {
        let (status, body) = enrol(&erin, phone).await;
        assert_eq!(
            (status, code_of(&body), body["reason"].as_str()),
            (StatusCode::BAD_REQUEST, "invalid_input", Some(reason)),
            "{phone}: {body}"
        );
    }
    assert!(
        t.client().get("/api/dev/sms-outbox").await.1["messages"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing was sent"
    );
    assert_eq!(enrol(&erin, "+14155552671").await.0, StatusCode::OK);

    let t = start(|c| c.policy.sms_countries = vec![1, 44, 33]).await;
    let (erin, _) = t.login("erin@initech.test").await;
    assert_eq!(enrol(&erin, "+33612345678").await.0, StatusCode::OK);
}

/// Per-source and global hourly caps: one address cannot send more than its share, and the
/// whole server never sends more than the cap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_source_and_global_hourly_caps() {
    let t = start(|c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        c.policy.sms_per_source_limit = 2;
        c.policy.sms_global_limit = 3;
    })
    .await;
    let (erin, _) = t.login("erin@initech.test").await;
    let (alice, _) = t.login("alice@acme.test").await;
    let send = |c: &Client, via: &'static str, phone: &'static str| {
        let c = c.clone();
        async move {
            let (status, body, _) = c
                .post_via(via, "/api/enrollment/sms", json!({ "phoneNumber": phone }))
                .await;
            (status.as_u16(), code_of(&body).to_owned())
        }
    };
    assert_eq!(send(&erin, "203.0.113.1", "+14155552671").await.0, 200);
    assert_eq!(send(&alice, "203.0.113.1", "+14155552672").await.0, 200);
    assert_eq!(
        send(&alice, "203.0.113.1", "+14155552673").await,
        (429, "rate_limited".into()),
        "the source's two are spent"
    );
    assert_eq!(send(&alice, "198.51.100.1", "+14155552673").await.0, 200);
    assert_eq!(
        send(&erin, "192.0.2.1", "+14155552674").await,
        (429, "rate_limited".into()),
        "the global three are spent"
    );
    t.clock.advance(3601);
    let (erin, _) = t.login("erin@initech.test").await;
    assert_eq!(send(&erin, "192.0.2.1", "+14155552674").await.0, 200);
}
