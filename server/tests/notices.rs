//! Security notices (issue 9 "Notifications"; ASVS 4.0.3 2.2.3, 2.5.5, 2.8.5; RFC 4226 §7.2;
//! NIST SP 800-63B 6.1.2.1): every event sends the owner one mail, to their address, saying
//! what happened and never carrying a code or secret. Read from the development mail outbox.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn mails(t: &TestServer) -> Vec<Value> {
    let (status, body, _) = t.client().get("/api/dev/mail-outbox").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["messages"].as_array().unwrap().clone()
}

/// The subjects of the mails to `to`, oldest first.
async fn subjects(t: &TestServer, to: &str) -> Vec<String> {
    mails(t)
        .await
        .iter()
        .filter(|m| m["to"] == to)
        .map(|m| m["subject"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_changes_are_notified_without_secrets() {
    let t = start(|_| {}).await;
    let mut secrets = Vec::new();

    // Enrolment (alice), then an admin reset of alice.
    let (alice, _) = t.login("alice@acme.test").await;
    secrets.push(t.enrol_totp(&alice).await);
    assert_eq!(
        subjects(&t, "alice@acme.test").await,
        ["A second factor was added to your account"]
    );
    let (admin, _) = t.login("admin@acme.test").await;
    let challenge = admin.start_challenge("totp").await;
    admin
        .verify_challenge(&challenge, &t.code(ADMIN_SECRET, 0))
        .await;
    let (status, _, _) = admin
        .post(
            "/api/admin/reset-member-mfa",
            json!({ "memberEmail": "alice@acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        subjects(&t, "alice@acme.test").await.last().unwrap(),
        "An administrator reset your second factor"
    );

    // Recovery codes: regenerated, then one used to change the method (bob).
    let bob = t.signed_in_bob().await;
    t.clock.advance(30);
    let (status, codes, _) = bob
        .post(
            "/api/recovery-codes/regenerate",
            json!({ "proof": { "method": "totp", "code": t.code(BOB_SECRET, 0) } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    let codes: Vec<String> = codes["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let (status, _, _) = bob
        .post(
            "/api/mfa/change",
            json!({ "proof": { "method": "recovery_code", "code": codes[0] } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    secrets.extend(codes);
    // The change is told at the swap, when the new factor is confirmed (issue 15).
    secrets.push(t.enrol_totp(&bob).await);
    let bob_mails = subjects(&t, "bob@acme.test").await;
    assert_eq!(
        bob_mails,
        [
            "New recovery codes were created",
            "A recovery code was used",
            "Your second factor was replaced"
        ]
    );

    // A recovery code at sign-in (carol), with the count left.
    let (carol, _) = t.login("carol@acme.test").await;
    let code = t.seeded_recovery_codes("carol")[0].clone();
    let (status, _, _) = carol.post("/api/recover", json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK);
    secrets.push(code);
    let all = mails(&t).await;
    let used = all
        .iter()
        .find(|m| m["to"] == "carol@acme.test")
        .expect("carol was told");
    assert!(
        used["body"]
            .as_str()
            .unwrap()
            .contains("9 recovery codes are left"),
        "{used}"
    );
    for mail in &all {
        let text = mail.to_string();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "a secret in {text}");
        }
        assert!(!text.contains(PASSWORD));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lockouts_are_notified_at_most_hourly_and_the_cap_always() {
    let t = start(|c| c.policy.mfa_failure_cap = 7).await;
    // Password lockouts from two addresses: one notice within the hour, another after it.
    for local in ["127.0.0.2", "127.0.0.3"] {
        let c = Client::from_address(&t.url(), local);
        for _ in 0..5 {
            c.post(
                "/api/login",
                json!({ "email": "erin@initech.test", "password": "wrong" }),
            )
            .await;
        }
    }
    let lockouts = |s: Vec<String>| {
        s.iter()
            .filter(|s| *s == "Too many failed sign-in attempts")
            .count()
    };
    assert_eq!(lockouts(subjects(&t, "erin@initech.test").await), 1);
    t.clock.advance(3600);
    let c = Client::from_address(&t.url(), "127.0.0.4");
    for _ in 0..5 {
        c.post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": "wrong" }),
        )
        .await;
    }
    let erin = subjects(&t, "erin@initech.test").await;
    assert_eq!(lockouts(erin.clone()), 2, "{erin:?}");
    // Unknown accounts have no owner to tell.
    for _ in 0..5 {
        c.post(
            "/api/login",
            json!({ "email": "nobody@initech.test", "password": "wrong" }),
        )
        .await;
    }
    assert!(mails(&t)
        .await
        .iter()
        .all(|m| m["to"] != "nobody@initech.test"));

    // Second-factor delay, then the cap (7).
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    let wrong = if t.code(BOB_SECRET, 0) == "999999" {
        "888888"
    } else {
        "999999"
    };
    for _ in 0..5 {
        bob.verify_challenge(&challenge, wrong).await;
    }
    t.clock.advance(900);
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    for _ in 0..2 {
        bob.verify_challenge(&challenge, wrong).await;
    }
    assert_eq!(
        subjects(&t, "bob@acme.test").await,
        [
            "Too many failed sign-in attempts",
            "Your second factor is blocked"
        ]
    );
}
