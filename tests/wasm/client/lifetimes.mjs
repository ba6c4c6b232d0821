// Lifetimes: a pending enrolment and a sign-in challenge expire, and the client says so with
// `challenge_expired`, against the reference server whose pending items live
// `env.pendingTtlSeconds`, its clock moved past that (support/clock.mjs), with codes right at
// the moved time, so only the lifetime refuses them. (The expiry of tests/client/scenario.rs, moved
// out of the shared scenario so that no other case runs against a short lifetime.)
import { assert } from "../support/assert.mjs";
import { clientFor } from "../support/client.js";
import { expirePending, followClock } from "../support/clock.mjs";
import { oracleCode } from "../support/oracle.mjs";
import { BOB_SECRET, refused } from "./contract.mjs";

export default function define({ mfa, env }) {
  it("a_pending_enrolment_not_confirmed_in_time_expires", async () => {
    const c = followClock(clientFor(mfa, env.expiryServer), env.expiryServer);
    assert.equal((await c.login({ email: "erin@initech.test", password: "correct-horse-battery" })).status, "authenticated");
    const pending = await c.startTotpEnrollment({});
    const { unixSeconds } = await expirePending(env);
    const late = c.confirmTotpEnrollment({ enrollmentId: pending.enrollmentId, code: oracleCode({ secret: pending.secret }, unixSeconds) });
    assert.equal((await refused(mfa, late)).code, "challenge_expired");
    // The expired one is not in the way: a new enrolment starts, and confirms in its lifetime.
    const again = await c.startTotpEnrollment({});
    assert.notEqual(again.enrollmentId, pending.enrollmentId);
    const code = oracleCode({ secret: again.secret }, c.serverTime());
    assert.lengthOf((await c.confirmTotpEnrollment({ enrollmentId: again.enrollmentId, code })).recoveryCodes, 10);
    await c.logout();
  });

  it("a_sign_in_challenge_not_answered_in_time_expires", async () => {
    const c = clientFor(mfa, env.expiryServer);
    assert.equal((await c.login({ email: "bob@acme.test", password: "correct-horse-battery" })).status, "mfa_required");
    const { challengeId } = await c.startChallenge({ method: "totp" });
    const { unixSeconds } = await expirePending(env);
    const late = c.verifyChallenge({ challengeId, code: oracleCode({ secret: BOB_SECRET }, unixSeconds) });
    assert.equal((await refused(mfa, late)).code, "challenge_expired");
    await c.logout();
  });
}
