// TOTP codes from otpauth (an independent JS implementation with its own HMAC), so that no
// expected code is computed by the package under test.
import * as OTPAuth from "otpauth";

/** The code of `params` ({ secret, algorithm?, digits?, period? }) at `unixSeconds`. */
export function oracleCode({ secret, algorithm = "SHA1", digits = 6, period = 30 }, unixSeconds) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.toUpperCase()), algorithm, digits, period });
  return totp.generate({ timestamp: Math.floor(unixSeconds * 1000) });
}

/** A well-formed code that matches none of the steps within ±`steps` periods of `at`. */
export function wrongCode(params, at, steps = 1) {
  const period = params.period ?? 30;
  const digits = params.digits ?? 6;
  const near = new Set();
  for (let k = -steps; k <= steps; k++) if (at + k * period >= 0) near.add(oracleCode(params, at + k * period));
  for (let n = 0; n < 1000; n++) {
    const candidate = String(100_000 + n * 7).padStart(digits, "1");
    if (!near.has(candidate)) return candidate;
  }
  throw new Error("no wrong code found");
}

/** `123456` → `123 456`, as people type it. */
export const spaced = (code) => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * `fn(t)` at `t = now()`, run again if a step of `period` ended meanwhile, so that no result
 * hinges on the millisecond at which the code changes.
 */
export function sameStep(now, period, fn) {
  for (;;) {
    const t = now();
    const result = fn(t);
    if (Math.floor(t / period) === Math.floor(now() / period)) return result;
  }
}

/** Async `sameStep`. */
export async function sameStepAsync(now, period, fn) {
  for (;;) {
    const t = now();
    const result = await fn(t);
    if (Math.floor(t / period) === Math.floor(now() / period)) return result;
  }
}
