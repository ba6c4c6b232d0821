//! The reference MFA server: TOTP (RFC 6238), SMS codes and recovery codes over a JSON API on
//! embedded SQLite, enforcing the rules of RFC 6238, NIST SP 800-63B and OWASP ASVS (see
//! `docs/security.md`). The wire types are `mfa-wire`, shared with the wasm client;
//! the contract is `api/openapi.json`.
//!
//! Modules: [`config`] (CLI and policy), [`store`] (all SQL), [`crypto`] (keys, KDFs),
//! [`verify`] (second factors and attempt limits), [`security`] (sessions, CSRF, IP limits),
//! [`sms`] (senders), [`routes`] (one module per concept), [`openapi`], [`seed`] (development).
#![forbid(unsafe_code)]

pub mod app;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod error;
pub mod extract;
pub mod notify;
pub mod openapi;
pub mod policy;
pub mod ring;
pub mod routes;
pub mod security;
pub mod seed;
pub mod serve;
pub mod sms;
pub mod state;
pub mod store;
pub mod verify;
pub mod webauthn;

pub use config::{Cli, Config, Policy};

use crate::crypto::ServerKey;
use crate::notify::outbox::DevMailOutbox;
use crate::security::client::TrustedProxies;
use crate::security::csrf::OriginPolicy;
use crate::security::kdf::KdfGate;
use crate::security::session::CookieSettings;
use crate::sms::{DevOutbox, NoSender, SmsSender};
use crate::state::{AppState, Shared};
use crate::store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

/// Opens the database, loads the key, seeds (development mode) and builds the state. Returns
/// the state and the lines to print (the demo accounts).
pub async fn prepare(config: &Config) -> std::io::Result<(AppState, Vec<String>)> {
    if config.test_clock && !config.dev {
        return Err(std::io::Error::other(
            "the test clock needs development mode (--dev)",
        ));
    }
    let test_clock = config
        .test_clock
        .then(|| Arc::new(clock::OffsetClock::new(config.clock.clone())));
    let clock: Arc<dyn clock::Clock> = match &test_clock {
        Some(moved) => moved.clone(),
        None => config.clock.clone(),
    };
    let store = Store::open(&config.db).await.map_err(|e| {
        let db = store::redacted(&config.db);
        std::io::Error::other(format!("cannot open the database {db}: {e}"))
    })?;
    let master = match config.key {
        Some(key) => key,
        None => crypto::keyfile::server_key(&config.db, config.key_file.as_deref(), config.dev)?,
    };
    let p = config.policy.clone();
    let dummy_password_hash = tokio::task::spawn_blocking(move || {
        crypto::password::hash(
            "not a password",
            p.password_memory_kib,
            p.password_iterations,
        )
    })
    .await
    .map_err(std::io::Error::other)?
    .map_err(std::io::Error::other)?;
    let outbox = config.dev.then(|| Arc::new(DevOutbox::new(clock.clone())));
    let sms: Arc<dyn SmsSender> = match (&config.sms_sender, &outbox) {
        (Some(sender), _) => sender.clone(),
        (None, Some(outbox)) => outbox.clone(),
        (None, None) => Arc::new(NoSender),
    };
    let (notifier, mail_outbox) = notifier(config)?;
    let origin = config
        .origin
        .clone()
        .unwrap_or_else(|| format!("http://localhost:{}", config.listen.port()));
    let webauthn = webauthn::RelyingParty::new(
        &config.rp_id,
        &origin,
        &config.rp_id,
        config.policy.pending_ttl_seconds,
    )
    .map_err(std::io::Error::other)?;
    let state = Arc::new(Shared {
        store,
        key: ServerKey::new(&master),
        kdf: KdfGate::new(config.policy.kdf_concurrency, config.policy.kdf_queue)?,
        trusted_proxies: TrustedProxies(config.trusted_proxies.clone()),
        policy: config.policy.clone(),
        clock,
        test_clock,
        sms,
        outbox,
        notifier,
        mail_outbox,
        origins: OriginPolicy {
            allowed: config.cors_origins.clone(),
            dev_loopback: config.dev,
        },
        cookie: CookieSettings::new(config.secure_cookies),
        webotp_host: config.webotp_host.clone(),
        sso_url: config.sso_url.clone(),
        dev: config.dev,
        webauthn,
        dummy_password_hash,
    });
    let lines = if config.seed {
        seed::run(&state).await?
    } else {
        Vec::new()
    };
    Ok((state, lines))
}

/// The notifier: the development outbox in development mode, SMTP with `--smtp-url`, both
/// when both apply, nothing otherwise (said at start: notices are a security control).
#[allow(clippy::type_complexity)]
fn notifier(
    config: &Config,
) -> std::io::Result<(Arc<dyn notify::Notifier>, Option<Arc<DevMailOutbox>>)> {
    let outbox = config
        .dev
        .then(|| Arc::new(DevMailOutbox::new(config.clock.clone())));
    let mut notifiers: Vec<Arc<dyn notify::Notifier>> = Vec::new();
    if let Some(outbox) = &outbox {
        notifiers.push(outbox.clone());
    }
    if let Some(url) = &config.smtp_url {
        let smtp = notify::smtp::SmtpNotifier::new(url, &config.mail_from)
            .map_err(std::io::Error::other)?;
        notifiers.push(Arc::new(smtp));
    }
    let notifier: Arc<dyn notify::Notifier> = match notifiers.len() {
        0 => {
            tracing::warn!("no --smtp-url: security notices to users are not sent");
            Arc::new(notify::NoNotifier)
        }
        1 => notifiers.remove(0),
        _ => Arc::new(notify::Tee(notifiers)),
    };
    Ok((notifier, outbox))
}

/// A server running on a background task (for tests and embedding).
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its state (store, policy, outbox).
    pub state: AppState,
    /// The lines the development seed printed.
    pub seed_lines: Vec<String>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server on `config.listen` (port 0 picks a free port) in the background.
pub async fn spawn(config: Config) -> std::io::Result<Server> {
    let (state, seed_lines) = prepare(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let app = app::router(state.clone(), config.static_dir.as_deref());
    let prune_state = state.clone();
    let mut limits = config.limits.clone();
    limits.max_connections = serve::fit_connections(limits.max_connections);
    let proxies = state.trusted_proxies.clone();
    let task = tokio::spawn(async move {
        // Aborting the server (dropping `Server`) drops this future, and the guard with it.
        let _pruner = AbortOnDrop(tokio::spawn(prune_forever(prune_state)));
        serve::serve(listener, app, limits, proxies).await;
    });
    Ok(Server {
        addr,
        state,
        seed_lines,
        task,
    })
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Removes expired sessions, pending enrolments and old SMS records every few minutes.
async fn prune_forever(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tick.tick().await;
        let now = state.clock.now();
        let pruned = match state
            .store
            .prune(now, state.policy.sms_window_seconds)
            .await
        {
            Ok(()) => state
                .store
                .prune_throttles(now, state.policy.longest_window())
                .await
                .map(drop),
            Err(e) => Err(e),
        };
        if let Err(e) = pruned {
            tracing::warn!(error = %e, "pruning failed");
        }
    }
}
