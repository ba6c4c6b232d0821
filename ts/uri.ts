// otpauth:// Key URIs (the Key Uri Format): building one exactly, parsing real exports.
import { optNum, optStr, opts, str } from "./errors.js";
import type { TotpAlgorithm } from "./totp.js";
import * as w from "./wasm.js";

/** What an `otpauth://totp/` Key URI holds. */
export interface OtpauthKey {
  /** Canonical base32 (upper case, no padding). */
  secret: string;
  /** The service; absent when the URI names none. */
  issuer?: string;
  /** The account, e.g. an email address. */
  account: string;
  algorithm: TotpAlgorithm;
  digits: 6 | 7 | 8;
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
  digits?: 6 | 7 | 8;
  period?: number;
}

/**
 * A Key URI exactly as the Key Uri Format asks (percent-encoded label, issuer as prefix and
 * parameter). Throws `invalid_label` for a `:` in issuer or account.
 * @example buildOtpauthUri({ secret, issuer: "ACME Co", account: "alice@example.com" })
 * // "otpauth://totp/ACME%20Co:alice%40example.com?secret=...&issuer=ACME%20Co"
 */
export function buildOtpauthUri(key: OtpauthKeyInput): string {
  const k = opts(key, "key");
  return w.uri_build(
    str(k.secret, "secret"),
    str(k.issuer, "issuer"),
    str(k.account, "account"),
    optStr(k.algorithm, "algorithm"),
    optNum(k.digits, "digits"),
    optNum(k.period, "period"),
  );
}

/** The key of `uri_parse`'s array (and of `flow_totp_key`'s first six items). */
export function keyOf([secret, issuer, account, algorithm, digits, period]: readonly [string, string | undefined, string, TotpAlgorithm, 6 | 7 | 8, number, ...unknown[]]): OtpauthKey {
  const key: OtpauthKey = { secret, account, algorithm, digits, period };
  return issuer === undefined ? key : { secret, issuer, account, algorithm, digits, period };
}

/**
 * Parses a Key URI, tolerating real exports (any case, `%3A`, padded or lower-case secrets,
 * unknown parameters, 80-bit secrets). `parseOtpauthUri(buildOtpauthUri(x))` equals `x`.
 * @example parseOtpauthUri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP").issuer // "ACME"
 */
export function parseOtpauthUri(uri: string): OtpauthKey {
  return keyOf(w.uri_parse(str(uri, "uri")));
}
