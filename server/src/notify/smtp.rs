//! Email through an SMTP relay, with the `lettre` crate (async on tokio; TLS by rustls, so no
//! OpenSSL): a maintained SMTP client instead of hand-written protocol code.
//!
//! `--smtp-url` takes lettre's URL form: `smtps://user:pass@host` (implicit TLS),
//! `smtp://host:587?tls=required` (STARTTLS), or `smtp://127.0.0.1:2525` (plain, for a relay on
//! the same machine only: notices are not secret, but they say who was attacked).

use super::{Mail, Notifier, NotifyError, SendFuture};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends through one relay.
pub struct SmtpNotifier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpNotifier {
    /// A sender for relay `url` with sender address `from` (e.g. `MFA <no-reply@example.com>`).
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("--mail-from {from:?}: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl Notifier for SmtpNotifier {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async move {
            let to: Mailbox = mail.to.parse().map_err(|_| NotifyError)?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(mail.subject.clone())
                .body(mail.body.clone())
                .map_err(|_| NotifyError)?;
            self.transport.send(message).await.map(drop).map_err(|e| {
                tracing::warn!(error = %e, "SMTP delivery failed");
                NotifyError
            })
        })
    }
}
