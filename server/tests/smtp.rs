//! Real mail: the server sends a security notice through `--smtp-url` to an SMTP sink on
//! loopback (aiosmtpd, installed pinned by `scripts/setup.sh`), and the message arrives with the
//! right recipient, sender and subject. Fails (never skips) when aiosmtpd is missing.

mod common;

use common::*;
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `python3 -m aiosmtpd` writing every message into a maildir; killed on drop.
struct Sink {
    child: Child,
    port: u16,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_sink(maildir: &Path) -> Sink {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .expect("python3 runs");
    assert!(
        found.success(),
        "aiosmtpd is not installed: run scripts/setup.sh test (it pins aiosmtpd 1.4.6)"
    );
    let port = free_port();
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("aiosmtpd starts");
    let sink = Sink { child, port };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "aiosmtpd did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    sink
}

/// The first message that arrives in `maildir/new`, waiting for it (delivery runs in the
/// background).
async fn first_message(maildir: &Path) -> String {
    let new = maildir.join("new");
    for _ in 0..400 {
        if let Ok(entries) = std::fs::read_dir(&new) {
            if let Some(entry) = entries.flatten().next() {
                return std::fs::read_to_string(entry.path()).unwrap();
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail arrived in {}", new.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lockout_notice_arrives_by_smtp() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("mail");
    let sink = start_sink(&maildir);
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let t = start(move |c| {
        c.dev = false; // no development outbox: SMTP only
        c.smtp_url = Some(url);
        c.mail_from = "Acme security <security@acme.test>".into();
    })
    .await;
    let c = t.client();
    for _ in 0..5 {
        c.post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": "wrong" }),
        )
        .await;
    }
    let message = first_message(&maildir).await;
    println!("{message}");
    let header = |name: &str| {
        message
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("To"), "erin@initech.test");
    assert_eq!(header("From"), "\"Acme security\" <security@acme.test>");
    assert_eq!(header("Subject"), "Too many failed sign-in attempts");
    assert!(message.contains("from 127.0.0.1"), "{message}");
    assert!(
        !message.contains("wrong"),
        "the tried password is not in the notice"
    );
}
