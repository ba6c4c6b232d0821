//! Durability: the real binary is killed with SIGKILL while requests are in flight, restarted on
//! the same database file, and no confirmed enrolment is lost (SQLite WAL, synchronous=FULL).
//! The TOTP replay guard and the server key survive the restart too.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PASSWORD: &str = "correct-horse-battery";

fn spawn(db: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mfa-server"))
        .args(["--dev", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .env("MFA_SERVER_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let url = first
        .strip_prefix("mfa-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    // Keep draining standard output so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn code(secret: &str, unix: u64) -> String {
    mfa_core::totp::Totp::new(secret, Default::default(), 6, 30)
        .unwrap()
        .code(unix)
}

struct Api {
    http: reqwest::Client,
    url: String,
}

impl Api {
    fn new(url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
            url: url.to_owned(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> reqwest::Result<(u16, Value)> {
        let r = self
            .http
            .post(format!("{}{path}", self.url))
            .header("X-MFA-CSRF", "1")
            .json(&body)
            .send()
            .await?;
        let status = r.status().as_u16();
        Ok((status, r.json().await.unwrap_or(Value::Null)))
    }
}

async fn wait_healthy(url: &str) {
    for _ in 0..200 {
        if let Ok(r) = reqwest::get(format!("{url}/api/health")).await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up at {url}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_run_loses_no_confirmed_enrolment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let (mut server, url) = spawn(&db);
    wait_healthy(&url).await;

    // Alice enrols TOTP.
    let alice = Api::new(&url);
    let (status, body) = alice
        .post(
            "/api/login",
            json!({ "email": "alice@acme.test", "password": PASSWORD }),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("enrollment_required")),
        "{body}"
    );
    let (status, started) = alice.post("/api/enrollment/totp", json!({})).await.unwrap();
    assert_eq!(status, 200, "{started}");
    let secret = started["secret"].as_str().unwrap().to_owned();
    let used = code(&secret, now());
    let (status, confirmed) = alice
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": used }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{confirmed}");

    // Load: logins and enrolments in flight while the server is killed.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load: Vec<_> = (0..6)
        .map(|i| {
            let (url, stop) = (url.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let c = Api::new(&url);
                    let email = if i % 2 == 0 {
                        "erin@initech.test"
                    } else {
                        "carol@acme.test"
                    };
                    if c.post(
                        "/api/login",
                        json!({ "email": email, "password": PASSWORD }),
                    )
                    .await
                    .is_err()
                    {
                        break;
                    }
                    let _ = c.post("/api/enrollment/totp", json!({})).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    server.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for task in load {
        let _ = task.await;
    }

    // Restart on the same file: the enrolment is there, with its key and its replay guard.
    let (mut server, url) = spawn(&db);
    wait_healthy(&url).await;
    let alice = Api::new(&url);
    let (status, body) = alice
        .post(
            "/api/login",
            json!({ "email": "alice@acme.test", "password": PASSWORD }),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, &body),
        (
            200,
            &json!({ "status": "mfa_required", "methods": ["totp"] })
        )
    );
    let (_, challenge) = alice
        .post("/api/challenge", json!({ "method": "totp" }))
        .await
        .unwrap();
    let (status, _) = alice
        .post(
            "/api/challenge/verify",
            json!({ "challengeId": challenge["challengeId"], "code": used }),
        )
        .await
        .unwrap();
    assert_eq!(
        status, 401,
        "the confirming code stays used across the restart"
    );
    let (status, body) = alice
        .post(
            "/api/challenge/verify",
            json!({ "challengeId": challenge["challengeId"], "code": code(&secret, now() + 30) }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let codes = confirmed["recoveryCodes"].as_array().unwrap();
    let other = Api::new(&url);
    other
        .post(
            "/api/login",
            json!({ "email": "alice@acme.test", "password": PASSWORD }),
        )
        .await
        .unwrap();
    let (status, body) = other
        .post("/api/recover", json!({ "code": codes[0] }))
        .await
        .unwrap();
    assert_eq!(
        (status, body["recoveryCodesRemaining"].as_u64()),
        (200, Some(9)),
        "{body}"
    );

    server.kill().unwrap();
    server.wait().unwrap();
    let key = dir.path().join("mfa.db.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600,
            "the key file is private"
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}
