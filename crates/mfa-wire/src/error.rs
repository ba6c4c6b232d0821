//! The one error body of the API.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The one-time code, recovery code or proof is wrong (or was already used). See `attemptsRemaining`.
    InvalidCode,
    /// The email or password is wrong.
    InvalidCredentials,
    /// Too many requests (per IP, per user or per phone number). See `retryAfterSeconds`.
    RateLimited,
    /// Too many failed attempts on this account. See `lockedUntil` and `retryAfterSeconds`.
    LockedOut,
    /// The challenge or enrolment expired, was already used, or was replaced.
    ChallengeExpired,
    /// The session must enrol a second factor first.
    EnrollmentRequired,
    /// The session must pass a second-factor challenge first.
    MfaRequired,
    /// The organisation uses SSO: its identity provider handles MFA.
    SsoManaged,
    /// The user has no factor of the requested kind.
    NotEnrolled,
    /// No valid session.
    Unauthorized,
    /// The request is not allowed (CSRF checks, role, origin).
    Forbidden,
    /// The body or a parameter is invalid. See `field` and `reason`.
    InvalidInput,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No such resource.
    NotFound,
    /// The HTTP method is not allowed on this path.
    MethodNotAllowed,
    /// The request conflicts with the current state (e.g. a factor is already enrolled).
    Conflict,
    /// A dependency (e.g. the SMS provider) is unavailable.
    Unavailable,
    /// An unexpected server error. Nothing about it is disclosed.
    Internal,
    /// Too many consecutive wrong one-time codes (NIST SP 800-63B 5.2.2 caps them at 100): the
    /// second factor is blocked until a recovery code is used or an admin resets it.
    RecoveryRequired,
    /// The session's password is too old for this operation (binding a first factor): send it
    /// again with `reauthenticate`.
    ReauthenticationRequired,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// What went wrong, for programs.
    pub code: ErrorCode,
    /// What went wrong, for people. Never contains a secret, a code or other input.
    pub message: String,
    /// Failed attempts left before the account locks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub attempts_remaining: Option<u32>,
    /// Seconds to wait before retrying (also sent as the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub retry_after_seconds: Option<u64>,
    /// When the lock ends (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub locked_until: Option<String>,
    /// The request field at fault (camelCase JSON path, e.g. `proof.code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub field: Option<String>,
    /// Why the field is invalid (e.g. `too_short`, `invalid_character`, `unknown_field`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub reason: Option<String>,
}

impl ApiError {
    /// An error with a code and a message, and no details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            attempts_remaining: None,
            retry_after_seconds: None,
            locked_until: None,
            field: None,
            reason: None,
        }
    }
}

impl core::fmt::Display for ApiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
