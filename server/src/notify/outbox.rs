//! The development mail outbox: keeps the last 200 messages in memory for
//! `GET /api/dev/mail-outbox` (development mode only).

use super::{Mail, Notifier, SendFuture};
use crate::clock::{rfc3339, Clock};
use crate::ring::Ring;
use mfa_wire::MailMessage;
use std::sync::Arc;

/// The outbox.
pub struct DevMailOutbox {
    messages: Ring<MailMessage>,
    clock: Arc<dyn Clock>,
}

impl DevMailOutbox {
    /// An empty outbox stamped by `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            messages: Ring::new(200),
            clock,
        }
    }

    /// The messages, oldest first.
    pub fn messages(&self) -> Vec<MailMessage> {
        self.messages.items()
    }
}

impl Notifier for DevMailOutbox {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a> {
        self.messages.push(MailMessage {
            to: mail.to.clone(),
            subject: mail.subject.clone(),
            body: mail.body.clone(),
            sent_at: rfc3339(self.clock.now()),
        });
        Box::pin(async { Ok(()) })
    }

    fn remote(&self) -> bool {
        false
    }
}
