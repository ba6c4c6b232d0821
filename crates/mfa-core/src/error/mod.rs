//! The one error type of the core: a stable machine-readable [`ErrorCode`] plus a static message,
//! and the vocabulary every `MfaError` of mfa-wasm uses: [`ErrorCode`] (every code, from every
//! layer) and [`Reason`] (why an input is invalid).
//!
//! Messages are `&'static str` on purpose: an error can never carry a secret, a code or any other
//! piece of the caller's input (and no `format!` machinery is linked into the wasm build).

mod code;
mod reason;
mod vocabulary;

pub use code::{Detail, ErrorCode};
pub use reason::Reason;

use core::fmt;

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
    reason: Option<Reason>,
}

impl Error {
    /// An error with a code and a static message.
    pub const fn new(code: ErrorCode, message: &'static str) -> Self {
        Self {
            code,
            message,
            field: None,
            reason: None,
        }
    }

    /// An [`ErrorCode::InvalidInput`] error naming the field at fault and why.
    ///
    /// ```
    /// use mfa_core::{Error, Reason};
    /// let err = Error::input("margin", Reason::OutOfRange, "margin must be 0 to 64 modules");
    /// assert_eq!((err.field(), err.reason()), (Some("margin"), Some(Reason::OutOfRange)));
    /// ```
    pub const fn input(field: &'static str, reason: Reason, message: &'static str) -> Self {
        Self {
            code: ErrorCode::InvalidInput,
            message,
            field: Some(field),
            reason: Some(reason),
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

    /// Why the input is invalid (every [`ErrorCode::InvalidInput`] error has one).
    pub const fn reason(&self) -> Option<Reason> {
        self.reason
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl core::error::Error for Error {}

/// The core's result type.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests;
