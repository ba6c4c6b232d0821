//! `MfaError`: the one error every export throws. It is a real `Error` (with a stack) whose
//! `name` is `"MfaError"` and whose `code` is a string-literal union TypeScript can switch on.
//! Its message never contains the secret, code or any other input.

use js_sys::{Error as JsError, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &str = r##"
/** Every machine-readable error code an `MfaError` can carry. */
export type MfaErrorCode =
  | "invalid_secret"
  | "secret_too_short"
  | "invalid_uri"
  | "unsupported_algorithm"
  | "invalid_digits"
  | "invalid_period"
  | "invalid_label"
  | "invalid_input"
  // UI helpers: a browser API is missing, the browser refused, a flow action out of turn
  | "unsupported"
  | "not_allowed"
  | "invalid_state"
  | "data_too_long"
  | "random_unavailable"
  // MfaClient: the server's answers
  | "invalid_code"
  | "invalid_credentials"
  | "rate_limited"
  | "locked_out"
  | "challenge_expired"
  | "enrollment_required"
  | "mfa_required"
  | "sso_managed"
  | "not_enrolled"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  // MfaClient: the transport
  | "network"
  | "timeout"
  | "aborted"
  | "server"
  | "protocol";

/**
 * The error every function of this package throws.
 * @example
 * try { parseOtpauthUri(text) } catch (e) { if (isMfaError(e) && e.code === "invalid_secret") { ... } }
 */
export interface MfaError extends Error {
  readonly name: "MfaError";
  readonly code: MfaErrorCode;
  /** The argument, option or request field at fault (`invalid_input`, `invalid_label`). */
  readonly field?: string;
  /** Why the field is invalid, e.g. "too_short" (`invalid_input`). */
  readonly reason?: string;
  /** Failed attempts left before the account locks (`invalid_code`). */
  readonly attemptsRemaining?: number;
  /** Seconds to wait, from the body or the `Retry-After` header (`rate_limited`, `locked_out`). */
  readonly retryAfterSeconds?: number;
  /** When the lock ends, RFC 3339 (`locked_out`). */
  readonly until?: string;
  /** The HTTP status (`server`, and every error that came with a response). */
  readonly status?: number;
  /** This device's clock minus the server's, in seconds, when known (`invalid_code`). */
  readonly clockSkewSeconds?: number;
  /** The device clock is off by more than one TOTP period: the code was likely right but the
   * clock wrong. Tell the person to set their device's time automatically (`invalid_code`). */
  readonly clockSkewSuspected?: boolean;
}

/**
 * Whether `value` is an `MfaError` thrown by this package.
 * @example
 * if (isMfaError(e)) console.warn(e.code);
 */
export function isMfaError(value: unknown): value is MfaError;
"##;

/// A thrown `MfaError`: a JS `Error` with `name`, `code` and optionally `field`.
pub type MfaError = JsValue;

/// A JS `MfaError` with a code and a static message; more fields can be set with [`set`].
pub(crate) fn new_error(code: &str, message: &str) -> MfaError {
    let js = JsError::new(message);
    js.set_name("MfaError");
    let value: JsValue = js.into();
    set(&value, "code", code.into());
    value
}

/// Sets a field on an error object (setting a property on a fresh `Error` cannot fail).
pub(crate) fn set(error: &MfaError, key: &str, value: JsValue) {
    let _ = Reflect::set(error, &key.into(), &value);
}

/// Builds the JS error for a core error.
///
/// ```no_run
/// let err = mfa_wasm::error::to_js(mfa_core::Error::input("digits", "digits must be 6, 7 or 8"));
/// ```
pub fn to_js(err: mfa_core::Error) -> MfaError {
    let value = new_error(err.code().as_str(), err.message());
    if let Some(field) = err.field() {
        set(&value, "field", field.into());
    }
    value
}

/// Whether `value` is an `MfaError`: an `Error` named `MfaError` with a string `code`.
#[wasm_bindgen(js_name = isMfaError, skip_typescript)]
pub fn is_mfa_error(value: JsValue) -> bool {
    value.is_instance_of::<JsError>()
        && Reflect::get(&value, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some("MfaError")
        && Reflect::get(&value, &"code".into()).is_ok_and(|c| c.is_string())
}
