//! Health, and the development-only SMS outbox and test clock.

use serde::{Deserialize, Serialize};

/// `getHealth` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// Development mode (seeded accounts, SMS outbox).
    pub dev: bool,
}

/// One SMS the development sender "sent".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    /// The E.164 number.
    pub to: String,
    /// The text; its last line is the WebOTP line `@<host> #<code>`.
    pub body: String,
    /// When it was sent (RFC 3339, UTC).
    pub sent_at: String,
}

/// One email notice the development notifier "sent".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MailMessage {
    /// The recipient's email address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body (never a code or secret).
    pub body: String,
    /// When it was sent (RFC 3339, UTC).
    pub sent_at: String,
}

/// `getMailOutbox` answer (development mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MailOutbox {
    /// Messages, oldest first.
    pub messages: Vec<MailMessage>,
}

/// `getSmsOutbox` answer (development mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsOutbox {
    /// Messages, oldest first.
    pub messages: Vec<OutboxMessage>,
}

/// `advanceDevClock` request (development mode with `--test-clock` only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdvanceDevClockRequest {
    /// Seconds to move the server's clock forward.
    pub advance_seconds: u32,
}

/// `advanceDevClock` answer: the server's time after the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DevClock {
    /// The server's time, Unix seconds (compute TOTP codes at this time).
    pub unix_seconds: u64,
    /// The same as RFC 3339, UTC.
    pub now: String,
    /// How far the server's clock is ahead of the system clock, in seconds.
    pub offset_seconds: u64,
}
