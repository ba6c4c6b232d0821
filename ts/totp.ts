// TOTP codes (RFC 6238): the code at a time, constant-time verification, the seconds left in a
// step. Every time is `{ at }`, Unix seconds, default now (rules: mfa_core::totp).
import { now, optNum, optStr, opts, str } from "./errors.js";
import * as w from "./wasm.js";

/** The HMAC hash of a TOTP key. */
export type TotpAlgorithm = "SHA1" | "SHA256" | "SHA512";

/** A TOTP key and its parameters. */
export interface TotpParams {
  /** Base32; spaces, dashes, lower case and padding are accepted. At least 80 bits. */
  secret: string;
  /** Default "SHA1". */
  algorithm?: TotpAlgorithm;
  /** Digits of a code (RFC 4226 R4: 6 to 8); default 6. */
  digits?: 6 | 7 | 8;
  /** Seconds per step, 1 to 120 (NIST SP 800-63B 5.1.4.1); default 30. */
  period?: number;
}

/** A point in time: `at` in Unix seconds (fractions are floored); default now. */
export interface AtOptions {
  /** Unix time in seconds; default `Date.now() / 1000`. */
  at?: number;
}

/** Options of `verifyTotp`. */
export interface VerifyOptions extends AtOptions {
  /** Steps accepted either side of the current one, 0 to 10; default 1 (RFC 6238 §5.2). */
  window?: number;
}

/** The key's fields, type-checked, in the order the exports take them. */
export function keyArgs(params: unknown): [string, string | undefined, number | undefined, number | undefined] {
  const p = opts(params, "params");
  return [str(p.secret, "secret"), optStr(p.algorithm, "algorithm"), optNum(p.digits, "digits"), optNum(p.period, "period")];
}

/** `at` of an options object, default now. */
export const atOf = (options: Record<string, unknown>): number => optNum(options.at, "at") ?? now();

/**
 * The TOTP code at a time (default now), zero-padded.
 * @example totpCode({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 }, { at: 59 }) // "94287082"
 */
export function totpCode(params: TotpParams, options?: AtOptions): string {
  return w.totp_code(...keyArgs(params), atOf(opts(options, "options", ["at"])));
}

/**
 * Checks a code in constant time. Returns the matched step offset (0 now, -1 the previous step,
 * 1 the next) or `null`. A code of the wrong shape is `null`, never an acceptance.
 * @example verifyTotp({ secret }, "123456", { window: 1 }) // 0 | -1 | 1 | null
 */
export function verifyTotp(params: TotpParams, code: string, options?: VerifyOptions): number | null {
  const key = keyArgs(params);
  const o = opts(options, "options", ["window", "at"]);
  return w.totp_verify(...key, str(code, "code"), optNum(o.window, "window"), atOf(o)) ?? null;
}

/**
 * Seconds left before the code changes, from `period` (default 30) down to 1.
 * @example secondsRemaining({ period: 30, at: 59 }) // 1
 */
export function secondsRemaining(options?: AtOptions & { period?: number }): number {
  const o = opts(options, "options", ["period", "at"]);
  return w.totp_seconds_remaining(optNum(o.period, "period"), atOf(o));
}
