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
  | "data_too_long"
  | "random_unavailable";

/**
 * The error every function of this package throws.
 * @example
 * try { parseOtpauthUri(text) } catch (e) { if (isMfaError(e) && e.code === "invalid_secret") { ... } }
 */
export interface MfaError extends Error {
  readonly name: "MfaError";
  readonly code: MfaErrorCode;
  /** The argument or option at fault, for `invalid_input` and `invalid_label`. */
  readonly field?: string;
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

/// Builds the JS error for a core error.
///
/// ```no_run
/// let err = mfa_wasm::error::to_js(mfa_core::Error::input("digits", "digits must be 6, 7 or 8"));
/// ```
pub fn to_js(err: mfa_core::Error) -> MfaError {
    let js = JsError::new(err.message());
    js.set_name("MfaError");
    let value: JsValue = js.into();
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&value, &"code".into(), &err.code().as_str().into());
    if let Some(field) = err.field() {
        let _ = Reflect::set(&value, &"field".into(), &field.into());
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
