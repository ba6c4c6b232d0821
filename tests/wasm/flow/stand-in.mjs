// EnrollmentFlow with a stand-in client: every state, the local self-check, errors that clear on
// the next change, one pending call at a time, dispose() and the signal. The flow touches no
// DOM, so it runs in every engine.
import { assert, codeOf, fieldOf, rejectedCode, rejectedField } from "../support/assert.mjs";
import { CODES, recorder, SECRET, URI } from "../support/dom.js";
import { failWith, fakeClient, hang, mfaError } from "../support/fake-client.js";
import { oracleCode, spaced, wrongCode } from "../support/oracle.mjs";
import { delay, until } from "../support/wait.js";

/** The code of SECRET at the device's time plus `steps` periods. */
const codeNow = (steps = 0) => oracleCode({ secret: SECRET }, Date.now() / 1000 + 30 * steps);
/** "name" or "name/pending" for each state a listener saw. */
const seen = (listener) => listener.calls.map((s) => (s.pending ? `${s.state}/${s.pending}` : s.state));

export default function define({ mfa }) {
  const flowWith = (client, options = {}) => new mfa.EnrollmentFlow(client, { account: "alice@example.com", ...options });

  it("enrolment_choosing_method_then_showing_qr_self_checks_then_confirmed_then_done", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    const listener = recorder();
    flow.subscribe(listener);
    const choosing = flow.state;
    assert.deepEqual([choosing.state, [...choosing.methods], choosing.required], ["choosing_method", ["totp", "sms"], true]);
    assert.isTrue(Object.isFrozen(choosing));
    await flow.chooseMethod("totp");
    const qr = flow.state;
    assert.deepEqual(seen(listener), ["choosing_method/start_totp", "showing_qr"]);
    assert.strictEqual(flow.state, qr, "the same object until the next transition");
    assert.isTrue(Object.isFrozen(qr));
    assert.deepEqual([qr.secret, qr.formattedSecret], [SECRET, "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"]);
    assert.isTrue(qr.qrSvg.startsWith("<svg"));
    assert.equal(qr.otpauthUri, URI);
    assert.deepEqual([qr.issuer, qr.account, qr.algorithm, qr.period, qr.digits, qr.lastAttempt], ["ACME Co", "alice@example.com", "SHA1", 30, 6, false]);
    assert.notProperty(qr, "error");

    // A wrong code: the error is on the same screen, nothing is sent.
    await flow.submitCode(wrongCode({ secret: SECRET }, Date.now() / 1000, 10));
    const wrong = flow.state;
    assert.deepEqual([wrong.state, wrong.error.code, wrong.error.clockSkewSuspected, wrong.secret], ["showing_qr", "invalid_code", false, SECRET]);
    assert.lengthOf(client.calls, 1, "a wrong code is not sent");
    // An incomplete code: the reason, nothing sent.
    await flow.submitCode("12345");
    assert.deepEqual([flow.state.error.code, flow.state.error.field, flow.state.error.reason], ["invalid_input", "code", "too_short"]);

    const code = codeNow();
    await flow.submitCode(spaced(code));
    assert.deepEqual(seen(listener).slice(-3), ["showing_qr", "showing_qr/confirm", "confirmed"]);
    assert.notProperty(listener.calls.at(-2), "error", "the error clears on the next state change");
    const [name, request, signal] = client.calls.at(-1);
    assert.deepEqual([name, request.enrollmentId, request.code], ["confirmTotpEnrollment", "e1", code]);
    assert.instanceOf(signal, AbortSignal, "each call gets the flow's signal");
    const confirmed = flow.state;
    assert.deepEqual([...confirmed.recoveryCodes], CODES);
    assert.isTrue(Object.isFrozen(confirmed.recoveryCodes));
    assert.deepEqual([confirmed.issuer, confirmed.account], ["ACME Co", "alice@example.com"]);
    flow.acknowledgeRecoveryCodes();
    const done = flow.state;
    assert.deepEqual([done.state, done.method, done.factor.id], ["done", "totp", "f1"]);
    assert.isUndefined(done.recoveryCodes, "the codes are dropped");
  });

  it("enrolment_entering_phone_then_code_sent_with_the_resend_cool_down", async () => {
    const client = fakeClient(SECRET, URI);
    client.resendAfterSeconds = 1;
    const flow = flowWith(client);
    await flow.chooseMethod("sms");
    assert.deepEqual([flow.state.state, flow.state.method], ["entering_phone", "sms"]);
    await flow.submitPhone("415 555 0132");
    const { error } = flow.state;
    assert.deepEqual([flow.state.state, error.code, error.field, error.reason], ["entering_phone", "invalid_input", "phoneNumber", "missing_country_code"]);
    assert.notInclude(error.message, "415");
    assert.lengthOf(client.calls, 0, "an invalid number is not sent");
    await flow.submitPhone("+1 (415) 555-0132");
    const sent = flow.state;
    assert.deepEqual([sent.state, sent.phoneHint, sent.resendAfterSeconds, sent.canResend], ["code_sent", "+1•••••••0132", 1, false]);
    assert.notProperty(sent, "error");
    const available = sent.resendAvailableAt - Date.now() / 1000;
    assert.isTrue(available > 0 && available <= 1.1, String(available));
    assert.equal(client.calls[0][1].phoneNumber, "+14155550132");
    // Not before the cool-down: refused locally; then the state turns `canResend` by itself.
    assert.equal(await rejectedCode(mfa, flow.resend()), "invalid_state");
    await until(() => flow.state.canResend === true, "canResend after resendAfterSeconds");
    await flow.resend();
    assert.deepEqual([client.calls.at(-1)[0], client.calls.at(-1)[1].challengeId], ["resendSms", "c1"]);
    assert.deepEqual([flow.state.state, flow.state.canResend], ["code_sent", false]);
    // The server's own cool-down: its `retryAfterSeconds` moves `resendAvailableAt`.
    await until(() => flow.state.canResend === true, "canResend again");
    failWith(client, "resendSms", mfaError("rate_limited", { status: 429, retryAfterSeconds: 20 }));
    await flow.resend();
    const limited = flow.state;
    assert.deepEqual([limited.state, limited.error.code, limited.canResend], ["code_sent", "rate_limited", false]);
    assert.isTrue(limited.resendAvailableAt - Date.now() / 1000 > 18);
    await flow.submitCode("１２３ ４５６");
    const [name, request] = client.calls.at(-1);
    assert.deepEqual([name, request.challengeId, request.code], ["confirmSmsEnrollment", "c2", "123456"]);
    assert.deepEqual([flow.state.state, flow.state.account], ["confirmed", "alice@example.com"]);
  });

  it("enrolment_attempts_left_and_locked_out", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    await flow.chooseMethod("sms");
    await flow.submitPhone("+14155550132");
    failWith(client, "confirmSmsEnrollment", mfaError("invalid_code", { status: 401, attemptsRemaining: 2 }));
    await flow.submitCode("111111");
    assert.deepEqual([flow.state.state, flow.state.attemptsRemaining, flow.state.lastAttempt], ["code_sent", 2, false]);
    failWith(client, "confirmSmsEnrollment", mfaError("invalid_code", { status: 401, attemptsRemaining: 1 }));
    await flow.submitCode("222222");
    assert.deepEqual([flow.state.attemptsRemaining, flow.state.lastAttempt], [1, true], "warn before the last attempt");
    const until = new Date(Date.now() + 900_000).toISOString();
    failWith(client, "confirmSmsEnrollment", mfaError("locked_out", { status: 429, until, retryAfterSeconds: 900 }));
    await flow.submitCode("333333");
    const locked = flow.state;
    assert.deepEqual([locked.state, locked.method, locked.until, locked.error.code], ["locked_out", "sms", until, "locked_out"]);
    assert.isTrue(Math.abs(locked.retryAt - (Date.now() / 1000 + 900)) < 5, String(locked.retryAt));
    assert.equal(await rejectedCode(mfa, flow.submitCode("444444")), "invalid_state", "the input is disabled");
    flow.back();
    assert.equal(flow.state.state, "choosing_method");
  });

  it("enrolment_expired_then_restart", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    await flow.chooseMethod("totp");
    for (const code of ["challenge_expired", "not_found"]) {
      failWith(client, "confirmTotpEnrollment", mfaError(code, { status: code === "not_found" ? 404 : 410 }));
      await flow.submitCode(codeNow());
      assert.deepEqual([flow.state.state, flow.state.method, flow.state.error.code, flow.state.sameSecret], ["expired", "totp", code, true]);
      const starts = client.calls.filter(([n]) => n === "startTotpEnrollment").length;
      await flow.restart();
      assert.equal(flow.state.state, "showing_qr");
      assert.isUndefined(flow.state.error, "the error clears on the next change");
      const calls = client.calls.filter(([n]) => n === "startTotpEnrollment");
      assert.lengthOf(calls, starts + 1, "a new enrolment");
      // Issue 15: the restart registers the secret already shown, so the scanned entry still works.
      assert.deepEqual(calls.at(-1)[1], { secret: SECRET });
      assert.equal(flow.state.secret, SECRET);
    }
    // Choosing the method again is a new enrolment with a new secret from the server.
    flow.back();
    await flow.chooseMethod("totp");
    assert.deepEqual(client.calls.filter(([n]) => n === "startTotpEnrollment").at(-1)[1], {});
    // An expired SMS enrolment asks for the number again.
    await flow.back();
    await flow.chooseMethod("sms");
    await flow.submitPhone("+14155550132");
    failWith(client, "confirmSmsEnrollment", mfaError("challenge_expired", { status: 410 }));
    await flow.submitCode("123456");
    assert.deepEqual([flow.state.state, flow.state.sameSecret], ["expired", false]);
    await flow.restart();
    assert.equal(flow.state.state, "entering_phone");
  });

  it("enrolment_skipped_only_when_not_required", async () => {
    const required = flowWith(fakeClient(SECRET, URI));
    assert.equal(codeOf(mfa, () => required.skip()), "invalid_state");
    const optional = flowWith(fakeClient(SECRET, URI), { required: false, methods: ["sms"] });
    assert.deepEqual([optional.state.required, [...optional.state.methods]], [false, ["sms"]]);
    assert.equal(await rejectedField(optional.chooseMethod("totp")), "method", "only the methods offered");
    optional.skip();
    assert.equal(optional.state.state, "skipped");
    assert.equal(fieldOf(() => flowWith(fakeClient(SECRET, URI), { methods: ["email"] })), "methods");
    assert.equal(fieldOf(() => flowWith(fakeClient(SECRET, URI), { required: "no" })), "required");
    assert.equal(fieldOf(() => flowWith(fakeClient(SECRET, URI), { lenght: 6 })), "lenght");
  });

  it("enrolment_refuses_actions_out_of_turn_and_bad_arguments", async () => {
    const flow = flowWith(fakeClient(SECRET, URI));
    assert.equal(await rejectedCode(mfa, flow.submitCode("123456")), "invalid_state");
    assert.equal(await rejectedCode(mfa, flow.resend()), "invalid_state");
    assert.equal(await rejectedCode(mfa, flow.restart()), "invalid_state");
    assert.equal(codeOf(mfa, () => flow.back()), "invalid_state");
    assert.equal(codeOf(mfa, () => flow.acknowledgeRecoveryCodes()), "invalid_state");
    assert.equal(await rejectedField(flow.chooseMethod("email")), "method");
    // One pending call at a time: a double click, and back() while the request is in flight.
    const pending = flow.chooseMethod("totp");
    assert.equal(flow.state.pending, "start_totp");
    const doubleClick = flow.chooseMethod("totp");
    assert.equal(codeOf(mfa, () => flow.back()), "invalid_state", "not while a request is in flight");
    assert.equal(await rejectedCode(mfa, doubleClick), "invalid_state", "a double click");
    await pending;
    assert.equal(await rejectedField(flow.submitCode(123456)), "code");
    assert.equal(flow.state.state, "showing_qr", "a wrong type changes nothing");
    flow.back();
    assert.equal(flow.state.state, "choosing_method");
    assert.equal(fieldOf(() => new mfa.EnrollmentFlow("client")), "client");
    assert.equal(fieldOf(() => new mfa.EnrollmentFlow({ serverTime: () => 0 })), "client");
    assert.equal(fieldOf(() => flow.subscribe("listener")), "listener");
  });

  it("enrolment_failures_become_the_state_error", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    await flow.chooseMethod("totp");
    // A device clock 5 steps off: the self-check says so (the one clock-skew notion), nothing sent.
    const before = client.calls.length;
    await flow.submitCode(codeNow(-5));
    assert.deepEqual([flow.state.error.code, flow.state.error.clockSkewSuspected], ["invalid_code", true]);
    assert.lengthOf(client.calls, before);
    flow.back();
    // Something that is not an MfaError is wrapped; a contract mismatch is `protocol`.
    const boom = new Error("boom");
    failWith(client, "startTotpEnrollment", boom);
    await flow.chooseMethod("totp");
    assert.deepEqual([flow.state.state, flow.state.error.code, flow.state.error.cause], ["choosing_method", "protocol", boom]);
    const other = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME";
    const liar = flowWith(fakeClient(SECRET, other));
    await liar.chooseMethod("totp");
    assert.deepEqual([liar.state.state, liar.state.error.code], ["choosing_method", "protocol"], "the QR code and the secret disagree");
    // A network failure keeps the screen, with the error.
    failWith(client, "startTotpEnrollment", mfaError("network"));
    await flow.chooseMethod("totp");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "network"]);
  });

  it("enrolment_unsubscribe_dispose_and_signal", async () => {
    const flow = flowWith(fakeClient(SECRET, URI));
    const listener = recorder();
    const unsubscribe = flow.subscribe(listener);
    await flow.chooseMethod("sms");
    unsubscribe();
    unsubscribe(); // twice is fine
    flow.back();
    assert.deepEqual(seen(listener), ["entering_phone"]);

    // dispose(): the pending call is aborted, no listener hears anything more, actions refuse.
    const client = fakeClient(SECRET, URI);
    hang(client, "startTotpEnrollment");
    const disposed = flowWith(client);
    const other = recorder();
    disposed.subscribe(other);
    const pending = disposed.chooseMethod("totp");
    const [, , signal] = client.calls.at(-1);
    assert.isFalse(signal.aborted);
    disposed.dispose();
    assert.isTrue(signal.aborted, "the pending call was aborted");
    await pending;
    disposed.dispose(); // idempotent
    assert.deepEqual(seen(other), ["choosing_method/start_totp"]);
    assert.equal(await rejectedCode(mfa, disposed.chooseMethod("sms")), "invalid_state");

    // The constructor's signal does the same.
    const controller = new AbortController();
    const viaSignal = flowWith(fakeClient(SECRET, URI), { signal: controller.signal });
    controller.abort();
    assert.equal(await rejectedCode(mfa, viaSignal.chooseMethod("sms")), "invalid_state");
    const early = flowWith(fakeClient(SECRET, URI), { signal: AbortSignal.abort() });
    assert.equal(codeOf(mfa, () => early.back()), "invalid_state");
    await delay(0);
  });
}
