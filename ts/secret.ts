// Secrets: generation from the CSPRNG, normalisation, the grouped form (rules: mfa_core::secret).
import { optNum, str } from "./errors.js";
import * as w from "./wasm.js";

/**
 * A new random secret as base32 (RFC 4648, upper case, no padding), from `crypto.getRandomValues`.
 * Refuses fewer than 16 bytes (RFC 4226 R6: at least 128 bits) with `secret_too_short`.
 * @param byteLength bytes of randomness, 16 to 128; default 20 (160 bits).
 * @example generateSecret() // "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" (random)
 */
export function generateSecret(byteLength?: number): string {
  return w.secret_generate(optNum(byteLength, "byteLength"));
}

/**
 * Canonical base32 from what people paste: lower case, spaces, dashes and `=` padding are
 * accepted. Throws `invalid_secret` for anything else.
 * @example normalizeSecret("jbsw y3dp-ehpk 3pxp==") // "JBSWY3DPEHPK3PXP"
 */
export function normalizeSecret(input: string): string {
  return w.secret_normalize(str(input, "input"));
}

/**
 * The secret in groups of four, for typing it by hand into an authenticator app.
 * @example formatSecret("GEZDGNBVGY3TQOJQ") // "GEZD GNBV GY3T QOJQ"
 */
export function formatSecret(secret: string): string {
  return w.secret_format(str(secret, "secret"));
}
