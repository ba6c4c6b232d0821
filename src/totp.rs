//! `totpCode`, `verifyTotp`, `secondsRemaining`.

use crate::error::to_js;
use crate::js::{opt_int, opt_string, string, unix_seconds, JsResult, Options, Props};
use js_sys::JsString;
use mfa_core::totp::{self, Algorithm, Totp};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TOTP: &str = r##"
/** The HMAC hash of a TOTP key. */
export type TotpAlgorithm = "SHA1" | "SHA256" | "SHA512";

/** A TOTP key and its parameters. */
export interface TotpParams {
  /** Base32; spaces, dashes, lower case and padding are accepted. At least 80 bits. */
  secret: string;
  /** Default "SHA1". */
  algorithm?: TotpAlgorithm;
  /** 6, 7 or 8; default 6. */
  digits?: number;
  /** Seconds per step, 1 to 120; default 30. */
  period?: number;
}

/** Options of `verifyTotp`. */
export interface VerifyOptions {
  /** Steps accepted either side of the current one, 0 to 10; default 1 (RFC 6238 §5.2). */
  window?: number;
  /** Unix time in seconds; default `Date.now() / 1000`. */
  at?: number;
}

/**
 * The TOTP code at a Unix time in seconds (default: now), zero-padded.
 * @example totpCode({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 }, 59) // "94287082"
 */
export function totpCode(params: TotpParams, unixSeconds?: number): string;

/**
 * Checks a code in constant time. Returns the matched step offset (0 now, -1 the previous step,
 * 1 the next) or `null`. A code of the wrong shape is `null`, never an acceptance.
 * @example verifyTotp({ secret }, "123456", { window: 1 }) // 0 | -1 | 1 | null
 */
export function verifyTotp(params: TotpParams, code: string, options?: VerifyOptions): number | null;

/**
 * Seconds left before the code changes, from `period` down to 1.
 * @example secondsRemaining(30, 59) // 1
 */
export function secondsRemaining(period?: number, at?: number): number;
"##;

fn params(value: &JsValue) -> JsResult<Totp> {
    let opts = Options::new(value, "params")?;
    let secret = string(&opts.read(Props::secret), "secret")?;
    let algorithm = match opt_string(&opts.read(Props::algorithm), "algorithm")? {
        Some(name) => Algorithm::parse(&name).map_err(to_js)?,
        None => Algorithm::Sha1,
    };
    // Out-of-range numbers go to the core's checks, which give the specific codes.
    let digits = opt_int(
        &opts.read(Props::digits),
        "digits",
        u32::from(totp::DEFAULT_DIGITS),
        0..=u32::MAX,
    )?;
    let period = opt_int(
        &opts.read(Props::period),
        "period",
        totp::DEFAULT_PERIOD,
        0..=u32::MAX,
    )?;
    Totp::new(&secret, algorithm, digits, u64::from(period)).map_err(to_js)
}

/// `totpCode(params, unixSeconds?)`.
#[wasm_bindgen(js_name = totpCode, skip_typescript)]
pub fn totp_code(params_value: JsValue, unix_seconds_value: JsValue) -> JsResult<JsString> {
    let totp = params(&params_value)?;
    Ok(totp
        .code(unix_seconds(&unix_seconds_value, "unixSeconds")?)
        .into())
}

/// `verifyTotp(params, code, { window = 1, at? })`.
#[wasm_bindgen(js_name = verifyTotp, skip_typescript)]
pub fn verify_totp(params_value: JsValue, code: JsValue, options: JsValue) -> JsResult<JsValue> {
    let totp = params(&params_value)?;
    let code = string(&code, "code")?;
    let opts = Options::new(&options, "options")?;
    let window = opt_int(&opts.read(Props::window), "window", 1, 0..=totp::MAX_WINDOW)?;
    let at = unix_seconds(&opts.read(Props::at), "at")?;
    let Ok(code) = mfa_core::validate::totp_code(&code, usize::from(totp.digits())) else {
        return Ok(JsValue::NULL);
    };
    Ok(totp
        .verify(&code, at, window)
        .map_or(JsValue::NULL, |offset| JsValue::from_f64(offset as f64)))
}

/// `secondsRemaining(period = 30, at?)`.
#[wasm_bindgen(js_name = secondsRemaining, skip_typescript)]
pub fn seconds_remaining(period: JsValue, at: JsValue) -> JsResult<u32> {
    let period = opt_int(&period, "period", totp::DEFAULT_PERIOD, 0..=u32::MAX)?;
    let period = totp::check_period(u64::from(period)).map_err(to_js)?;
    Ok(totp::seconds_remaining(period, unix_seconds(&at, "at")?))
}
