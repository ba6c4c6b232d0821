//! Every failed attempt is logged with its source address and without the secret (issue 9,
//! "Enumeration"; ASVS 4.0.3 7.2.1 and 7.1.1): wrong passwords for known and unknown accounts,
//! refused attempts, wrong TOTP codes and wrong recovery codes.
//!
//! One test in this binary: it installs the process-wide log subscriber.

mod common;

use common::*;
use serde_json::json;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_attempts_are_logged_with_their_source_and_no_secret() {
    let log = Capture::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .init();
    let t = start(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    let c = t.client();
    let secrets = ["Hunter2-Secret-Pass", "Wrong-For-Nobody-9"];
    c.post_via(
        "203.0.113.21",
        "/api/login",
        json!({ "email": "erin@initech.test", "password": secrets[0] }),
    )
    .await;
    c.post_via(
        "2001:db8::77",
        "/api/login",
        json!({ "email": "nobody@initech.test", "password": secrets[1] }),
    )
    .await;
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    let wrong_code = if t.code(BOB_SECRET, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    bob.verify_challenge(&challenge, wrong_code).await;
    bob.post("/api/recover", json!({ "code": "AAAA-BBBB-CCCC-DDDD" }))
        .await;

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let failures: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("failed authentication attempt"))
        .collect();
    println!("{}", failures.join("\n"));
    assert_eq!(failures.len(), 4, "one line per failed attempt:\n{text}");
    assert!(
        failures[0].contains("source=203.0.113.21") && failures[0].contains("user=\"usr_erin\"")
    );
    assert!(failures[1].contains("source=2001:db8::77") && failures[1].contains("user=\"unknown:"));
    assert!(failures[2].contains("kind=\"code\"") && failures[2].contains("source=127.0.0.1"));
    assert!(failures[3].contains("kind=\"recovery code\""));
    for secret in secrets
        .iter()
        .copied()
        .chain([wrong_code, "AAAA-BBBB-CCCC-DDDD", "nobody@"])
    {
        assert!(!text.contains(secret), "{secret} reached the log");
    }
}
