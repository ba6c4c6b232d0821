//! The one error type of the core: a stable machine-readable [`ErrorCode`] plus a static message.
//!
//! Messages are `&'static str` on purpose: an error can never carry a secret, a code or any other
//! piece of the caller's input (and no `format!` machinery is linked into the wasm build).

use core::fmt;

/// A stable, machine-readable error code. [`ErrorCode::as_str`] gives the string JS sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The secret is empty, is not base32, or has an impossible length.
    InvalidSecret,
    /// The secret has fewer bits than the operation requires.
    SecretTooShort,
    /// The text is not an `otpauth://totp/` Key URI.
    InvalidUri,
    /// The algorithm is not SHA1, SHA256 or SHA512.
    UnsupportedAlgorithm,
    /// The number of digits is not 6, 7 or 8.
    InvalidDigits,
    /// The period is not a whole number of seconds between 1 and 120 (NIST SP 800-63B 5.1.4.1).
    InvalidPeriod,
    /// The issuer or account cannot go into a Key URI label (empty, has a `:`, too long).
    InvalidLabel,
    /// An argument or option has the wrong type or is out of range; see [`Error::field`].
    InvalidInput,
    /// The text does not fit in a QR code at the requested error-correction level.
    DataTooLong,
    /// The platform's CSPRNG could not be read.
    RandomUnavailable,
}

impl ErrorCode {
    /// The code as JS and the wire see it.
    ///
    /// ```
    /// assert_eq!(mfa_core::ErrorCode::InvalidSecret.as_str(), "invalid_secret");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidSecret => "invalid_secret",
            Self::SecretTooShort => "secret_too_short",
            Self::InvalidUri => "invalid_uri",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::InvalidDigits => "invalid_digits",
            Self::InvalidPeriod => "invalid_period",
            Self::InvalidLabel => "invalid_label",
            Self::InvalidInput => "invalid_input",
            Self::DataTooLong => "data_too_long",
            Self::RandomUnavailable => "random_unavailable",
        }
    }
}

/// An error from the core: a code, a human message and, for bad arguments, the field at fault.
///
/// ```
/// let err = mfa_core::secret::normalize("not base32!").unwrap_err();
/// assert_eq!(err.code(), mfa_core::ErrorCode::InvalidSecret);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: &'static str,
    field: Option<&'static str>,
}

impl Error {
    /// An error with a code and a static message.
    pub const fn new(code: ErrorCode, message: &'static str) -> Self {
        Self {
            code,
            message,
            field: None,
        }
    }

    /// An [`ErrorCode::InvalidInput`] error naming the field at fault.
    pub const fn input(field: &'static str, message: &'static str) -> Self {
        Self {
            code: ErrorCode::InvalidInput,
            message,
            field: Some(field),
        }
    }

    /// The same error, naming the field at fault.
    pub const fn with_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    /// The machine-readable code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message (never contains input).
    pub const fn message(&self) -> &'static str {
        self.message
    }

    /// The argument or option at fault, if any.
    pub const fn field(&self) -> Option<&'static str> {
        self.field
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Error {}

/// The core's result type.
pub type Result<T> = core::result::Result<T, Error>;
