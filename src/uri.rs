//! `buildOtpauthUri`, `parseOtpauthUri`.

use crate::error::to_js;
use crate::js::{opt_int, opt_string, string, JsResult, Options};
use js_sys::{JsString, Object, Reflect};
use mfa_core::totp::{self, Algorithm};
use mfa_core::uri::{self, KeyUri};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_URI: &str = r##"
/** What an `otpauth://totp/` Key URI holds. */
export interface OtpauthKey {
  /** Canonical base32 (upper case, no padding). */
  secret: string;
  /** The service; absent when the URI names none. */
  issuer?: string;
  /** The account, e.g. an email address. */
  account: string;
  algorithm: TotpAlgorithm;
  digits: number;
  period: number;
}

/** What `buildOtpauthUri` takes: an issuer is required, the rest defaults to SHA1/6/30. */
export interface OtpauthKeyInput {
  /** Base32, at least 128 bits (RFC 4226 R6). */
  secret: string;
  /** No `:`, no surrounding spaces. */
  issuer: string;
  /** No `:`, no surrounding spaces. */
  account: string;
  algorithm?: TotpAlgorithm;
  digits?: number;
  period?: number;
}

/**
 * A Key URI exactly as the Key Uri Format asks (percent-encoded label, issuer as prefix and
 * parameter). Throws `invalid_label` for a `:` in issuer or account.
 * @example buildOtpauthUri({ secret, issuer: "ACME Co", account: "alice@example.com" })
 * // "otpauth://totp/ACME%20Co:alice%40example.com?secret=...&issuer=ACME%20Co"
 */
export function buildOtpauthUri(key: OtpauthKeyInput): string;

/**
 * Parses a Key URI, tolerating real exports (any case, `%3A`, padded or lower-case secrets,
 * unknown parameters, 80-bit secrets). `parseOtpauthUri(buildOtpauthUri(x))` equals `x`.
 * @example parseOtpauthUri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP").issuer // "ACME"
 */
export function parseOtpauthUri(uri: string): OtpauthKey;
"##;

/// `buildOtpauthUri({ secret, issuer, account, algorithm = "SHA1", digits = 6, period = 30 })`.
#[wasm_bindgen(js_name = buildOtpauthUri, skip_typescript)]
pub fn build_otpauth_uri(key: JsValue) -> JsResult<JsString> {
    let opts = Options::new(&key, "key")?;
    let algorithm = match opt_string(&opts.get("algorithm"), "algorithm")? {
        Some(name) => Algorithm::parse(&name).map_err(to_js)?,
        None => Algorithm::Sha1,
    };
    let digits = opt_int(
        &opts.get("digits"),
        "digits",
        u32::from(totp::DEFAULT_DIGITS),
        0..=u32::MAX,
    )?;
    let key = KeyUri {
        secret: string(&opts.get("secret"), "secret")?,
        issuer: Some(string(&opts.get("issuer"), "issuer")?),
        account: string(&opts.get("account"), "account")?,
        algorithm,
        digits: totp::check_digits(digits).map_err(to_js)?,
        period: totp::check_period(u64::from(opt_int(
            &opts.get("period"),
            "period",
            totp::DEFAULT_PERIOD,
            0..=u32::MAX,
        )?))
        .map_err(to_js)?,
    };
    uri::build(&key).map(JsString::from).map_err(to_js)
}

/// `parseOtpauthUri(uri)`.
#[wasm_bindgen(js_name = parseOtpauthUri, skip_typescript)]
pub fn parse_otpauth_uri(text: JsValue) -> JsResult<Object> {
    let key = uri::parse(&string(&text, "uri")?).map_err(to_js)?;
    let out = Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&out, &k.into(), &v);
    set("secret", key.secret.as_str().into())?;
    if let Some(issuer) = &key.issuer {
        set("issuer", issuer.as_str().into())?;
    }
    set("account", key.account.as_str().into())?;
    set("algorithm", key.algorithm.as_str().into())?;
    set("digits", key.digits.into())?;
    set("period", key.period.into())?;
    Ok(out)
}
