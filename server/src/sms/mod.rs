//! SMS delivery: the message format, a pluggable sender, and where codes may go
//! ([`destination`]). The development sender keeps an outbox that only development mode
//! exposes (`GET /api/dev/sms-outbox`).

pub mod destination;

use crate::clock::{rfc3339, Clock};
use crate::ring::Ring;
use mfa_wire::OutboxMessage;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A delivery failure (details stay in the sender's own logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsError;

/// What [`SmsSender::send`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

/// Delivers text messages. Implement it for a real provider and pass it in
/// [`crate::Config::sms_sender`].
pub trait SmsSender: Send + Sync + 'static {
    /// Sends `body` to the E.164 number `to`. Implementations must not log `body`: it holds a code.
    fn send<'a>(&'a self, to: &'a str, body: &'a str) -> SendFuture<'a>;

    /// Whether this sender can send at all (then SMS operations answer `unavailable` before
    /// any budget is spent).
    fn available(&self) -> bool {
        true
    }
}

/// The text of a code message. Its last line is the origin-bound WebOTP line `@<host> #<code>`
/// (WICG sms-one-time-codes: exactly one space between the fields, nothing else on the line),
/// which browsers use to offer the code to the right origin only.
pub fn message(org: &str, code: &str, minutes: u64, host: &str) -> String {
    format!("{code} is your {org} verification code. It expires in {minutes} minutes. Do not share it.\n\n@{host} #{code}")
}

/// The development sender: keeps the last 200 messages in memory.
pub struct DevOutbox {
    messages: Ring<OutboxMessage>,
    clock: Arc<dyn Clock>,
}

impl DevOutbox {
    /// An empty outbox stamped by `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            messages: Ring::new(200),
            clock,
        }
    }

    /// The messages, oldest first.
    pub fn messages(&self) -> Vec<OutboxMessage> {
        self.messages.items()
    }
}

impl SmsSender for DevOutbox {
    fn send<'a>(&'a self, to: &'a str, body: &'a str) -> SendFuture<'a> {
        self.messages.push(OutboxMessage {
            to: to.to_owned(),
            body: body.to_owned(),
            sent_at: rfc3339(self.clock.now()),
        });
        Box::pin(async { Ok(()) })
    }
}

/// The sender outside development mode when none is configured: every send fails, and SMS
/// operations answer `unavailable`.
#[derive(Debug, Default)]
pub struct NoSender;

impl SmsSender for NoSender {
    fn send<'a>(&'a self, _to: &'a str, _body: &'a str) -> SendFuture<'a> {
        Box::pin(async { Err(SmsError) })
    }

    fn available(&self) -> bool {
        false
    }
}

/// A six-digit code from the CSPRNG (NIST SP 800-63B 5.1.3.1: at least 20 bits from an approved
/// RBG; ASVS 4.0.3 2.7.6). Rejection sampling keeps it uniform.
pub fn random_code() -> Result<String, crate::crypto::CryptoError> {
    loop {
        let value = u32::from_be_bytes(crate::crypto::random::<4>()?);
        // 4_294_000_000 is the largest multiple of 10^6 not above u32::MAX.
        if value < 4_294_000_000 {
            return Ok(format!("{:06}", value % 1_000_000));
        }
    }
}

/// The number with all but its country code's first digit and the last two digits masked.
pub fn phone_hint(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    digits
        .iter()
        .enumerate()
        .fold(String::from("+"), |mut out, (i, c)| {
            out.push(if i == 0 || i + 2 >= n { *c } else { '•' });
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ends_with_the_webotp_line() {
        let text = message("Acme", "012345", 5, "example.com");
        assert_eq!(text.lines().last(), Some("@example.com #012345"));
    }

    #[test]
    fn codes_are_six_ascii_digits() {
        for _ in 0..100 {
            let code = random_code().unwrap();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn hints_mask_the_middle() {
        assert_eq!(phone_hint("+14155550132"), "+1••••••••32");
    }
}
