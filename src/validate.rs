//! `validateTotpCode`, `validateSmsCode`, `validateRecoveryCode`, `validatePhoneNumber`.

use crate::js::{opt_int, string, JsResult, Options};
use js_sys::{Object, Reflect};
use mfa_core::validate::{self, RecoveryFormat, Validation};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_VALIDATE: &str = r##"
/** A validator's answer: the normalised value, or the reason there is none. */
export type ValidationResult =
  | { ok: true; value: string }
  | { ok: false; reason: ValidationReason };

/** The shape of recovery codes: groups of base32 characters joined by dashes. */
export interface RecoveryCodeFormat {
  /** Default 4. */
  groups?: number;
  /** Default 4 (4 x 4 characters = 80 bits). */
  groupLength?: number;
}

/**
 * A TOTP code as typed or pasted: spaces, dashes and full-width digits are cleaned.
 * @example validateTotpCode(" １２３ ４５６ ") // { ok: true, value: "123456" }
 */
export function validateTotpCode(input: string, options?: { digits?: number }): ValidationResult;

/**
 * An SMS code as typed or pasted.
 * @example validateSmsCode("123-456") // { ok: true, value: "123456" }
 */
export function validateSmsCode(input: string, options?: { length?: number }): ValidationResult;

/**
 * A recovery code in any case and grouping; 0, 1 and 8 are read as O, I and B.
 * Returns the canonical grouped form.
 * @example validateRecoveryCode("abcd efgh ijkl mnop") // { ok: true, value: "ABCD-EFGH-IJKL-MNOP" }
 */
export function validateRecoveryCode(input: string, options?: { format?: RecoveryCodeFormat }): ValidationResult;

/**
 * A phone number in E.164 form with a leading `+`; spaces, dashes, dots and parentheses removed.
 * @example validatePhoneNumber("+1 (415) 555-0132") // { ok: true, value: "+14155550132" }
 */
export function validatePhoneNumber(input: string): ValidationResult;
"##;

fn result(validation: Validation) -> JsResult<Object> {
    let out = Object::new();
    match validation {
        Ok(value) => {
            Reflect::set(&out, &"ok".into(), &JsValue::TRUE)?;
            Reflect::set(&out, &"value".into(), &value.into())?;
        }
        Err(reason) => {
            Reflect::set(&out, &"ok".into(), &JsValue::FALSE)?;
            Reflect::set(&out, &"reason".into(), &reason.as_str().into())?;
        }
    }
    Ok(out)
}

/// `validateTotpCode(input, { digits = 6 })`.
#[wasm_bindgen(js_name = validateTotpCode, skip_typescript)]
pub fn validate_totp_code(input: JsValue, options: JsValue) -> JsResult<Object> {
    let digits = opt_int(
        &Options::new(&options, "options")?.get("digits"),
        "digits",
        6,
        6..=8,
    )?;
    result(validate::totp_code(
        &string(&input, "input")?,
        digits as usize,
    ))
}

/// `validateSmsCode(input, { length = 6 })`.
#[wasm_bindgen(js_name = validateSmsCode, skip_typescript)]
pub fn validate_sms_code(input: JsValue, options: JsValue) -> JsResult<Object> {
    let length = opt_int(
        &Options::new(&options, "options")?.get("length"),
        "length",
        6,
        4..=10,
    )?;
    result(validate::sms_code(
        &string(&input, "input")?,
        length as usize,
    ))
}

/// `validateRecoveryCode(input, { format? })`.
#[wasm_bindgen(js_name = validateRecoveryCode, skip_typescript)]
pub fn validate_recovery_code(input: JsValue, options: JsValue) -> JsResult<Object> {
    let format = Options::new(&Options::new(&options, "options")?.get("format"), "format")?;
    let default = RecoveryFormat::default();
    let format = RecoveryFormat {
        groups: opt_int(
            &format.get("groups"),
            "groups",
            default.groups as u32,
            1..=8,
        )? as usize,
        group_length: opt_int(
            &format.get("groupLength"),
            "groupLength",
            default.group_length as u32,
            1..=16,
        )? as usize,
    };
    result(validate::recovery_code(&string(&input, "input")?, format))
}

/// `validatePhoneNumber(input)`.
#[wasm_bindgen(js_name = validatePhoneNumber, skip_typescript)]
pub fn validate_phone_number(input: JsValue) -> JsResult<Object> {
    result(validate::phone_number(&string(&input, "input")?))
}
