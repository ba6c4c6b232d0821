// Clock skew, one notion in one place (docs/security.md, "Clock skew"): `clockSkewSuspected`
// says that a code was likely right for another time, so a page can say "set your clock" instead
// of "wrong code". It is suspected when this device's clock is known to be more than one TOTP
// period off the server's (`clockSkewSeconds`, from the `Date` header of the server's answers),
// or when a code that does not match at the server's time matches a step further away (up to
// `MAX_WINDOW` steps: the authenticator's clock is off). MfaClient's `invalid_code` errors, its
// `selfCheckTotp` and the flows' local checks all answer through `clockSkewSuspected` below.
import { keyArgs } from "./totp.js";
import * as w from "./wasm.js";

/** The widest window of `verifyTotp`, mfa_core::totp::MAX_WINDOW (10 steps either side). */
const MAX_WINDOW = 10;

/** Whether a clock is off by more than one period; see the top of this file. */
export function clockSkewSuspected(skewSeconds: number | null, period: number, matchedFarFromNow: boolean): boolean {
  return matchedFarFromNow || (skewSeconds !== null && Math.abs(skewSeconds) > period);
}

/** What `selfCheckTotp` found. */
export interface TotpSelfCheck {
  /** The matched step offset at the server's time, or `null`. */
  offset: number | null;
  /** This device's clock minus the server's, in seconds, when known. */
  clockSkewSeconds: number | null;
  /**
   * A clock is likely off by more than one period: this device's (`clockSkewSeconds`), or the
   * authenticator's (the code matches a step further from the server's time). Tell the person
   * to set their device's time automatically.
   */
  clockSkewSuspected: boolean;
}

/**
 * `code` checked locally against the key `params` at the server's time `at`, within `window`
 * steps, in constant time (src/totp.rs); `skew` is this device's clock minus the server's.
 */
export function selfCheck(params: unknown, code: string, at: number, window: number | undefined, skew: number | null): TotpSelfCheck {
  const key = keyArgs(params);
  const offset = w.totp_verify(...key, code, window, at) ?? null;
  const far = offset === null && w.totp_verify(...key, code, MAX_WINDOW, at) !== undefined;
  return { offset, clockSkewSeconds: skew, clockSkewSuspected: clockSkewSuspected(skew, key[3] ?? 30, far) };
}
