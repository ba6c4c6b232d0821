//! Configuration: the command line, and the policy numbers (each named with its source).

use crate::clock::{Clock, SystemClock};
use crate::sms::SmsSender;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The `mfa-server` command line.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "mfa-server",
    version,
    about = "The reference MFA server (TOTP, SMS, recovery codes) on embedded SQLite."
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// SQLite database file, or `:memory:`. The server key is kept in `<db>.key` unless
    /// `MFA_SERVER_KEY` (64 hex digits) is set.
    #[arg(long, default_value = "mfa.db")]
    pub db: String,
    /// Development mode: seed demo accounts (printed at start), enable the SMS outbox at
    /// `GET /api/dev/sms-outbox`, and allow loopback origins of any port (CORS, CSRF).
    #[arg(long)]
    pub dev: bool,
    /// An origin allowed to call the API with credentials (CORS and CSRF). Repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// A directory served at `/` (the demo).
    #[arg(long, value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Mark cookies `Secure` (and name the session cookie `__Host-mfa_session`); use behind HTTPS.
    #[arg(long)]
    pub secure_cookies: bool,
    /// The host named in the WebOTP line of SMS messages (`@<host> #<code>`).
    #[arg(long, default_value = "localhost")]
    pub webotp_host: String,
    /// Seconds an account stays locked after too many failures.
    #[arg(long, default_value_t = Policy::default().lock_seconds)]
    pub lock_seconds: u64,
    /// Failed attempts one IP address may make per 15 minutes, across accounts.
    #[arg(long, default_value_t = Policy::default().ip_failure_limit)]
    pub ip_failure_limit: u32,
    /// Seconds a pending enrolment or a sign-in challenge lives (clients' test suites shorten it
    /// to see `challenge_expired` without waiting ten minutes).
    #[arg(long, default_value_t = Policy::default().pending_ttl_seconds)]
    pub pending_ttl_seconds: u64,
    /// Write the OpenAPI document to this file and exit.
    #[arg(long, value_name = "FILE")]
    pub write_openapi: Option<PathBuf>,
}

/// The security policy. Each default names its rule (docs/security.md).
#[derive(Debug, Clone)]
pub struct Policy {
    /// Consecutive failures (per account, per kind: password or second factor) before the
    /// account locks. 5, as Gitea after GHSA-5mx6-8rwm-52wf: RFC 4226 §7.3 asks for a limit
    /// "as low as possible" without hurting usability; NIST SP 800-63B 5.2.2 and ASVS 4.0.3
    /// 2.2.1 cap it at 100 (per hour). 5 per 15 min allows at most 480 guesses a day: with ±1
    /// step that is a 0.14 % chance a day against a 6-digit TOTP.
    pub max_failures: u32,
    /// How long the lock lasts: 15 minutes.
    pub lock_seconds: u64,
    /// Failed attempts one IP address may make in [`Self::ip_window_seconds`] across all
    /// accounts (password spraying, rubygems GHSA-c55g-q6f4-5qxr).
    pub ip_failure_limit: u32,
    /// The per-IP window.
    pub ip_window_seconds: u64,
    /// How long an SMS code lives: 5 minutes (NIST SP 800-63B 5.1.3.2 and ASVS 5.0 6.5.5: at
    /// most 10 minutes). Clamped to 600.
    pub sms_ttl_seconds: u64,
    /// Seconds between two sends for one challenge (resend cooldown).
    pub sms_resend_cooldown_seconds: u64,
    /// SMS sends per user per [`Self::sms_window_seconds`] (ASVS 5.0 2.4.1, SMS pumping).
    pub sms_per_user_limit: u32,
    /// SMS sends per phone number per window, across users.
    pub sms_per_number_limit: u32,
    /// The SMS rate-limit window: one hour.
    pub sms_window_seconds: u64,
    /// How long a pending enrolment or a TOTP challenge lives.
    pub pending_ttl_seconds: u64,
    /// Lifetime of a session that still needs a second factor or an enrolment.
    pub pending_session_seconds: u64,
    /// Lifetime of a signed-in session.
    pub session_seconds: u64,
    /// Argon2id memory in KiB for passwords (OWASP Password Storage Cheat Sheet: 19 MiB, t=2, p=1).
    pub password_memory_kib: u32,
    /// Argon2id passes.
    pub password_iterations: u32,
    /// PBKDF2-HMAC-SHA256 iterations for recovery codes (see `crypto::recovery`).
    pub recovery_kdf_iterations: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_seconds: 15 * 60,
            ip_failure_limit: 100,
            ip_window_seconds: 15 * 60,
            sms_ttl_seconds: 5 * 60,
            sms_resend_cooldown_seconds: 30,
            sms_per_user_limit: 5,
            sms_per_number_limit: 5,
            sms_window_seconds: 3600,
            pending_ttl_seconds: 10 * 60,
            pending_session_seconds: 10 * 60,
            session_seconds: 12 * 3600,
            password_memory_kib: 19 * 1024,
            password_iterations: 2,
            recovery_kdf_iterations: 10_000,
        }
    }
}

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on (port 0 picks a free one).
    pub listen: SocketAddr,
    /// SQLite file or `:memory:`.
    pub db: String,
    /// Development mode.
    pub dev: bool,
    /// Seed the demo accounts (on by default in development mode).
    pub seed: bool,
    /// Allowed cross-origin callers.
    pub cors_origins: Vec<String>,
    /// Served at `/`.
    pub static_dir: Option<PathBuf>,
    /// `Secure` cookies.
    pub secure_cookies: bool,
    /// Host in the WebOTP line.
    pub webotp_host: String,
    /// The server key (32 bytes); `None` reads `MFA_SERVER_KEY` or the key file.
    pub key: Option<[u8; 32]>,
    /// Policy numbers.
    pub policy: Policy,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// The SMS sender; `None` uses the outbox in development mode and refuses SMS otherwise.
    pub sms_sender: Option<Arc<dyn SmsSender>>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("db", &self.db)
            .field("dev", &self.dev)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Defaults: loopback on an ephemeral port, in-memory database, production policy.
    pub fn new(db: impl Into<String>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: db.into(),
            dev: false,
            seed: false,
            cors_origins: Vec::new(),
            static_dir: None,
            secure_cookies: false,
            webotp_host: "localhost".into(),
            key: None,
            policy: Policy::default(),
            clock: Arc::new(SystemClock),
            sms_sender: None,
        }
    }

    /// The configuration the command line asks for.
    pub fn from_cli(cli: &Cli) -> Self {
        let mut config = Self::new(cli.db.clone());
        config.listen = cli.listen;
        config.dev = cli.dev;
        config.seed = cli.dev;
        config.cors_origins = cli
            .cors_origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_owned())
            .collect();
        config.static_dir = cli.static_dir.clone();
        config.secure_cookies = cli.secure_cookies;
        config.webotp_host = cli.webotp_host.clone();
        config.policy.lock_seconds = cli.lock_seconds;
        config.policy.ip_failure_limit = cli.ip_failure_limit;
        config.policy.pending_ttl_seconds = cli.pending_ttl_seconds;
        config
    }
}
