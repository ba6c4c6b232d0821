//! The state every handler shares.

use crate::clock::{Clock, OffsetClock};
use crate::config::Policy;
use crate::crypto::ServerKey;
use crate::notify::outbox::DevMailOutbox;
use crate::notify::Notifier;
use crate::security::client::TrustedProxies;
use crate::security::csrf::OriginPolicy;
use crate::security::kdf::KdfGate;
use crate::security::session::CookieSettings;
use crate::sms::{DevOutbox, SmsSender};
use crate::store::Store;
use std::sync::Arc;

/// Shared by all handlers.
pub type AppState = Arc<Shared>;

/// What [`AppState`] points to.
pub struct Shared {
    /// The database.
    pub store: Store,
    /// Keys derived from the server key.
    pub key: ServerKey,
    /// Policy numbers.
    pub policy: Policy,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// The same clock when `--test-clock` lets development mode move it.
    pub test_clock: Option<Arc<OffsetClock>>,
    /// SMS delivery.
    pub sms: Arc<dyn SmsSender>,
    /// The development outbox (development mode only).
    pub outbox: Option<Arc<DevOutbox>>,
    /// Security notices to users.
    pub notifier: Arc<dyn Notifier>,
    /// The development mail outbox (development mode only).
    pub mail_outbox: Option<Arc<DevMailOutbox>>,
    /// Bounds concurrent password and recovery-code hashing.
    pub kdf: KdfGate,
    /// Proxies whose `X-Forwarded-For` entries are believed.
    pub trusted_proxies: TrustedProxies,
    /// Allowed cross-origin callers.
    pub origins: OriginPolicy,
    /// Session cookie settings.
    pub cookie: CookieSettings,
    /// Host of the WebOTP line.
    pub webotp_host: String,
    /// The identity provider's sign-in address for single-sign-on organisations.
    pub sso_url: Option<String>,
    /// Development mode.
    pub dev: bool,
    /// The WebAuthn relying party (`--rp-id`, `--origin`).
    pub webauthn: crate::webauthn::RelyingParty,
    /// A password hash to check against when the email is unknown, so unknown and known
    /// accounts take the same time (ASVS 5.0 6.3.8).
    pub dummy_password_hash: String,
}
