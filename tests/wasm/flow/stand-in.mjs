// EnrollmentFlow with a stand-in client: transitions, the local self-check, errors, listeners.
// The flow touches no DOM, so it runs in every engine. (Ported from tests/ui/flow.rs.)
import { assert, codeOf, fieldOf, rejectedCode, rejectedField } from "../support/assert.mjs";
import { CODES, recorder, SECRET, URI } from "../support/dom.js";
import { failWith, fakeClient, mfaError } from "../support/fake-client.js";
import { oracleCode, spaced, wrongCode } from "../support/oracle.mjs";

/** The code of SECRET at the device's time plus `steps` periods. */
const codeNow = (steps = 0) => oracleCode({ secret: SECRET }, Date.now() / 1000 + 30 * steps);
/** The names of the states a listener saw. */
const seen = (listener) => listener.calls.map((s) => s.state);

export default function define({ mfa }) {
  const flowWith = (client) => new mfa.EnrollmentFlow(client, { account: "alice@example.com" });

  it("flow_totp_self_checks_then_confirms_and_drops_the_codes", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    const listener = recorder();
    flow.subscribe(listener);
    assert.equal(flow.state.state, "choosing_method");
    await flow.chooseMethod("totp");
    const qr = flow.state;
    assert.deepEqual(seen(listener), ["pending", "showing_qr"]);
    assert.strictEqual(flow.state, qr, "the same object until the next transition");
    assert.isTrue(Object.isFrozen(qr));
    assert.deepEqual([qr.secret, qr.formattedSecret], [SECRET, "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"]);
    assert.isTrue(qr.qrSvg.startsWith("<svg"));
    assert.equal(qr.otpauthUri, URI);
    assert.deepEqual([qr.issuer, qr.account, qr.period, qr.digits], ["ACME Co", "alice@example.com", 30, 6]);

    await flow.submitCode(wrongCode({ secret: SECRET }, Date.now() / 1000, 10));
    const error = flow.state;
    assert.deepEqual([error.state, error.from, error.error.code], ["error", "showing_qr", "invalid_code"]);
    assert.strictEqual(error.error.clockSkewSuspected, false);
    assert.lengthOf(client.calls, 1, "a wrong code is not sent");
    await flow.retry();
    assert.strictEqual(flow.state, qr, "back to the same QR code");

    const code = codeNow();
    await flow.submitCode(spaced(code));
    assert.deepEqual(seen(listener), ["pending", "showing_qr", "error", "showing_qr", "confirming", "confirmed"]);
    const [name, request] = client.calls.at(-1);
    assert.deepEqual([name, request.enrollmentId, request.code], ["confirmTotpEnrollment", "e1", code]);
    const confirmed = flow.state;
    assert.deepEqual([...confirmed.recoveryCodes], CODES);
    assert.isTrue(Object.isFrozen(confirmed.recoveryCodes));
    assert.equal(confirmed.issuer, "ACME Co");
    flow.acknowledgeRecoveryCodes();
    const done = flow.state;
    assert.deepEqual([done.state, done.method, done.factor.id], ["done", "totp", "f1"]);
    assert.isUndefined(done.recoveryCodes, "the codes are dropped");
  });

  it("flow_sms_checks_the_number_sends_resends_and_confirms", async () => {
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    await flow.chooseMethod("sms");
    assert.equal(flow.state.state, "entering_phone");
    await flow.submitPhone("415 555 0132");
    const { error } = flow.state;
    assert.deepEqual([error.code, error.field, error.reason], ["invalid_input", "phoneNumber", "missing_country_code"]);
    assert.notInclude(error.message, "415");
    await flow.retry();
    await flow.submitPhone("+1 (415) 555-0132");
    const sent = flow.state;
    assert.deepEqual([sent.state, sent.phoneHint], ["code_sent", "+1•••••••0132"]);
    const available = sent.resendAvailableAt - Date.now() / 1000;
    assert.isTrue(available >= 29 && available <= 31, String(available));
    assert.equal(client.calls[0][1].phoneNumber, "+14155550132");
    await flow.resend();
    assert.deepEqual([client.calls.at(-1)[0], client.calls.at(-1)[1].challengeId], ["resendSms", "c1"]);
    await flow.submitCode("１２３ ４５６");
    const [name, request] = client.calls.at(-1);
    assert.deepEqual([name, request.challengeId, request.code], ["confirmSmsEnrollment", "c2", "123456"]);
    assert.deepEqual([flow.state.state, flow.state.account], ["confirmed", "alice@example.com"]);
  });

  it("flow_refuses_actions_out_of_turn_and_bad_arguments", async () => {
    const flow = flowWith(fakeClient(SECRET, URI));
    assert.equal(await rejectedCode(mfa, flow.submitCode("123456")), "invalid_state");
    assert.equal(await rejectedCode(mfa, flow.resend()), "invalid_state");
    assert.equal(await rejectedCode(mfa, flow.retry()), "invalid_state");
    assert.equal(codeOf(mfa, () => flow.back()), "invalid_state");
    assert.equal(codeOf(mfa, () => flow.acknowledgeRecoveryCodes()), "invalid_state");
    assert.equal(await rejectedField(flow.chooseMethod("email")), "method");
    // While the request is in flight (nothing awaited in between): a double click, and back().
    const pending = flow.chooseMethod("totp");
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

  it("flow_turns_every_failure_into_the_error_state", async () => {
    // A server error keeps the state to return to; an expired enrolment starts again.
    const client = fakeClient(SECRET, URI);
    const flow = flowWith(client);
    await flow.chooseMethod("totp");
    failWith(client, "confirmTotpEnrollment", mfaError("challenge_expired"));
    await flow.submitCode(codeNow());
    const error = flow.state;
    assert.deepEqual([error.error.code, error.from, error.method], ["challenge_expired", "showing_qr", "totp"]);
    await flow.retry();
    assert.equal(flow.state.state, "showing_qr");
    assert.lengthOf(client.calls.filter(([n]) => n === "startTotpEnrollment"), 2);

    // A device clock 5 steps off: the self-check says so, and nothing is sent.
    const before = client.calls.length;
    await flow.submitCode(codeNow(-5));
    assert.strictEqual(flow.state.error.clockSkewSuspected, true);
    assert.lengthOf(client.calls, before);
    flow.back();

    // Something that is not an MfaError is wrapped; a contract mismatch is `protocol`.
    const boom = new Error("boom");
    failWith(client, "startTotpEnrollment", boom);
    await flow.chooseMethod("totp");
    assert.deepEqual([flow.state.error.code, flow.state.error.cause], ["protocol", boom]);
    flow.back();
    const other = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME";
    const liar = flowWith(fakeClient(SECRET, other));
    await liar.chooseMethod("totp");
    assert.equal(liar.state.error.code, "protocol", "the QR code and the secret disagree");
    assert.equal(liar.state.from, "choosing_method");
  });

  it("flow_unsubscribe_and_free_stop_the_notifications", async () => {
    const flow = flowWith(fakeClient(SECRET, URI));
    const listener = recorder();
    const unsubscribe = flow.subscribe(listener);
    await flow.chooseMethod("sms");
    unsubscribe();
    unsubscribe(); // twice is fine
    flow.back();
    assert.deepEqual(seen(listener), ["entering_phone"]);

    // free(): the listeners go at once; a request in flight settles unseen.
    const freed = flowWith(fakeClient(SECRET, URI));
    const other = recorder();
    freed.subscribe(other);
    const pending = freed.chooseMethod("totp");
    freed.free();
    await pending;
    assert.deepEqual(seen(other), ["pending"]);
  });
}
