//! Security notifications to the account owner, by email, through a pluggable [`Notifier`]
//! (ASVS 4.0.3 2.2.3 and 2.5.5: notify after changes to authentication details; 2.8.5 and
//! RFC 4226 §7.2: tell the user when attempts are exhausted; NIST SP 800-63B 6.1.2.1: notify
//! when an authenticator is bound, through a channel independent of the binding).
//!
//! Development mode keeps the messages in an outbox (`GET /api/dev/mail-outbox`); `--smtp-url`
//! sends them through an SMTP relay ([`smtp`]). Messages never contain a code, secret or link:
//! they say what happened, when and from where, and what to do.

pub mod outbox;
pub mod smtp;

use crate::clock::rfc3339;
use crate::state::AppState;
use crate::store::{Limit, Reservation, User};
use mfa_wire::MfaMethod;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

/// A delivery failure (the sender logs its detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyError;

/// What [`Notifier::send`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), NotifyError>> + Send + 'a>>;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// Delivers notifications.
pub trait Notifier: Send + Sync + 'static {
    /// Sends `mail`.
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a>;

    /// Whether sending may be slow (network): then it runs in the background, so neither the
    /// answer nor its timing waits for it.
    fn remote(&self) -> bool {
        true
    }
}

/// Outside development mode without `--smtp-url`: nothing is sent (a warning at start says so).
#[derive(Debug, Default)]
pub struct NoNotifier;

impl Notifier for NoNotifier {
    fn send<'a>(&'a self, _mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async { Ok(()) })
    }

    fn remote(&self) -> bool {
        false
    }
}

/// Every notifier of a list (development mode with `--smtp-url`: the outbox and SMTP).
pub struct Tee(pub Vec<std::sync::Arc<dyn Notifier>>);

impl Notifier for Tee {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async move {
            let mut result = Ok(());
            for notifier in &self.0 {
                if notifier.send(mail).await.is_err() {
                    result = Err(NotifyError);
                }
            }
            result
        })
    }

    fn remote(&self) -> bool {
        self.0.iter().any(|n| n.remote())
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A second factor was enrolled.
    FactorEnrolled(MfaMethod),
    /// The user removed their factors to change the method.
    MethodChanged,
    /// An admin removed the user's factors.
    AdminReset,
    /// A recovery code was used; this many are left.
    RecoveryCodeUsed(u32),
    /// The recovery codes were replaced.
    RecoveryCodesRegenerated,
    /// Too many failed attempts locked sign-in (from somewhere) until this time.
    LockedOut(u64),
    /// The second factor is blocked after too many consecutive wrong codes.
    TooManyFailedCodes,
}

impl Event {
    fn text(self) -> (&'static str, String) {
        match self {
            Self::FactorEnrolled(method) => ("A second factor was added to your account", format!(
                "A {} second factor was added to your account. If this was not you, sign in with a recovery code and change your password.",
                match method { MfaMethod::Totp => "authenticator-app (TOTP)", MfaMethod::Sms => "text-message (SMS)", MfaMethod::Webauthn => "passkey or security key (WebAuthn)" })),
            Self::MethodChanged => ("Your second factor was replaced", "Your second factor was replaced by a new one, and your old recovery codes no longer work. If this was not you, contact your administrator now.".into()),
            Self::AdminReset => ("An administrator reset your second factor", "An administrator removed your second factor and recovery codes; you will set up a new one at your next sign-in. If you did not ask for this, contact your administrator.".into()),
            Self::RecoveryCodeUsed(left) => ("A recovery code was used", format!(
                "A recovery code was used to sign in to your account. {left} recovery codes are left. If this was not you, contact your administrator now.")),
            Self::RecoveryCodesRegenerated => ("New recovery codes were created", "New recovery codes were created for your account; the old ones no longer work. If this was not you, contact your administrator now.".into()),
            Self::LockedOut(until) => ("Too many failed sign-in attempts", format!(
                "Too many failed attempts to sign in to your account were made; some sign-ins are paused until {}. If these were not you, someone may know your password: change it.", rfc3339(until))),
            Self::TooManyFailedCodes => ("Your second factor is blocked", "Too many wrong codes were entered for your account. Sign in with a recovery code, or ask your administrator to reset your second factor. Someone who knows your password may be trying to sign in: change it.".into()),
        }
    }
}

/// Sends the user a notice of `event` seen from `source`. Lockout notices are limited to one
/// per user per hour (the limit is a database throttle, shared by all instances), so an
/// attacker cannot flood the user's mailbox by locking sign-ins again and again. Failures are
/// logged, never returned: a notice must not decide the answer.
pub async fn notify(state: &AppState, user: &User, event: Event, source: Option<IpAddr>) {
    if let Event::LockedOut(_) = event {
        let key = format!("notice:lock:{}", user.id);
        let hourly = Limit {
            max: 1,
            window: 3600,
            lock: 3600,
        };
        match state
            .store
            .reserve_throttle(&key, hourly, state.clock.now())
            .await
        {
            Ok(Reservation::Allowed { .. }) => {}
            Ok(Reservation::Locked { .. }) => return,
            Err(e) => {
                tracing::warn!(error = %e, "notice throttle failed");
                return;
            }
        }
    }
    let (subject, text) = event.text();
    let when = rfc3339(state.clock.now());
    let from = source.map_or_else(String::new, |ip| format!(" from {ip}"));
    let mail = Mail {
        to: user.email.clone(),
        subject: subject.into(),
        body: format!("{text}\n\nWhen: {when}{from}\n"),
    };
    let notifier = state.notifier.clone();
    let user_id = user.id.clone();
    let send = async move {
        if notifier.send(&mail).await.is_err() {
            tracing::warn!(user = %user_id, "a security notice could not be sent");
        }
    };
    if state.notifier.remote() {
        tokio::spawn(send);
    } else {
        send.await;
    }
}
