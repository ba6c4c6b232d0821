//! Configuration: the command line, and the policy numbers (each named with its source).

use crate::clock::{Clock, SystemClock};
pub use crate::policy::Policy;
use crate::sms::SmsSender;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
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
    /// SQLite database file (created with mode 0600), `:memory:`, or a PostgreSQL URL
    /// (`postgres://user@host:port/db`; several instances may share it).
    #[arg(long, default_value = "mfa.db")]
    pub db: String,
    /// The server key's file (64 hex digits; created with mode 0600 if missing). It may not lie
    /// inside the database's directory outside development mode. `MFA_SERVER_KEY` (64 hex
    /// digits) takes precedence. Development mode without either keeps `<db>.key`.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
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
    /// Mark cookies `Secure` with the `__Host-` prefix even on a loopback address (they always
    /// are on any other address: a deployment is behind HTTPS).
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
    /// A reverse proxy (address or CIDR, e.g. `10.0.0.0/8`) whose `X-Forwarded-For` entries are
    /// believed; the client address is read from the right through trusted hops only.
    /// Repeatable. Without it the TCP peer is the client.
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = parse_net)]
    pub trusted_proxies: Vec<IpNet>,
    /// Calling codes SMS codes may be sent to, comma-separated (e.g. `1,44,33`). Premium-rate,
    /// unallocated, non-mobile and global-service numbers are refused whatever this says.
    #[arg(long, value_name = "CODES", default_value = "1,44")]
    pub sms_countries: crate::sms::destination::CallingCodes,
    /// SMS sends per hour in all, across users (the bill's upper bound).
    #[arg(long, default_value_t = Policy::default().sms_global_limit)]
    pub sms_hourly_cap: u32,
    /// Open connections in all (lowered to fit the open-file limit).
    #[arg(long, default_value_t = crate::serve::Limits::default().max_connections)]
    pub max_connections: usize,
    /// Open connections per client address (trusted proxies are exempt).
    #[arg(long, default_value_t = crate::serve::Limits::default().max_connections_per_ip)]
    pub max_connections_per_ip: usize,
    /// The SMTP relay for security notices, e.g. `smtps://user:pass@smtp.example.com` or
    /// `smtp://127.0.0.1:2525` (lettre's URL form). Without it notices are not sent (in
    /// development mode they go to `GET /api/dev/mail-outbox`).
    #[arg(long, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The sender of security notices.
    #[arg(
        long,
        value_name = "MAILBOX",
        default_value = "mfa-server <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// Where members of a single-sign-on organisation are sent to sign in (their identity
    /// provider): an `https://` URL, `http://` on loopback, or a path on this site such as
    /// `/idp.html` (the demo's stand-in). `sso_required` answers carry it as `signInUrl`.
    #[arg(long, value_name = "URL", value_parser = parse_sso_url)]
    pub sso_url: Option<String>,
    /// Seconds a pending enrolment or a sign-in challenge lives (clients' test suites shorten it
    /// to see `challenge_expired` without waiting ten minutes).
    #[arg(long, default_value_t = Policy::default().pending_ttl_seconds)]
    pub pending_ttl_seconds: u64,
    /// Development only (needs `--dev`): `POST /api/dev/clock` moves the server's clock forward,
    /// so test suites see sessions, challenges and codes expire without waiting.
    #[arg(long, requires = "dev")]
    pub test_clock: bool,
    /// The WebAuthn relying party id: the site's domain (`example.com`), or `localhost`. An IP
    /// address is never a valid RP ID (WebAuthn L3 §5.1.3).
    #[arg(long, default_value = "localhost")]
    pub rp_id: String,
    /// The origin pages calling WebAuthn are served from (`https://app.example.com`); its host
    /// must be the RP ID or a subdomain of it. Default `http://localhost:<port of --listen>`
    /// (browsers treat localhost as a secure context).
    #[arg(long, value_name = "ORIGIN")]
    pub origin: Option<String>,
    /// Write the OpenAPI document to this file and exit.
    #[arg(long, value_name = "FILE")]
    pub write_openapi: Option<PathBuf>,
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
    /// `--key-file`.
    pub key_file: Option<PathBuf>,
    /// Proxies whose `X-Forwarded-For` entries are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Connection limits and timeouts.
    pub limits: crate::serve::Limits,
    /// The SMTP relay for notices.
    pub smtp_url: Option<String>,
    /// The notices' sender.
    pub mail_from: String,
    /// The identity provider's sign-in address for single-sign-on organisations.
    pub sso_url: Option<String>,
    /// Policy numbers.
    pub policy: Policy,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// The SMS sender; `None` uses the outbox in development mode and refuses SMS otherwise.
    pub sms_sender: Option<Arc<dyn SmsSender>>,
    /// Development mode only: `clock` plus an offset that `POST /api/dev/clock` advances.
    pub test_clock: bool,
    /// The WebAuthn RP ID.
    pub rp_id: String,
    /// The WebAuthn origin; `None`: `http://localhost:<listen port>`.
    pub origin: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("db", &crate::store::redacted(&self.db))
            .field("dev", &self.dev)
            .field("test_clock", &self.test_clock)
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
            key_file: None,
            trusted_proxies: Vec::new(),
            limits: crate::serve::Limits::default(),
            smtp_url: None,
            mail_from: "mfa-server <no-reply@localhost>".into(),
            sso_url: None,
            policy: Policy::default(),
            clock: Arc::new(SystemClock),
            sms_sender: None,
            test_clock: false,
            rp_id: "localhost".into(),
            origin: None,
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
        // `Secure` and `__Host-` unless the server listens on loopback only (ASVS 5.0
        // 3.3.1/3.3.3): anything reachable from another machine is meant to be behind HTTPS.
        config.secure_cookies = cli.secure_cookies || !cli.listen.ip().is_loopback();
        config.webotp_host = cli.webotp_host.clone();
        config.trusted_proxies = cli.trusted_proxies.clone();
        config.key_file = cli.key_file.clone();
        config.smtp_url = cli.smtp_url.clone();
        config.limits.max_connections = cli.max_connections;
        config.limits.max_connections_per_ip = cli.max_connections_per_ip;
        config.mail_from = cli.mail_from.clone();
        config.sso_url = cli.sso_url.clone();
        config.policy.lock_seconds = cli.lock_seconds;
        config.policy.sms_countries = cli.sms_countries.0.clone();
        config.policy.sms_global_limit = cli.sms_hourly_cap;
        config.policy.ip_failure_limit = cli.ip_failure_limit;
        config.policy.pending_ttl_seconds = cli.pending_ttl_seconds;
        config.test_clock = cli.test_clock;
        config.rp_id = cli.rp_id.clone();
        config.origin = cli.origin.clone();
        config
    }
}

