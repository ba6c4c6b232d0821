//! `webOtp`: SMS autofill through the WebOTP API (docs/security.md, "WebOTP"). The browser reads
//! the code from an SMS ending in `@host #123456` and asks the person before handing it over.
//! The spec warns the code can be tampered with, so it is checked strictly: exactly `length`
//! ASCII digits, nothing cleaned. The server still verifies it.

use super::{dom_error_name, invalid, prop, unsupported, window, wrong_type};
use crate::error::{new_error, MfaError};
use crate::js::{opt_int, Options};
use alloc::string::String;
use js_sys::{Array, Function, Object, Promise, Reflect};
use mfa_core::{ErrorCode, Reason};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(typescript_custom_section)]
const TS_WEB_OTP: &str = r##"
/**
 * Options of `webOtp`.
 * @example const options: WebOtpOptions = { signal: abort.signal };
 */
export interface WebOtpOptions {
  /** Aborts the request (e.g. when the person types the code); it then rejects with `aborted`. */
  signal?: AbortSignal;
  /** Digits in the code, 4 to 10; default 6. */
  length?: number;
}

/**
 * Waits for the SMS code through `navigator.credentials.get({ otp: { transport: ["sms"] } })`.
 * Resolves to the code (exactly `length` ASCII digits). Rejects with an `MfaError`:
 * `unsupported` where the browser has no WebOTP (no `OTPCredential`, or not a secure context),
 * `aborted` when `signal` aborts, `not_allowed` when the person or the browser declines, and
 * `invalid_input` (field "code") when what came back is not a well-formed code.
 * @example
 * const abort = new AbortController();
 * webOtp({ signal: abort.signal }).then((code) => flow.submitCode(code), () => {});
 * form.addEventListener("submit", () => abort.abort());
 */
export function webOtp(options?: WebOtpOptions): Promise<string>;
"##;

fn aborted() -> MfaError {
    new_error(ErrorCode::Aborted, "the one-time code request was aborted")
}

/// The error for a failed `credentials.get`.
fn refusal(err: &JsValue, signal: Option<&AbortSignal>) -> MfaError {
    if signal.is_some_and(AbortSignal::aborted)
        || dom_error_name(err).as_deref() == Some("AbortError")
    {
        aborted()
    } else {
        new_error(
            ErrorCode::NotAllowed,
            "the browser did not hand over a one-time code",
        )
    }
}

/// Exactly `length` ASCII digits; no cleaning (the code may have been tampered with).
fn strict_code(code: Option<String>, length: usize) -> Result<String, MfaError> {
    let code = code.ok_or_else(|| {
        new_error(
            ErrorCode::NotAllowed,
            "the browser did not hand over a one-time code",
        )
    })?;
    let reason = if !code.bytes().all(|b| b.is_ascii_digit()) {
        Reason::InvalidCharacter
    } else if code.len() < length {
        Reason::TooShort
    } else if code.len() > length {
        Reason::TooLong
    } else {
        return Ok(code);
    };
    Err(invalid(
        "code",
        reason,
        "the SMS did not carry a well-formed one-time code",
    ))
}

/// `webOtp({ signal?, length = 6 })`.
#[wasm_bindgen(js_name = webOtp, skip_typescript)]
pub fn web_otp(options: JsValue) -> Promise {
    crate::task::promise(async move {
        let opts = Options::new(&options, "options")?;
        let signal = match opts.get("signal") {
            s if s.is_undefined() => None,
            s => Some(
                s.dyn_into::<AbortSignal>()
                    .map_err(|_| wrong_type("signal", "expected an AbortSignal"))?,
            ),
        };
        let length = opt_int(&opts.get("length"), "length", 6, 4..=10)? as usize;
        let window = window()?;
        let credentials = prop(&window.navigator(), "credentials");
        let get = prop(&credentials, "get").dyn_into::<Function>();
        let (false, Ok(get)) = (prop(&window, "OTPCredential").is_undefined(), get) else {
            return Err(unsupported("this browser has no WebOTP (OTPCredential)"));
        };
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let otp = Object::new();
        Reflect::set(&otp, &"transport".into(), &Array::of1(&"sms".into()))?;
        let request = Object::new();
        Reflect::set(&request, &"otp".into(), &otp)?;
        if let Some(signal) = &signal {
            Reflect::set(&request, &"signal".into(), signal)?;
        }
        let pending = get
            .call1(&credentials, &request)
            .map_err(|e| refusal(&e, signal.as_ref()))?;
        let credential = JsFuture::from(Promise::resolve(&pending))
            .await
            .map_err(|e| refusal(&e, signal.as_ref()))?;
        strict_code(prop(&credential, "code").as_string(), length).map(JsValue::from)
    })
}
