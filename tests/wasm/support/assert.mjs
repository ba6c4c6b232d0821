// The assertions every case uses: chai's `assert` (a well-kept library whose one ESM file runs
// unchanged in Node and in browsers, with the node:assert vocabulary and readable diffs), plus
// the checks this package's errors need.
import { assert } from "chai";

export { assert };

/** The error `run()` throws; fails the test when it returns. */
export function thrown(run) {
  try {
    run();
  } catch (err) {
    return err;
  }
  return assert.fail("expected an error to be thrown");
}

/** The reason `promise` rejects with; fails the test when it fulfils. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return assert.fail("expected a rejection");
}

/** The `code` of `err`, checking that it is a real MfaError: an `Error` named "MfaError". */
export function mfaCode(mfa, err) {
  assert.instanceOf(err, Error, `not an Error: ${err}`);
  assert.isTrue(mfa.isMfaError(err), `isMfaError refuses ${err}`);
  assert.equal(err.name, "MfaError");
  assert.isString(err.code);
  return err.code;
}

/** The `code` of the MfaError `run()` throws. */
export const codeOf = (mfa, run) => mfaCode(mfa, thrown(run));

/** The `field` of the error `run()` throws ("" when it has none). */
export const fieldOf = (run) => thrown(run).field ?? "";

/** The `code` of the MfaError `promise` rejects with. */
export const rejectedCode = async (mfa, promise) => mfaCode(mfa, await rejection(promise));

/** The `field` of the error `promise` rejects with. */
export const rejectedField = async (promise) => (await rejection(promise)).field ?? "";

/** An object built from entries, with `undefined` values kept as own properties. */
export const obj = (entries) => Object.fromEntries(entries);