/// `--sso-url`: an address a browser is sent to, so nothing that could run script or leave for
/// another scheme (OWASP ASVS 5.0 1.2.2: URLs only of the safe schemes): `https://HOST...`,
/// `http://` on a loopback host, or a same-site path (`/x`, not `//x` or `/\x`, which browsers
/// read as another host). No whitespace or control characters (URL parsers strip them).
pub fn parse_sso_url(text: &str) -> Result<String, String> {
    let refuse = || {
        Err(format!(
            "--sso-url {text:?}: expected https://HOST/..., http://localhost/... or /path"
        ))
    };
    if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse();
    }
    let authority = |rest: &str| rest.split(['/', '?', '#']).next().unwrap_or("").to_owned();
    let ok = if let Some(rest) = text.strip_prefix("https://") {
        let host = authority(rest);
        !host.is_empty() && !host.contains('@') && !host.contains('\\')
    } else if let Some(rest) = text.strip_prefix("http://") {
        let host = authority(rest);
        let name = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
        !host.contains('@') && matches!(name, "localhost" | "127.0.0.1" | "[::1]")
    } else {
        text.starts_with('/') && !text.starts_with("//") && !text.starts_with("/\\")
    };
    if ok {
        Ok(text.to_owned())
    } else {
        refuse()
    }
}

/// A CIDR block, or a single address (as /32 or /128).
fn parse_net(text: &str) -> Result<IpNet, String> {
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is neither an address nor a CIDR block"))
}
