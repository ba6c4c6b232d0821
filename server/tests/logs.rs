//! Secrets never reach the logs (OWASP Logging Cheat Sheet; ASVS 5.0 16.2.5; security.md):
//! a real server, logging everything at TRACE into a buffer, is driven through enrolment, TOTP
//! and SMS sign-in, recovery-code use and regeneration, a replay, wrong codes, wrong passwords
//! and admin operations. Then no password, TOTP secret (base32 in any case, or hex), TOTP, SMS or
//! recovery code, SMS text, session token or server key appears in what was logged.
//!
//! One test in this binary: it installs the process-wide subscriber.

mod common;

use common::*;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything secret the test saw.
#[derive(Default)]
struct Secrets(Vec<String>);

impl Secrets {
    fn add(&mut self, secret: impl Into<String>) {
        self.0.push(secret.into());
    }

    /// Keeps the session tokens of an answer's cookies, and passes the answer on.
    fn answer(&mut self, answer: (StatusCode, Value, HeaderMap)) -> (StatusCode, Value) {
        for cookie in answer.2.get_all("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            let token = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
            if !token.is_empty() {
                self.add(token);
            }
        }
        (answer.0, answer.1)
    }

    fn codes(&mut self, body: &Value) -> Vec<String> {
        let codes: Vec<String> = body["recoveryCodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        for code in &codes {
            self.add(code.clone());
            self.add(code.replace('-', ""));
        }
        codes
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs() {
    let log = Capture::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .init();

    let t = start(|c| c.policy.ip_failure_limit = 1_000).await;
    let mut s = Secrets::default();
    s.add(PASSWORD);
    s.add(hex(&[42; 32])); // the server key of the test servers
    for secret in [BOB_SECRET, ADMIN_SECRET] {
        s.add(secret);
        s.add(hex(&mfa_core::secret::decode(secret).unwrap()));
    }
    for user in ["admin", "bob", "carol"] {
        for code in t.seeded_recovery_codes(user) {
            s.add(code.replace('-', ""));
            s.add(code);
        }
    }
    let wrong_password = "Tr0ub4dor&3-wrong";
    s.add(wrong_password);
    let login = |email: &'static str, password: &'static str| {
        let c = t.client();
        async move {
            let answer = c
                .post(
                    "/api/login",
                    json!({ "email": email, "password": password }),
                )
                .await;
            (c, answer)
        }
    };

    // Alice enrols TOTP: a wrong code, then the right one.
    let (alice, answer) = login("alice@acme.test", PASSWORD).await;
    s.answer(answer);
    let (_, started) = s.answer(alice.post("/api/enrollment/totp", json!({})).await);
    let secret = started["secret"].as_str().unwrap().to_owned();
    s.add(&secret);
    s.add(hex(&mfa_core::secret::decode(&secret).unwrap()));
    s.add(started["otpauthUri"].as_str().unwrap());
    let right = t.code(&secret, 0);
    let wrong = if right == "914270" {
        "381625"
    } else {
        "914270"
    };
    for code in [wrong, right.as_str()] {
        s.add(code);
        let body = json!({ "enrollmentId": started["enrollmentId"], "code": code });
        s.answer(alice.post("/api/enrollment/totp/confirm", body).await);
    }
    assert_eq!(alice.status().await["factors"][0]["method"], "totp");
    let (_, confirmed) = s.answer(
        alice
            .post(
                "/api/recovery-codes/regenerate",
                json!({ "proof": { "method": "totp", "code": right } }),
            )
            .await,
    );
    assert_eq!(code_of(&confirmed), "invalid_code", "a replayed code");

    // Bob: a wrong password, then TOTP sign-in with a wrong code and the right one.
    let (_, answer) = login("bob@acme.test", wrong_password).await;
    assert_eq!(s.answer(answer).0, StatusCode::UNAUTHORIZED);
    let (bob, answer) = login("bob@acme.test", PASSWORD).await;
    s.answer(answer);
    t.clock.advance(30);
    let challenge = bob.start_challenge("totp").await;
    let right = t.code(BOB_SECRET, 0);
    let wrong = if right == "462807" {
        "173950"
    } else {
        "462807"
    };
    for code in [wrong, right.as_str()] {
        s.add(code);
        s.answer(bob.verify_challenge(&challenge, code).await);
    }
    t.clock.advance(30);
    let proof = t.code(BOB_SECRET, 0);
    s.add(&proof);
    let (status, body) = s.answer(
        bob.post(
            "/api/recovery-codes/regenerate",
            json!({ "proof": { "method": "totp", "code": proof } }),
        )
        .await,
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let bob_codes = s.codes(&body);

    // Bob signs in with a recovery code (a wrong one first), then changes method with another.
    let (bob, answer) = login("bob@acme.test", PASSWORD).await;
    s.answer(answer);
    let unknown = "QQQQ-RRRR-SSSS-TTTT";
    s.add(unknown);
    for code in [unknown, bob_codes[0].as_str()] {
        s.answer(bob.post("/api/recover", json!({ "code": code })).await);
    }
    let change = json!({ "proof": { "method": "recovery_code", "code": bob_codes[1] } });
    let (status, body) = s.answer(bob.post("/api/mfa/change", change).await);
    assert_eq!(status, StatusCode::OK, "{body}");

    // Carol: SMS sign-in, a wrong code, a resend, the right code; then Erin enrols SMS.
    let (carol, answer) = login("carol@acme.test", PASSWORD).await;
    s.answer(answer);
    let challenge = carol.start_challenge("sms").await;
    t.clock.advance(30);
    s.answer(
        carol
            .post("/api/sms/resend", json!({ "challengeId": challenge }))
            .await,
    );
    let code = t.last_sms_code(CAROL_PHONE).await;
    let wrong = if code == "555123" { "555124" } else { "555123" };
    for code in [wrong, code.as_str()] {
        s.add(code);
        s.answer(carol.verify_challenge(&challenge, code).await);
    }
    let (erin, answer) = login("erin@initech.test", PASSWORD).await;
    s.answer(answer);
    let (_, sent) = s.answer(
        erin.post(
            "/api/enrollment/sms",
            json!({ "phoneNumber": "+15555550199" }),
        )
        .await,
    );
    let code = t.last_sms_code("+15555550199").await;
    s.add(&code);
    let confirm = json!({ "challengeId": sent["challengeId"], "code": code });
    let (status, body) = s.answer(erin.post("/api/enrollment/sms/confirm", confirm).await);
    assert_eq!(status, StatusCode::OK, "{body}");
    s.codes(&body);
    let (_, outbox, _) = t.client().get("/api/dev/sms-outbox").await;
    for message in outbox["messages"].as_array().unwrap() {
        s.add(message["body"].as_str().unwrap());
    }

    // The admin: a wrong password, then a reset.
    let admin = t.signed_in("admin@acme.test", ADMIN_SECRET).await;
    for password in [wrong_password, PASSWORD] {
        let reset = json!({ "memberEmail": "carol@acme.test", "password": password });
        s.answer(admin.post("/api/admin/reset-member-mfa", reset).await);
    }

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    // The capture works and saw the flows (so an empty log cannot pass).
    for event in [
        "failed authentication attempt",
        "replayed TOTP code rejected",
        "second factor enrolled",
        "second factor verified",
        "signed in with a recovery code",
        "recovery codes regenerated",
        "method change started",
        "member 2FA reset by an admin",
    ] {
        assert!(text.contains(event), "{event} not logged:\n{text}");
    }
    let lower = text.to_ascii_lowercase();
    assert!(s.0.len() > 60, "{} secrets", s.0.len());
    for secret in &s.0 {
        assert!(
            !lower.contains(&secret.to_ascii_lowercase()),
            "the log holds the secret {secret:?}:\n{text}"
        );
    }
    println!(
        "{} log lines, {} secrets checked",
        text.lines().count(),
        s.0.len()
    );
}
