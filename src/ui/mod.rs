//! The Rust side of the DOM helpers (feature `ui`; the helpers themselves are TypeScript,
//! ts/ui/, bundled into the package's glue): the recovery-codes sheet, whose codes and labels are
//! checked here before any of them reaches a file or a printout.

pub mod recovery_file;

use crate::error::{new_error, set, MfaError};
use mfa_core::{ErrorCode, Reason};

/// An `invalid_input` error naming the argument or option at fault and why.
pub(crate) fn invalid(field: &str, reason: Reason, message: &str) -> MfaError {
    let err = new_error(ErrorCode::InvalidInput, message);
    set(&err, "field", field.into());
    set(&err, "reason", reason.as_str().into());
    err
}

/// A wrong JS type for `field`.
pub(crate) fn wrong_type(field: &str, message: &str) -> MfaError {
    invalid(field, Reason::InvalidType, message)
}
