//! Shared helpers: an in-process server on an ephemeral port with a manual clock, and an HTTP
//! client that keeps cookies and sends the CSRF header.
#![allow(dead_code)]

pub mod passkey;

use mfa_core::totp::{Algorithm, Totp};
use mfa_server::clock::ManualClock;
use mfa_server::{Config, Server};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

/// The time the tests start at: the middle of a 30-second step.
pub const T0: u64 = 1_900_000_015;
pub const PASSWORD: &str = mfa_server::seed::PASSWORD;
pub const BOB_SECRET: &str = mfa_server::seed::BOB_TOTP_SECRET;
pub const ADMIN_SECRET: &str = mfa_server::seed::ADMIN_TOTP_SECRET;
pub const CAROL_PHONE: &str = mfa_server::seed::CAROL_PHONE;

pub struct TestServer {
    pub server: Server,
    pub clock: Arc<ManualClock>,
}

/// A development server (seeded accounts, SMS outbox) on `:memory:`, with cheap password
/// hashing and recovery KDF so the debug-build tests stay fast; `configure` can change anything.
///
/// With `MFA_TEST_DB` set to a PostgreSQL admin URL (scripts/test/postgres.sh), a server left on
/// `:memory:` gets a fresh PostgreSQL database of its own instead, so the same suites run on
/// both engines.
pub async fn start(configure: impl FnOnce(&mut Config)) -> TestServer {
    let clock = Arc::new(ManualClock::new(T0));
    let mut config = test_config(clock.clone());
    configure(&mut config);
    if config.db == ":memory:" {
        if let Some(admin) = postgres_admin_url() {
            config.db = fresh_postgres_database(&admin).await;
        }
    }
    let postgres = mfa_server::store::is_postgres_url(&config.db);
    let server = mfa_server::spawn(config).await.expect("server starts");
    // The engine the suite meant is the engine that runs.
    assert_eq!(server.state.store.is_postgres(), postgres);
    TestServer { server, clock }
}

/// The test configuration: development mode, seeded, a fixed key, cheap KDFs, `clock`.
pub fn test_config(clock: Arc<ManualClock>) -> Config {
    let mut config = Config::new(":memory:");
    config.dev = true;
    config.seed = true;
    config.key = Some([42; 32]);
    config.clock = clock;
    config.policy.password_memory_kib = 64;
    config.policy.password_iterations = 1;
    config.policy.recovery_kdf_iterations = 100;
    config
}

#[path = "../../src/store/tests/fresh_pg.rs"]
mod fresh_pg;
pub use fresh_pg::{fresh_postgres_database, postgres_admin_url};

