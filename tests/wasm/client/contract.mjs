// Every operation of the contract and every server-side error code, against a fresh reference
// server. The cases run in order and each signs in first: in a browser all clients share the
// cookie jar of 127.0.0.1. (Ported from tests/client/scenario.rs, one case per account.)
import { assert, rejection } from "../support/assert.mjs";
import { clientFor, leaks, outboxCode } from "../support/client.js";
import { oracleCode, sameStepAsync, wrongCode } from "../support/oracle.mjs";

const PASSWORD = "correct-horse-battery";
export const BOB_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ADMIN_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/** The code of `secret` at the server's time plus `steps` periods of 30 s. */
export const codeAt = (c, secret, steps = 0) => oracleCode({ secret }, c.serverTime() + 30 * steps);

/** The MfaError `promise` rejects with. */
export async function refused(mfa, promise) {
  const err = await rejection(promise);
  assert.isTrue(mfa.isMfaError(err), `not an MfaError: ${err}`);
  return err;
}

export default function define({ mfa, env }) {
  const login = (c, email, password = PASSWORD) => c.login({ email, password });
  const code = async (promise) => (await refused(mfa, promise)).code;
  let aliceChanging; // the session in which alice changes method (two cases)

  it("password_only_and_sso", async () => {
    const c = clientFor(mfa, env.server);
    // The client does not judge email addresses; the server does, with the field at fault.
    const empty = await refused(mfa, login(c, "", "x"));
    assert.deepEqual([empty.code, empty.field, empty.status], ["invalid_input", "email", 400]);
    const bad = await refused(mfa, login(c, "erin@initech.test", "wrong-password"));
    assert.equal(bad.code, "invalid_credentials");
    assert.deepEqual(leaks(bad, "wrong-password"), []);

    assert.equal((await login(c, "erin@initech.test")).status, "authenticated");
    assert.isNumber(c.clockSkewSeconds, "the Date header gives a skew estimate");
    assert.isAtMost(Math.abs(c.clockSkewSeconds), 2, "loopback skew");
    const status = await c.getStatus();
    assert.deepEqual([status.session, status.recoveryCodesRemaining], ["authenticated", 0]);
    // erin has no factor: a proof by TOTP cannot be checked.
    const proof = { proof: { method: "totp", code: "123456" } };
    assert.equal(await code(c.regenerateRecoveryCodes(proof)), "not_enrolled");
    // A member may not change the organisation's policy.
    assert.equal(await code(c.setOrgPolicy({ password: PASSWORD, requireMfa: true })), "forbidden");

    assert.isUndefined(await c.logout());
    assert.equal(await code(c.getStatus()), "unauthorized");
    assert.equal((await login(c, "dave@globex.test")).status, "sso_required");
  });

  it("totp_enrolment_recovery_codes_and_method_change", async () => {
    // alice: enrolment required at login, TOTP enrolment with a local self-check, recovery codes
    // shown once, regeneration, change of method by recovery code.
    const c = clientFor(mfa, env.server);
    assert.equal((await login(c, "alice@acme.test")).status, "enrollment_required");
    assert.equal(await code(c.startChallenge({ method: "totp" })), "enrollment_required");
    assert.equal(await code(c.listFactors()), "enrollment_required", "no factor to list before enrolment");

    const started = await c.startTotpEnrollment({});
    const { secret, enrollmentId } = started;
    const key = mfa.parseOtpauthUri(started.otpauthUri);
    assert.deepEqual([key.secret, key.issuer], [secret, "Acme"]);
    const confirm = (value) => c.confirmTotpEnrollment({ enrollmentId, code: value });

    const wrong = wrongCode({ secret }, c.serverTime());
    assert.isNull(c.selfCheckTotp({ secret }, wrong).offset);
    const failed = await refused(mfa, confirm(wrong));
    assert.equal(failed.code, "invalid_code");
    assert.isNumber(failed.attemptsRemaining);
    assert.strictEqual(failed.clockSkewSuspected, false);
    assert.deepEqual(leaks(failed, wrong), []);

    const [right, check] = await sameStepAsync(() => c.serverTime(), 30, (t) => {
      const value = oracleCode({ secret }, t);
      return [value, c.selfCheckTotp({ secret }, value)];
    });
    assert.strictEqual(check.offset, 0);
    const { recoveryCodes: codes } = await confirm(right);
    assert.lengthOf(codes, 10);
    for (const rc of codes) {
      assert.match(rc, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/, "the documented format");
      assert.equal(mfa.validateRecoveryCode(rc).value, rc);
    }
    assert.equal(new Set(codes).size, 10, "all different");
    // The enrolment is used up; a second factor cannot be added on top.
    assert.equal(await code(confirm(right)), "conflict");
    assert.equal(await code(c.startTotpEnrollment({})), "conflict");
    assert.strictEqual((await c.getStatus()).recoveryCodesRemaining, 10);
    // listFactors: the one confirmed factor, as the contract describes it.
    const { factors } = await c.listFactors();
    assert.lengthOf(factors, 1);
    assert.deepEqual([factors[0].method, typeof factors[0].id, typeof factors[0].createdAt], ["totp", "string", "string"]);

    // Regenerating needs a fresh factor proof; the current code was consumed (RFC 6238 §5.2
    // replay protection), the next step's has not been seen.
    const replay = { proof: { method: "totp", code: right } };
    assert.equal(await code(c.regenerateRecoveryCodes(replay)), "invalid_code");
    const next = { proof: { method: "totp", code: codeAt(c, secret, 1) } };
    const { recoveryCodes: fresh } = await c.regenerateRecoveryCodes(next);
    assert.lengthOf(fresh, 10);
    assert.isEmpty(fresh.filter((x) => codes.includes(x)), "a new set");

    // The old set stopped working: changing method with it fails; with the new set it works.
    const byCode = (rc) => ({ proof: { method: "recovery_code", code: rc } });
    assert.equal(await code(c.changeMethod(byCode(codes[0]))), "invalid_code");
    const change = await c.changeMethod(byCode(fresh[0]));
    assert.deepEqual(change.methods, ["totp", "sms", "webauthn"]);
    assert.isAbove(Date.parse(change.expiresAt), Date.now(), "a pending change, not a reset");
    // Cancelled: the old factor stays, and enrolling another is refused again.
    assert.isUndefined(await c.cancelMethodChange());
    assert.equal(await code(c.startTotpEnrollment({})), "conflict");
    assert.deepEqual((await c.getStatus()).factors.map((f) => f.method), ["totp"]);
    // Started again: the next case enrols SMS in it.
    await c.changeMethod(byCode(fresh[1]));
    aliceChanging = c;
  });

  it("sms_enrolment_resend_cooldown_then_sign_in_by_sms_and_recovery_code", async () => {
    // alice again, in the change of method the previous case started: her TOTP factor works
    // until the SMS enrolment (resend cool-down answering 429 + Retry-After) is confirmed, then
    // sign-in by SMS and by recovery code.
    const c = aliceChanging;
    assert.isDefined(c, "the previous case started a change");
    assert.deepEqual((await c.getStatus()).factors.map((f) => f.method), ["totp"], "no gap");
    const phone = "+15555550142";
    const { challengeId } = await c.startSmsEnrollment({ phoneNumber: "+1 555-555-0142" });
    const resend = await refused(mfa, c.resendSms({ challengeId }));
    assert.equal(resend.code, "rate_limited");
    assert.isAbove(resend.retryAfterSeconds, 0);
    const sms = await outboxCode(env.server, phone);
    const wrongSms = sms === "000000" ? "111111" : "000000";
    assert.equal(await code(c.confirmSmsEnrollment({ challengeId, code: wrongSms })), "invalid_code");
    const { recoveryCodes } = await c.confirmSmsEnrollment({ challengeId, code: sms });
    assert.lengthOf(recoveryCodes, 10);
    assert.deepEqual((await c.getStatus()).factors.map((f) => f.method), ["sms"], "swapped");

    // Later logins: by SMS challenge, then by recovery code (single use).
    await c.logout();
    assert.equal((await login(c, "alice@acme.test")).status, "mfa_required");
    assert.equal((await c.getStatus()).session, "mfa_required");
    const challenge = await c.startChallenge({ method: "sms" });
    const verified = await c.verifyChallenge({ challengeId: challenge.challengeId, code: await outboxCode(env.server, phone) });
    assert.equal(verified.user.email, "alice@acme.test");
    await c.logout();

    await login(c, "alice@acme.test");
    const recovered = await c.recover({ code: recoveryCodes[3].toLowerCase() });
    assert.deepEqual([recovered.recoveryCodesRemaining, recovered.enrollmentRequired], [9, false]);
    await c.logout();
    await login(c, "alice@acme.test");
    assert.equal(await code(c.recover({ code: recoveryCodes[3] })), "invalid_code", "single use");
    await c.logout();
  });

  it("a_stale_challenge_id_is_not_found", async () => {
    // carol (SMS): a challenge id that is not this session's (stale, or made up) is the
    // contract's 404 `not_found`, typed, so a page can start again instead of "server failed".
    const c = clientFor(mfa, env.server);
    assert.equal((await login(c, "carol@acme.test")).status, "mfa_required");
    const { challengeId } = await c.startChallenge({ method: "sms" });
    const stale = await refused(mfa, c.verifyChallenge({ challengeId: `${challengeId}x`, code: "123456" }));
    assert.deepEqual([stale.code, stale.status], ["not_found", 404]);
    assert.equal((await refused(mfa, c.resendSms({ challengeId: "chl_gone" }))).code, "not_found");
    await c.logout();
  });

  it("lockout_after_failed_codes", async () => {
    // bob: wrong codes count down `attemptsRemaining`, then the account locks, and even the
    // right code is refused while it is locked.
    const c = clientFor(mfa, env.server);
    assert.equal((await login(c, "bob@acme.test")).status, "mfa_required");
    const proof = { proof: { method: "totp", code: "123456" } };
    assert.equal(await code(c.regenerateRecoveryCodes(proof)), "mfa_required");
    const { challengeId } = await c.startChallenge({ method: "totp" });
    const verify = (value) => c.verifyChallenge({ challengeId, code: value });
    const wrong = wrongCode({ secret: BOB_SECRET }, c.serverTime());
    const remaining = [];
    let locked;
    while (!locked) {
      const err = await refused(mfa, verify(wrong));
      if (err.code === "locked_out") locked = err;
      else {
        assert.equal(err.code, "invalid_code");
        remaining.push(err.attemptsRemaining);
      }
      assert.isAtMost(remaining.length, 10, "no lock after 10 failures");
    }
    assert.isAbove(remaining.length, 0);
    remaining.slice(1).forEach((n, i) => assert.equal(n, remaining[i] - 1, `${remaining}`));
    assert.isNotEmpty(locked.until);
    assert.isAbove(locked.retryAfterSeconds, 0);
    assert.equal(await code(verify(codeAt(c, BOB_SECRET))), "locked_out");
    await c.logout();
  });

  it("admin_policy_sso_and_member_reset", async () => {
    // admin: TOTP sign-in and replay refusal, the org policy (2FA and SSO) behind a re-entered
    // password, resetting a member, and SSO refusing enrolment.
    const c = clientFor(mfa, env.server);
    assert.equal((await login(c, "admin@acme.test")).status, "mfa_required");
    let challenge = await c.startChallenge({ method: "totp" });
    const codeNow = codeAt(c, ADMIN_SECRET);
    await c.verifyChallenge({ challengeId: challenge.challengeId, code: codeNow });

    assert.equal(await code(c.setOrgPolicy({ password: "not-the-password", requireMfa: true })), "invalid_credentials");
    assert.strictEqual((await c.setOrgPolicy({ password: PASSWORD, requireMfa: true })).requireMfa, true);
    const reset = await c.resetMemberMfa({ memberEmail: "carol@acme.test", password: PASSWORD });
    assert.strictEqual(reset.factorsRemoved, 1);

    // The same TOTP code is accepted at most once (RFC 6238 §5.2), even in a new session.
    await c.logout();
    await login(c, "admin@acme.test");
    challenge = await c.startChallenge({ method: "totp" });
    const again = (value) => c.verifyChallenge({ challengeId: challenge.challengeId, code: value });
    assert.equal(await code(again(codeNow)), "invalid_code");
    await again(codeAt(c, ADMIN_SECRET, 1));

    // SSO on: the identity provider owns MFA, so the in-app 2FA operations refuse.
    assert.strictEqual((await c.setOrgPolicy({ password: PASSWORD, sso: true })).sso, true);
    assert.equal(await code(c.startSmsEnrollment({ phoneNumber: "+15555550199" })), "sso_managed");
    assert.strictEqual((await c.setOrgPolicy({ password: PASSWORD, sso: false })).sso, false);
    await c.logout();
  });
}
