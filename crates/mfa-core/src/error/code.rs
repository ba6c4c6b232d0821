//! [`ErrorCode`]: every code an `MfaError` can carry, from every layer (the core, the UI
//! helpers, the client's reading of the server's answers, the transport), with the details each
//! one carries. mfa-wasm's build.rs writes the TypeScript union from this table, and maps every
//! code of the API contract onto it at compile time ([`ErrorCode::from_wire`]).

use super::vocabulary::vocabulary;

vocabulary! {
    /// A stable, machine-readable error code. [`ErrorCode::as_str`] gives the string JS sees.
    pub enum ErrorCode {
        // The core.
        /// The secret is empty, is not base32, or has an impossible length.
        InvalidSecret = "invalid_secret",
        /// The secret has fewer bits than the operation requires.
        SecretTooShort = "secret_too_short",
        /// The text is not an `otpauth://totp/` Key URI.
        InvalidUri = "invalid_uri",
        /// The algorithm is not SHA1, SHA256 or SHA512.
        UnsupportedAlgorithm = "unsupported_algorithm",
        /// The number of digits is not 6, 7 or 8.
        InvalidDigits = "invalid_digits",
        /// The period is not a whole number of seconds between 1 and 120 (NIST SP 800-63B 5.1.4.1).
        InvalidPeriod = "invalid_period",
        /// The issuer or account cannot go into a Key URI label (empty, has a `:`, too long).
        InvalidLabel = "invalid_label",
        /// An argument, option or request field has the wrong type or value; see `field` and `reason`.
        InvalidInput = "invalid_input",
        /// The text does not fit in a QR code at the requested error-correction level.
        DataTooLong = "data_too_long",
        /// The platform's CSPRNG could not be read.
        RandomUnavailable = "random_unavailable",
        // The UI helpers.
        /// This browser (or context, e.g. not a secure one) lacks the API.
        Unsupported = "unsupported",
        /// The browser or the person refused (permission, user gesture).
        NotAllowed = "not_allowed",
        /// A flow action the current state does not allow.
        InvalidState = "invalid_state",
        // The WebAuthn helpers (`createPasskey`, `getPasskey`), from the browser's DOMException.
        /// The person cancelled, or the browser refused or timed out (`NotAllowedError`).
        Cancelled = "cancelled",
        /// This authenticator holds a credential of the account already (`InvalidStateError` at
        /// registration, from `excludeCredentials`).
        AlreadyRegistered = "already_registered",
        /// The RP ID does not match the page's origin, or the context is not secure
        /// (`SecurityError`).
        Security = "security",
        // The server's answers (the contract's `ErrorCode`).
        /// The one-time code, recovery code or proof is wrong (or was already used).
        InvalidCode = "invalid_code",
        /// The email or password is wrong.
        InvalidCredentials = "invalid_credentials",
        /// Too many requests; wait `retryAfterSeconds`.
        RateLimited = "rate_limited",
        /// Too many failed attempts on this account; locked `until`.
        LockedOut = "locked_out",
        /// The challenge or enrolment expired, was already used, or was replaced: start again.
        ChallengeExpired = "challenge_expired",
        /// The session must enrol a second factor first.
        EnrollmentRequired = "enrollment_required",
        /// The session must pass a second-factor challenge first.
        MfaRequired = "mfa_required",
        /// The organisation uses SSO: its identity provider handles MFA.
        SsoManaged = "sso_managed",
        /// The user has no factor of the requested kind.
        NotEnrolled = "not_enrolled",
        /// Not signed in (no session, or it ended).
        Unauthorized = "unauthorized",
        /// Not allowed (role, CSRF, origin).
        Forbidden = "forbidden",
        /// The request conflicts with the current setup (e.g. a factor is already enrolled).
        Conflict = "conflict",
        /// No such resource (e.g. a challenge id that is not this session's, or no longer exists).
        NotFound = "not_found",
        /// The server does not allow this method on this path (client and server disagree on the API).
        MethodNotAllowed = "method_not_allowed",
        /// The request body is larger than the server accepts.
        PayloadTooLarge = "payload_too_large",
        /// A service the server needs (e.g. the SMS provider) is unavailable, or the server is
        /// busy; try again after `retryAfterSeconds`.
        Unavailable = "unavailable",
        /// Too many wrong one-time codes in a row: sign in with a recovery code (or ask an
        /// admin to reset the second factor).
        RecoveryRequired = "recovery_required",
        /// Enter the password again (`reauthenticate`) before setting up a second factor.
        ReauthenticationRequired = "reauthentication_required",
        // The transport.
        /// The server could not be reached (connection, DNS, CORS, TLS).
        Network = "network",
        /// The server did not answer within `timeoutMs`.
        Timeout = "timeout",
        /// The caller's `AbortSignal` aborted the call.
        Aborted = "aborted",
        /// The server failed (a 5xx answer).
        Server = "server",
        /// An answer outside the API contract.
        Protocol = "protocol",
    }
}

