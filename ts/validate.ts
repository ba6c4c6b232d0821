// Validation of what people type (rules: mfa_core::validate). Validators do not throw for bad
// input: they answer the reason. One name for a code's length everywhere: `digits`, as in
// RFC 4226/6238, the Key URI and `TotpParams`.
import { optNum, opts, str, type ValidationReason } from "./errors.js";
import * as w from "./wasm.js";

/** A validator's answer: the normalised value, or the reason there is none. */
export type ValidationResult = { ok: true; value: string } | { ok: false; reason: ValidationReason };

/** The shape of recovery codes: groups of base32 characters joined by dashes. */
export interface RecoveryCodeFormat {
  /** Default 4. */
  groups?: number;
  /** Default 4 (4 x 4 characters = 80 bits). */
  groupLength?: number;
}

/** The answer of a Rust validator, which throws the reason as a string (src/validate.rs). */
export function validation(run: () => string): ValidationResult {
  try {
    return { ok: true, value: run() };
  } catch (reason) {
    if (typeof reason !== "string") throw reason;
    return { ok: false, reason: reason as ValidationReason };
  }
}

/**
 * A TOTP code as typed or pasted: spaces, dashes and full-width digits are cleaned.
 * @example validateTotpCode(" １２３ ４５６ ") // { ok: true, value: "123456" }
 */
export function validateTotpCode(input: string, options?: { digits?: 6 | 7 | 8 }): ValidationResult {
  const digits = optNum(opts(options, "options", ["digits"]).digits, "digits");
  const text = str(input, "input");
  return validation(() => w.validate_code(text, digits, false));
}

/**
 * An SMS code as typed or pasted, of `digits` digits (4 to 10, default 6).
 * @example validateSmsCode("123-456") // { ok: true, value: "123456" }
 */
export function validateSmsCode(input: string, options?: { digits?: number }): ValidationResult {
  const digits = optNum(opts(options, "options", ["digits"]).digits, "digits");
  const text = str(input, "input");
  return validation(() => w.validate_code(text, digits, true));
}

/**
 * A recovery code in any case and grouping; 0, 1 and 8 are read as O, I and B.
 * Returns the canonical grouped form.
 * @example validateRecoveryCode("abcd efgh ijkl mnop") // { ok: true, value: "ABCD-EFGH-IJKL-MNOP" }
 */
export function validateRecoveryCode(input: string, options?: { format?: RecoveryCodeFormat }): ValidationResult {
  const format = opts(opts(options, "options", ["format"]).format, "format", ["groups", "groupLength"]);
  const groups = optNum(format.groups, "groups");
  const groupLength = optNum(format.groupLength, "groupLength");
  const text = str(input, "input");
  return validation(() => w.validate_recovery_code(text, groups, groupLength));
}

/**
 * A phone number in E.164 form with a leading `+`; spaces, dashes, dots and parentheses removed.
 * @example validatePhoneNumber("+1 (415) 555-0132") // { ok: true, value: "+14155550132" }
 */
export function validatePhoneNumber(input: string): ValidationResult {
  const text = str(input, "input");
  return validation(() => w.validate_phone(text));
}
