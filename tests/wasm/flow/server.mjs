// EnrollmentFlow and ChallengeFlow with MfaClient against fresh reference servers (the server's
// own lockout; the `expiry` server's pending items live `env.pendingTtlSeconds`): each state of
// both flows, reached as a person reaches it. A lock or a lifetime ends by moving the server's
// clock past it (support/clock.mjs), never by waiting. Codes come from otpauth (the
// authenticator) and the development outbox (the phone). The cases run in order and each signs
// in first: in a browser every client shares the cookie jar of 127.0.0.1.
import { assert } from "../support/assert.mjs";
import { clientFor, outboxCode } from "../support/client.js";
import { advancePast, expirePending, followClock } from "../support/clock.mjs";
import { oracleCode, wrongCode } from "../support/oracle.mjs";

const PASSWORD = "correct-horse-battery";
const BOB_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ADMIN_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/** The state, with its error, for a failure message. */
const show = (flow) => JSON.stringify({ ...flow.state, error: flow.state.error && { code: flow.state.error.code, message: flow.state.error.message } });

export default function define({ mfa, env }) {
  /** A fresh client and a ChallengeFlow on it, signed in as `email` with the password. */
  const signIn = async (email, base = env.server) => {
    // Its serverTime() follows the server's moved clock (support/clock.mjs), as a right device clock.
    const client = followClock(clientFor(mfa, base), base);
    const flow = new mfa.ChallengeFlow(client);
    await flow.signIn(email, PASSWORD);
    return { client, flow };
  };
  /** The code of `secret` at the server's time plus `steps` periods. */
  const codeAt = (client, secret, steps = 0) => oracleCode({ secret }, client.serverTime() + 30 * steps);
  let alice = { secret: null, codes: [] };

  it("server_enrollment_required_then_totp_enrolment_showing_qr_confirmed_done", async () => {
    const { client, flow } = await signIn("alice@acme.test");
    assert.deepEqual([flow.state.state, flow.state.reason, [...flow.state.methods]], ["enrollment_required", "policy", ["totp", "sms", "webauthn"]], show(flow));
    const enrol = new mfa.EnrollmentFlow(client, { methods: flow.state.methods });
    await enrol.chooseMethod("totp");
    const qr = enrol.state;
    assert.equal(qr.state, "showing_qr", show(enrol));
    const key = mfa.parseOtpauthUri(qr.otpauthUri);
    assert.deepEqual([key.secret, key.algorithm, key.digits, key.period, qr.account], [qr.secret, "SHA1", 6, 30, "alice@acme.test"]);
    await enrol.submitCode(wrongCode({ secret: qr.secret }, client.serverTime(), 10));
    assert.deepEqual([enrol.state.state, enrol.state.error.code], ["showing_qr", "invalid_code"], "refused on this device");
    await enrol.submitCode(codeAt(client, qr.secret));
    assert.equal(enrol.state.state, "confirmed", show(enrol));
    assert.lengthOf(enrol.state.recoveryCodes, 10);
    for (const rc of enrol.state.recoveryCodes) assert.match(rc, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    alice = { secret: qr.secret, codes: [...enrol.state.recoveryCodes] };
    enrol.acknowledgeRecoveryCodes();
    assert.deepEqual([enrol.state.state, enrol.state.factor.method], ["done", "totp"]);
    assert.equal((await client.getStatus()).recoveryCodesRemaining, 10, "the server agrees");
    await client.logout();
  });

  it("server_sign_in_entering_code_with_attempts_then_signed_in", async () => {
    const { client, flow } = await signIn("alice@acme.test");
    assert.deepEqual([flow.state.state, flow.state.method, [...flow.state.methods]], ["entering_code", "totp", ["totp"]], show(flow));
    await flow.submitCode(wrongCode({ secret: alice.secret }, client.serverTime(), 2));
    assert.deepEqual([flow.state.state, flow.state.error.code, flow.state.attemptsRemaining, flow.state.lastAttempt], ["entering_code", "invalid_code", 4, false], show(flow));
    // The step's code was spent on the enrolment (RFC 6238 §5.2): the next one.
    await flow.submitCode(codeAt(client, alice.secret, 1));
    assert.deepEqual([flow.state.state, flow.state.method, flow.state.user.email], ["signed_in", "totp", "alice@acme.test"], show(flow));
    assert.equal((await client.getStatus()).session, "authenticated");
    await client.logout();
  });

  it("server_entering_recovery_code_then_signed_in_with_codes_left", async () => {
    const { client, flow } = await signIn("alice@acme.test");
    flow.useRecoveryCode();
    assert.equal(flow.state.state, "entering_recovery_code");
    await flow.submitRecoveryCode(alice.codes[0].toLowerCase());
    assert.deepEqual([flow.state.state, flow.state.method, flow.state.recoveryCodesRemaining], ["signed_in", "recovery_code", 9], show(flow));
    await client.logout();
  });

  it("server_sms_enrolment_entering_phone_code_sent_locked_out_then_confirmed", async () => {
    // erin: an organisation where 2FA is optional, so the password signs her in.
    const { client, flow } = await signIn("erin@initech.test");
    assert.deepEqual([flow.state.state, flow.state.method], ["signed_in", "password"], show(flow));
    const status = await client.getStatus();
    const enrol = new mfa.EnrollmentFlow(client, { required: status.org.requireMfa });
    assert.isFalse(enrol.state.required);
    await enrol.chooseMethod("sms");
    assert.equal(enrol.state.state, "entering_phone");
    await enrol.submitPhone("+1 555 555 0177");
    const sent = enrol.state;
    assert.deepEqual([sent.state, sent.canResend], ["code_sent", false], show(enrol));
    assert.isAbove(sent.resendAfterSeconds, 0, "the server's cool-down");
    const sms = await outboxCode(env.server, "+15555550177");
    const wrong = sms === "000000" ? "111111" : "000000";
    // Wrong codes: the attempts count down, the last one is flagged, then the account locks.
    const seen = [];
    while (enrol.state.state === "code_sent") {
      await enrol.submitCode(wrong);
      if (enrol.state.state === "code_sent") seen.push([enrol.state.attemptsRemaining, enrol.state.lastAttempt]);
      assert.isAtMost(seen.length, 10, "no lock after 10 failures");
    }
    assert.deepEqual(seen, [[4, false], [3, false], [2, false], [1, true]]);
    const locked = enrol.state;
    assert.deepEqual([locked.state, locked.method, locked.error.code], ["locked_out", "sms", "locked_out"], show(enrol));
    assert.isString(locked.until);
    assert.isAbove(locked.retryAt, client.serverTime() - 1);
    // Before the lock's end even the right code is refused; once it has ended (the server's
    // clock moved past `until`), erin signs in again (binding a first factor needs a password
    // of the last 10 minutes, server/src/policy.rs `reauth_seconds`) and enrols the same number.
    enrol.back();
    await enrol.chooseMethod("sms");
    await enrol.submitPhone("+15555550177");
    await enrol.submitCode(await outboxCode(env.server, "+15555550177"));
    assert.deepEqual([enrol.state.state, enrol.state.error.code], ["locked_out", "locked_out"], show(enrol));
    await advancePast(env.server, Date.parse(locked.until) / 1000);
    await client.logout();
    const later = await signIn("erin@initech.test");
    const again = new mfa.EnrollmentFlow(later.client, { required: false });
    await again.chooseMethod("sms");
    await again.submitPhone("+15555550177");
    assert.equal(again.state.state, "code_sent", show(again));
    await again.submitCode(await outboxCode(env.server, "+15555550177"));
    assert.deepEqual([again.state.state, again.state.factor.method], ["confirmed", "sms"], show(again));
    again.acknowledgeRecoveryCodes();
    await later.client.logout();

    // Signing in by SMS: the code from the phone.
    const next = await signIn("erin@initech.test");
    const code = next.flow.state;
    assert.deepEqual([code.state, code.method, code.canResend], ["entering_code", "sms", false], show(next.flow));
    assert.match(code.phoneHint, /77$/, "the last digits of the number");
    await next.flow.submitCode(await outboxCode(env.server, "+15555550177"));
    assert.deepEqual([next.flow.state.state, next.flow.state.method], ["signed_in", "sms"], show(next.flow));
    await next.client.logout();
  });

  it("server_enrolment_skipped_when_optional", async () => {
    // The skip changes nothing on the server: erin (optional 2FA) is still signed in by factor.
    const client = clientFor(mfa, env.server);
    const enrol = new mfa.EnrollmentFlow(client, { required: false });
    enrol.skip();
    assert.equal(enrol.state.state, "skipped");
  });

  it("server_sso_required_and_choosing_method_after_resume", async () => {
    const dave = await signIn("dave@globex.test");
    assert.deepEqual([dave.flow.state.state, dave.flow.state.organization], ["sso_required", "Globex"], show(dave.flow));

    // admin: a reload after the password: resume() finds the session waiting for its factor.
    const { client } = await signIn("admin@acme.test");
    const resumed = new mfa.ChallengeFlow(client);
    await resumed.resume();
    assert.deepEqual([resumed.state.state, resumed.state.method], ["entering_code", "totp"], show(resumed));
    resumed.useAnotherMethod();
    assert.deepEqual([resumed.state.state, [...resumed.state.methods]], ["choosing_method", ["totp"]]);
    await resumed.chooseMethod("totp");
    await resumed.submitCode(codeAt(client, ADMIN_SECRET));
    assert.deepEqual([resumed.state.state, resumed.state.user.role], ["signed_in", "admin"], show(resumed));
    await client.logout();
  });

  it("server_locked_out_until_the_lock_ends_then_signed_in", async () => {
    const { client, flow } = await signIn("bob@acme.test");
    const wrong = wrongCode({ secret: BOB_SECRET }, client.serverTime(), 2);
    const seen = [];
    while (flow.state.state === "entering_code") {
      await flow.submitCode(wrong);
      if (flow.state.state === "entering_code") seen.push(flow.state.lastAttempt);
      assert.isAtMost(seen.length, 10, "no lock after 10 failures");
    }
    assert.deepEqual(seen, [false, false, false, true], "warned before the last attempt");
    const locked = flow.state;
    assert.deepEqual([locked.state, locked.canRetry, locked.error.code], ["locked_out", false, "locked_out"], show(flow));
    assert.isString(locked.until);
    // `canRetry` turning true at `retryAt` (a timer of this device) is
    // challenge-stand-in.mjs's case; here the server's lock ends. Before its end, a right code
    // is refused; one second after it (the server's clock moved), it signs in. The server's
    // lock outlives the password-only session (server/src/policy.rs), so bob signs in again.
    await flow.chooseMethod("totp");
    await flow.submitCode(codeAt(client, BOB_SECRET));
    assert.deepEqual([flow.state.state, flow.state.error.code], ["locked_out", "locked_out"], show(flow));
    await advancePast(env.server, Date.parse(locked.until) / 1000);
    const again = await signIn("bob@acme.test");
    assert.equal(again.flow.state.state, "entering_code", show(again.flow));
    await again.flow.submitCode(codeAt(again.client, BOB_SECRET));
    assert.equal(again.flow.state.state, "signed_in", show(again.flow));
    await again.client.logout();
  });

  it("server_expired_challenge_and_enrolment_then_restart", async () => {
    // On the server whose pending items live env.pendingTtlSeconds.
    const { client, flow } = await signIn("bob@acme.test", env.expiryServer);
    assert.equal(flow.state.state, "entering_code", show(flow));
    // Right at the server's moved time: only the lifetime refuses it.
    const { unixSeconds } = await expirePending(env);
    await flow.submitCode(oracleCode({ secret: BOB_SECRET }, unixSeconds));
    assert.deepEqual([flow.state.state, flow.state.method, flow.state.error.code], ["expired", "totp", "challenge_expired"], show(flow));
    await flow.restart();
    assert.equal(flow.state.state, "entering_code", show(flow));
    await client.logout();

    const erin = await signIn("erin@initech.test", env.expiryServer);
    const enrol = new mfa.EnrollmentFlow(erin.client);
    await enrol.chooseMethod("totp");
    const first = enrol.state.secret;
    const moved = await expirePending(env);
    await enrol.submitCode(oracleCode({ secret: first }, moved.unixSeconds));
    assert.deepEqual([enrol.state.state, enrol.state.method, enrol.state.error.code, enrol.state.sameSecret], ["expired", "totp", "challenge_expired", true], show(enrol));
    await enrol.restart();
    assert.equal(enrol.state.state, "showing_qr", show(enrol));
    // Issue 15: a new enrolment on the server with the secret already shown (the server's answer,
    // which src/flow.rs checks against its Key URI), so the entry the person scanned keeps
    // working: its code confirms the new enrolment.
    assert.equal(enrol.state.secret, first, "the same secret");
    await enrol.submitCode(codeAt(erin.client, first));
    assert.deepEqual([enrol.state.state, enrol.state.factor.method], ["confirmed", "totp"], show(enrol));
    await erin.client.logout();
  });
}
