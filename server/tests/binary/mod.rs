//! The real `mfa-server` binary for durability tests: started on a database file (optionally
//! under a wrapper such as strace), its address read from the first line of standard output, and
//! a small HTTP client that returns the status, the body and the session token it was given.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const PASSWORD: &str = "correct-horse-battery";

/// A running server (or wrapper and server). Dropping it kills both, so a failing test leaves
/// no process behind holding the test's output open.
pub struct Running {
    child: Child,
    pub url: String,
}

impl Running {
    /// SIGKILL to the server (and then to the wrapper), and waits for them.
    pub fn kill(&mut self) {
        // A wrapper (strace) lets its tracee run on when it dies itself: kill the tracee first.
        let children = format!("/proc/{0}/task/{0}/children", self.child.id());
        for pid in std::fs::read_to_string(children)
            .unwrap_or_default()
            .split_whitespace()
        {
            let _ = Command::new("kill").args(["-KILL", pid]).status();
        }
        let _ = self.child.kill(); // Child::kill sends SIGKILL on Unix
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts `wrapper... mfa-server --dev --listen 127.0.0.1:0 --db <db>`.
pub fn spawn(db: &Path, wrapper: &[&str]) -> Running {
    let bin = env!("CARGO_BIN_EXE_mfa-server");
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut child = command
        .args(["--dev", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .env("MFA_SERVER_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {wrapper:?} {bin}: {e}"));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut running = Running {
        child,
        url: String::new(),
    };
    let first = lines.next().expect("a first line").unwrap();
    running.url = first
        .strip_prefix("mfa-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    // Keep draining standard output so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    running
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn code(secret: &str, unix: u64) -> String {
    mfa_core::totp::Totp::new(secret, Default::default(), 6, 30)
        .unwrap()
        .code(unix)
}

/// An API client with its own cookie jar.
pub struct Api {
    http: reqwest::Client,
    url: String,
}

/// An answer: status, JSON body (or null), and the session token of a `Set-Cookie`, if any.
pub type Answer = (u16, Value, Option<String>);

impl Api {
    pub fn new(url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            url: url.to_owned(),
        }
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let token = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(';')
                    .next()?
                    .split_once('=')
                    .map(|(_, t)| t.to_owned())
            })
            .filter(|t| !t.is_empty());
        (status, response.json().await.unwrap_or(Value::Null), token)
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Result<Answer> {
        let request = self.http.post(format!("{}{path}", self.url));
        let response = request.header("X-MFA-CSRF", "1").json(&body).send().await?;
        Ok(Self::answer(response).await)
    }

    pub async fn get(&self, path: &str) -> reqwest::Result<Answer> {
        let response = self.http.get(format!("{}{path}", self.url)).send().await?;
        Ok(Self::answer(response).await)
    }

    /// `GET /api/status` with an explicit session token instead of the jar.
    pub async fn status_of(&self, token: &str) -> reqwest::Result<Answer> {
        let request = self.http.get(format!("{}/api/status", self.url));
        let response = request
            .header("Cookie", format!("mfa_session={token}"))
            .send()
            .await?;
        Ok(Self::answer(response).await)
    }
}

/// `PRAGMA integrity_check` of the database file.
pub fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}
