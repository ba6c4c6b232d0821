//! `webOtp`: SMS autofill through the WebOTP API (docs/security.md, "WebOTP"). The browser reads
//! the code from an SMS ending in `@host #123456` and asks the person before handing it over.
//! The spec warns the code can be tampered with, so it is checked strictly: exactly `length`
//! ASCII digits, nothing cleaned. The server still verifies it.

use super::wrong_type;
use crate::js::{opt_int, Options};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
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

/// `webOtp({ signal?, length = 6 })`: the options checked here, the request in dom.js.
#[wasm_bindgen(js_name = webOtp, skip_typescript)]
pub fn web_otp(options: JsValue) -> Promise {
    let checked = Options::new(&options, "options").and_then(|opts| {
        let signal = opts.get("signal");
        if !signal.is_undefined() && !signal.is_instance_of::<AbortSignal>() {
            return Err(wrong_type("signal", "expected an AbortSignal"));
        }
        Ok((signal, opt_int(&opts.get("length"), "length", 6, 4..=10)?))
    });
    match checked {
        Ok((signal, length)) => super::dom::web_otp(&signal, length),
        Err(err) => Promise::reject(&err),
    }
}