/// A detail an `MfaError` carries beyond `name`, `code` and `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `field`, always: the argument, option or request field at fault.
    Field,
    /// `field`, when one argument is at fault.
    FieldIfKnown,
    /// `reason`, always: why the field is invalid ([`super::Reason`]).
    Reason,
    /// `status`, always: the HTTP status of the answer.
    Status,
    /// `status`, when the error came with an answer (not for local checks).
    StatusIfAnswered,
    /// `attemptsRemaining`, when the server says it.
    AttemptsRemaining,
    /// `retryAfterSeconds`, from the body or the `Retry-After` header, when known.
    RetryAfterSeconds,
    /// `until`, RFC 3339, when the server says it.
    Until,
    /// `clockSkewSeconds` (when the device's clock offset is known) and `clockSkewSuspected`.
    ClockSkew,
    /// `cause`: what a custom client rejected with, when it was not an `MfaError`.
    Cause,
}

impl ErrorCode {
    /// The details an error of this code carries.
    ///
    /// ```
    /// use mfa_core::{error::Detail, ErrorCode};
    /// assert!(ErrorCode::InvalidInput.details().contains(&Detail::Reason));
    /// ```
    pub const fn details(self) -> &'static [Detail] {
        use Detail::*;
        match self {
            Self::InvalidInput => &[Field, Reason, StatusIfAnswered],
            Self::InvalidLabel => &[Field],
            Self::InvalidSecret
            | Self::SecretTooShort
            | Self::InvalidUri
            | Self::UnsupportedAlgorithm
            | Self::InvalidDigits
            | Self::InvalidPeriod
            | Self::DataTooLong => &[FieldIfKnown],
            Self::RandomUnavailable
            | Self::Unsupported
            | Self::NotAllowed
            | Self::InvalidState
            | Self::Cancelled
            | Self::AlreadyRegistered
            | Self::Security
            | Self::Network
            | Self::Timeout
            | Self::Aborted => &[],
            Self::InvalidCode => &[StatusIfAnswered, AttemptsRemaining, ClockSkew],
            Self::RateLimited | Self::Unavailable => &[Status, RetryAfterSeconds],
            Self::LockedOut => &[Status, RetryAfterSeconds, Until, AttemptsRemaining],
            Self::InvalidCredentials
            | Self::ChallengeExpired
            | Self::EnrollmentRequired
            | Self::MfaRequired
            | Self::SsoManaged
            | Self::NotEnrolled
            | Self::Unauthorized
            | Self::Forbidden
            | Self::Conflict
            | Self::NotFound
            | Self::MethodNotAllowed
            | Self::PayloadTooLarge
            | Self::RecoveryRequired
            | Self::ReauthenticationRequired
            | Self::Server => &[Status],
            Self::Protocol => &[StatusIfAnswered, Cause],
        }
    }

    /// The code an error code of the API contract (`mfa_wire::ErrorCode`, as a string) reaches
    /// the caller as: the same code, except the server's `internal` failure, which is `server`
    /// like any other 5xx. `None` for a string that is not a code of this vocabulary.
    ///
    /// ```
    /// use mfa_core::ErrorCode;
    /// assert_eq!(ErrorCode::from_wire("not_found"), Some(ErrorCode::NotFound));
    /// assert_eq!(ErrorCode::from_wire("internal"), Some(ErrorCode::Server));
    /// ```
    pub fn from_wire(code: &str) -> Option<Self> {
        match code {
            "internal" => Some(Self::Server),
            _ => Self::parse(code),
        }
    }
}

impl ErrorCode {
    /// The code a non-2xx answer reaches the caller as: the code of the contract's error body
    /// (`wire`, when the body is one), else by status alone: 429 `rate_limited`, 5xx `server`,
    /// anything else `protocol` (an answer outside the contract).
    ///
    /// ```
    /// use mfa_core::ErrorCode;
    /// assert_eq!(ErrorCode::from_answer(404, Some("not_found")), ErrorCode::NotFound);
    /// assert_eq!(ErrorCode::from_answer(502, None), ErrorCode::Server);
    /// assert_eq!(ErrorCode::from_answer(404, None), ErrorCode::Protocol);
    /// ```
    pub fn from_answer(status: u16, wire: Option<&str>) -> Self {
        match wire.and_then(Self::from_wire) {
            Some(code) => code,
            None if status == 429 => Self::RateLimited,
            None if status >= 500 => Self::Server,
            None => Self::Protocol,
        }
    }
}
