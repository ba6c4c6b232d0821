//! The server's error: an [`ApiError`] body plus its HTTP status, rendered as JSON with
//! `Retry-After` when the body has `retryAfterSeconds`.

use crate::clock::rfc3339;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mfa_wire::{ApiError, ErrorCode};

/// An error answer.
#[derive(Debug, Clone)]
pub struct AppError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body (boxed: it is large, and errors travel through every `Result`).
    pub body: Box<ApiError>,
}

/// Handler results.
pub type AppResult<T> = Result<T, AppError>;

/// The HTTP status each code is answered with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        InvalidCode | InvalidCredentials | Unauthorized => StatusCode::UNAUTHORIZED,
        RateLimited | LockedOut => StatusCode::TOO_MANY_REQUESTS,
        ChallengeExpired => StatusCode::GONE,
        EnrollmentRequired
        | MfaRequired
        | SsoManaged
        | Forbidden
        | RecoveryRequired
        | ReauthenticationRequired => StatusCode::FORBIDDEN,
        NotEnrolled | Conflict => StatusCode::CONFLICT,
        InvalidInput => StatusCode::BAD_REQUEST,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl AppError {
    /// An error with the status its code implies. Messages are static: they never carry input.
    pub fn new(code: ErrorCode, message: &'static str) -> Self {
        Self {
            status: status_of(code),
            body: Box::new(ApiError::new(code, message)),
        }
    }

    /// The same error with another status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// `invalid_input` naming the field and the reason.
    pub fn input(field: impl Into<String>, reason: &str, message: &'static str) -> Self {
        let mut err = Self::new(ErrorCode::InvalidInput, message);
        err.body.field = Some(field.into());
        err.body.reason = Some(reason.to_owned());
        err
    }

    /// No valid session.
    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, "sign in first")
    }

    /// Not found (also used for resources of other users, so they are not revealed).
    pub fn not_found(message: &'static str) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// An unexpected failure; the detail goes to the log, never to the client.
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "internal error")
    }

    /// The organisation uses SSO (every enrolment and challenge operation refuses).
    pub fn sso_managed() -> Self {
        Self::new(
            ErrorCode::SsoManaged,
            "this organisation signs in through its identity provider, which handles MFA",
        )
    }

    /// The challenge expired, was used, or was replaced.
    pub fn challenge_expired() -> Self {
        Self::new(
            ErrorCode::ChallengeExpired,
            "the challenge expired or was already used; start a new one",
        )
    }

    /// A wrong code, with the attempts left before the lock.
    pub fn invalid_code(attempts_remaining: u32) -> Self {
        let mut err = Self::new(ErrorCode::InvalidCode, "the code is not valid");
        err.body.attempts_remaining = Some(attempts_remaining);
        err
    }

    /// The account is locked until `until`.
    pub fn locked(until: u64, now: u64) -> Self {
        let mut err = Self::new(
            ErrorCode::LockedOut,
            "too many failed attempts; the account is locked for a while",
        );
        err.body.attempts_remaining = Some(0);
        err.body.locked_until = Some(rfc3339(until));
        err.body.retry_after_seconds = Some(until.saturating_sub(now).max(1));
        err
    }

    /// A resource is exhausted or unreachable (503 `unavailable`); retry after `seconds`.
    pub fn unavailable(seconds: u64, message: &'static str) -> Self {
        let mut err = Self::new(ErrorCode::Unavailable, message);
        err.body.retry_after_seconds = Some(seconds.max(1));
        err
    }

    /// A rate limit; retry after `seconds`.
    pub fn rate_limited(seconds: u64, message: &'static str) -> Self {
        let mut err = Self::new(ErrorCode::RateLimited, message);
        err.body.retry_after_seconds = Some(seconds.max(1));
        err
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let retry = self.body.retry_after_seconds;
        let mut response = (self.status, axum::Json(*self.body)).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = retry {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(err: crate::store::StoreError) -> Self {
        match err {
            // A busy or unreachable database: retry shortly (the store logged the detail).
            crate::store::StoreError::Unavailable => {
                Self::unavailable(1, "the database is busy; try again")
            }
            crate::store::StoreError::Internal => Self::internal(),
        }
    }
}

impl From<crate::crypto::CryptoError> for AppError {
    fn from(_: crate::crypto::CryptoError) -> Self {
        tracing::error!("cryptographic failure (CSPRNG or stored-secret decryption)");
        Self::internal()
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        tracing::error!(error = %err, "blocking task failed");
        Self::internal()
    }
}