impl TestServer {
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url())
    }

    pub fn now(&self) -> u64 {
        use mfa_server::clock::Clock;
        self.clock.now()
    }

    /// The TOTP code for `secret` at the server's time plus `offset` seconds.
    pub fn code(&self, secret: &str, offset: i64) -> String {
        totp_code(secret, self.now().saturating_add_signed(offset))
    }

    /// The seeded recovery codes of `user` (admin, bob, carol).
    pub fn seeded_recovery_codes(&self, user: &str) -> Vec<String> {
        let prefix = format!("  recovery codes of {user}: ");
        let line = self
            .server
            .seed_lines
            .iter()
            .find(|l| l.starts_with(&prefix))
            .expect("seeded codes");
        line[prefix.len()..].split(' ').map(str::to_owned).collect()
    }

    /// The code in the last SMS sent to `phone` (parsed from the WebOTP line).
    pub async fn last_sms_code(&self, phone: &str) -> String {
        let (status, body, _) = self.client().get("/api/dev/sms-outbox").await;
        assert_eq!(status, StatusCode::OK);
        let messages = body["messages"].as_array().unwrap();
        let message = messages
            .iter()
            .rev()
            .find(|m| m["to"] == phone)
            .expect("an SMS to this number");
        webotp_code(message["body"].as_str().unwrap())
    }

    /// A new client signed in as `email`, returning the login answer.
    pub async fn login(&self, email: &str) -> (Client, Value) {
        let client = self.client();
        let (status, body, _) = client
            .post(
                "/api/login",
                json!({ "email": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        (client, body)
    }

    /// A client fully signed in as bob (TOTP), moving the clock one step so codes are fresh.
    pub async fn signed_in_bob(&self) -> Client {
        self.signed_in("bob@acme.test", BOB_SECRET).await
    }

    /// A client fully signed in as `email` with its TOTP `secret`, moving the clock one step so
    /// codes are fresh.
    pub async fn signed_in(&self, email: &str, secret: &str) -> Client {
        let (client, body) = self.login(email).await;
        assert_eq!(body["status"], "mfa_required");
        self.clock.advance(30);
        let challenge = client.start_challenge("totp").await;
        let (status, body, _) = client
            .verify_challenge(&challenge, &self.code(secret, 0))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        client
    }
}

impl TestServer {
    /// Enrols a TOTP factor in `client`'s session (start, then a current code); its secret.
    pub async fn enrol_totp(&self, client: &Client) -> String {
        let (status, started, _) = client.post("/api/enrollment/totp", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{started}");
        let secret = started["secret"].as_str().unwrap().to_owned();
        let (status, confirmed, _) = client
            .post(
                "/api/enrollment/totp/confirm",
                json!({ "enrollmentId": started["enrollmentId"], "code": totp_code(&secret, self.now()) }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{confirmed}");
        secret
    }

    /// Another signed-in bob session (moves the clock another step).
    pub async fn signed_in_bob_later(&self) -> Client {
        self.signed_in_bob().await
    }
}

/// The code of an SMS's last line, `@<host> #<code>`.
pub fn webotp_code(body: &str) -> String {
    let last = body.lines().last().unwrap();
    let (host, code) = last.split_once(' ').unwrap();
    assert!(host.starts_with('@'), "{last}");
    let code = code.strip_prefix('#').unwrap();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{last}"
    );
    code.to_owned()
}

pub fn totp_code(secret: &str, unix: u64) -> String {
    Totp::new(secret, Algorithm::Sha1, 6, 30)
        .unwrap()
        .code(unix)
}

/// An HTTP client with its own cookie jar.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: base.to_owned(),
        }
    }

    /// A client whose connections come from `local` (any 127.0.0.0/8 address works on
    /// loopback), so a test can play several source addresses without a proxy.
    pub fn from_address(base: &str, local: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .local_address(local.parse::<std::net::IpAddr>().unwrap())
                .build()
                .unwrap(),
            base: base.to_owned(),
        }
    }

    /// `POST` with an `X-Forwarded-For` header (for servers that trust the loopback proxy).
    pub async fn post_via(
        &self,
        forwarded_for: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value, HeaderMap) {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("X-MFA-CSRF", "1")
                .header("X-Forwarded-For", forwarded_for)
                .json(&body),
        )
        .await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value, HeaderMap) {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON body, got {text:?}"))
        };
        if !status.is_success() {
            assert!(
                body["code"].is_string() && body["message"].is_string(),
                "typed error body: {body}"
            );
        }
        (status, body, headers)
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value, HeaderMap) {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("X-MFA-CSRF", "1")
                .json(&body),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value, HeaderMap) {
        self.send(
            self.http
                .put(format!("{}{path}", self.base))
                .header("X-MFA-CSRF", "1")
                .json(&body),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value, HeaderMap) {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    /// `verifyChallenge` with a code: the answer's status, body and headers.
    pub async fn verify_challenge(
        &self,
        challenge: &str,
        code: &str,
    ) -> (StatusCode, Value, HeaderMap) {
        self.post(
            "/api/challenge/verify",
            json!({ "challengeId": challenge, "code": code }),
        )
        .await
    }

    /// Starts a challenge and returns its id.
    pub async fn start_challenge(&self, method: &str) -> String {
        let (status, body, _) = self
            .post("/api/challenge", json!({ "method": method }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["challengeId"].as_str().unwrap().to_owned()
    }

    pub async fn status(&self) -> Value {
        let (status, body, _) = self.get("/api/status").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

/// A six-digit code that is not `right`.
pub fn wrong(right: &str) -> &'static str {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// The error code of an answer.
pub fn code_of(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("")
}

/// Two server instances on one database (issue 10): a fresh PostgreSQL database with
/// `MFA_TEST_DB`, a SQLite file in a temporary directory otherwise. They share the clock and
/// the server key, read from one key file as two deployed instances would.
pub struct Pair {
    pub a: TestServer,
    pub b: TestServer,
    pub db: String,
    _dir: tempfile::TempDir,
}

pub async fn start_pair(configure: impl Fn(&mut Config)) -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("server.key");
    std::fs::write(&key_file, "2a".repeat(32)).unwrap();
    let db = match postgres_admin_url() {
        Some(admin) => fresh_postgres_database(&admin).await,
        None => dir.path().join("mfa.db").to_str().unwrap().to_owned(),
    };
    let clock = Arc::new(ManualClock::new(T0));
    let mut servers = Vec::new();
    for _ in 0..2 {
        let mut config = test_config(clock.clone());
        config.db = db.clone();
        config.key = None;
        config.key_file = Some(key_file.clone());
        configure(&mut config);
        let server = mfa_server::spawn(config).await.expect("server starts");
        servers.push(TestServer {
            server,
            clock: clock.clone(),
        });
    }
    let b = servers.pop().unwrap();
    let a = servers.pop().unwrap();
    // The first instance seeded the database; the second found it seeded.
    assert!(a.server.seed_lines.len() > 1 && b.server.seed_lines.len() == 1);
    Pair {
        a,
        b,
        db,
        _dir: dir,
    }
}

impl Pair {
    /// Instance `i % 2`.
    pub fn at(&self, i: usize) -> &TestServer {
        if i.is_multiple_of(2) {
            &self.a
        } else {
            &self.b
        }
    }
}

impl Client {
    /// The same client (same cookies: cookies ignore the port) talking to another instance.
    pub fn to(&self, base: &str) -> Self {
        Self {
            http: self.http.clone(),
            base: base.to_owned(),
        }
    }
}

/// Runs `n` requests at once (after a barrier); their results in order.
pub async fn all_at_once<T, F>(n: usize, make: impl Fn(usize) -> F) -> Vec<T>
where
    T: Send + 'static,
    F: std::future::Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(n));
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (barrier, request) = (barrier.clone(), make(i));
            tokio::spawn(async move {
                barrier.wait().await;
                request.await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

/// How many of `statuses` are `status`.
pub fn count_of(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// Runs `request(item)` for every item at once (a barrier releases them together) and returns
/// the answers in item order.
pub async fn race<I, F, Fut>(items: Vec<I>, request: F) -> Vec<(StatusCode, Value, HeaderMap)>
where
    I: Send + 'static,
    F: Fn(I) -> Fut,
    Fut: std::future::Future<Output = (StatusCode, Value, HeaderMap)> + Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(items.len()));
    let tasks: Vec<_> = items
        .into_iter()
        .map(|item| {
            let (barrier, answer) = (barrier.clone(), request(item));
            tokio::spawn(async move {
                barrier.wait().await;
                answer.await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// Exactly one answer is a success, and every other one is one of `refusals` (status, code):
/// the refusal of the rule under test, nothing else.
pub fn assert_exactly_one_success(
    answers: &[(StatusCode, Value, HeaderMap)],
    refusals: &[(StatusCode, &str)],
) {
    let summary: Vec<(u16, &str)> = answers
        .iter()
        .map(|(status, body, _)| (status.as_u16(), code_of(body)))
        .collect();
    let successes = answers.iter().filter(|(s, _, _)| s.is_success()).count();
    assert_eq!(successes, 1, "{summary:?}");
    for (status, body, _) in answers.iter().filter(|(s, _, _)| !s.is_success()) {
        assert!(
            refusals.contains(&(*status, code_of(body))),
            "refused for another reason: {status} {body}; all: {summary:?}"
        );
    }
}
