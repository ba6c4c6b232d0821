//! What an attempt is: its subject (a password, a one-time code, a recovery code), where it
//! comes from, and whether the browser is a known device; and how a failed one is logged.

use crate::security::client::ClientAddr;
use crate::state::AppState;
use crate::store::User;

/// What is being tried.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A password for the account with this account key (`ServerKey::account_key`); `user` is
    /// the account when it exists (for logs and notices).
    Password {
        /// The account key.
        account: &'a str,
        /// The account, if it exists.
        user: Option<&'a User>,
    },
    /// A TOTP or SMS code of `user`.
    Code(&'a User),
    /// A recovery code of `user`.
    Recovery(&'a User),
}

/// One attempt: what, from where, and the device cookie's nonce if the browser holds a valid
/// one for this account (`security::device::recognised`).
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// What is tried.
    pub subject: Subject<'a>,
    /// From where.
    pub client: ClientAddr,
    /// A known device's cookie nonce.
    pub device: Option<String>,
}

/// The caller of a request: its address and its device cookie, unverified until it is matched
/// to the account an attempt is for.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The client's address.
    pub addr: ClientAddr,
    /// The raw device cookie, if any.
    pub device_cookie: Option<String>,
}

impl Caller {
    /// An attempt at `subject` by this caller; the device cookie counts only if it was issued
    /// for the subject's account.
    pub fn attempt<'a>(&self, state: &AppState, subject: Subject<'a>) -> Attempt<'a> {
        let account = match subject {
            Subject::Password { account, .. } => account.to_owned(),
            Subject::Code(user) | Subject::Recovery(user) => state.key.account_key(&user.email),
        };
        let device = self
            .device_cookie
            .as_deref()
            .and_then(|value| super::device::recognised(state, value, &account));
        Attempt {
            subject,
            client: self.addr,
            device,
        }
    }
}

/// Logs a failed or refused attempt with its source address and never the secret (ASVS 4.0.3
/// 7.2.1: authentication decisions are logged without passwords or tokens; 7.1.1: no
/// credentials in logs). Unknown accounts appear as a prefix of their account key, so a
/// password typed into the email field never reaches the log.
pub(super) fn log_failure(a: &Attempt<'_>, outcome: &str) {
    let (kind, user) = match a.subject {
        Subject::Password { account, user } => (
            "password",
            user.map_or_else(|| format!("unknown:{}", &account[..8]), |u| u.id.clone()),
        ),
        Subject::Code(user) => ("code", user.id.clone()),
        Subject::Recovery(user) => ("recovery code", user.id.clone()),
    };
    tracing::info!(
        source = %a.client.ip,
        kind,
        user,
        known_device = a.device.is_some(),
        outcome,
        "failed authentication attempt"
    );
}
