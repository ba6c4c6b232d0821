// The flows' passkey path with a stand-in client and a stand-in passkey step (the page's
// `passkeyEnrollment(client)` / `passkeySignIn(client)` of mfa-wasm/webauthn): EnrollmentFlow's
// "webauthn" to the recovery codes, ChallengeFlow's to signed_in, the step's errors (the
// ceremony's and the server's), expiry, lockout, and a flow without the option.
import { assert } from "../support/assert.mjs";
import { recorder, SECRET, URI } from "../support/dom.js";
import { answerWith, fakeClient, mfaError } from "../support/fake-client.js";

const seen = (listener) => listener.calls.map((s) => (s.pending ? `${s.state}/${s.pending}` : s.state));
const USER = { id: "u1", email: "alice@example.com", role: "member" };
const CONFIRMED = { factor: { id: "f9", method: "webauthn", createdAt: "2030-01-01T00:00:00Z" }, recoveryCodes: ["AAAA-BBBB-CCCC-DDDD"], user: USER };

/** A passkey step stand-in recording its signals, answering `answer` (a function may reject). */
function step(answer) {
  const f = (options) => {
    f.signals.push(options?.signal);
    return Promise.resolve().then(answer);
  };
  f.signals = [];
  return f;
}

export default function define({ mfa }) {
  it("enrolment_webauthn_runs_the_passkey_step_then_confirmed_with_recovery_codes", async () => {
    const passkey = step(() => CONFIRMED);
    const flow = new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { passkey });
    const listener = recorder();
    flow.subscribe(listener);
    assert.deepEqual([...flow.state.methods], ["totp", "sms", "webauthn"]);
    await flow.chooseMethod("webauthn");
    assert.deepEqual(seen(listener), ["choosing_method/create_passkey", "confirmed"]);
    assert.deepEqual([flow.state.method, [...flow.state.recoveryCodes], flow.state.factor.method], ["webauthn", ["AAAA-BBBB-CCCC-DDDD"], "webauthn"]);
    assert.instanceOf(passkey.signals[0], AbortSignal, "the flow's signal reaches the step (dispose() aborts it)");
    flow.acknowledgeRecoveryCodes();
    assert.equal(flow.state.state, "done");
  });

  it("enrolment_webauthn_errors_expiry_and_the_option", async () => {
    // The ceremony's error is the error on choosing_method.
    const refused = new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { passkey: step(() => Promise.reject(mfaError("already_registered"))) });
    await refused.chooseMethod("webauthn");
    assert.deepEqual([refused.state.state, refused.state.error.code], ["choosing_method", "already_registered"]);
    // The server's: expired, then restart() runs the step again.
    let calls = 0;
    const expiring = step(() => (++calls === 1 ? Promise.reject(mfaError("challenge_expired", { status: 410 })) : CONFIRMED));
    const again = new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { passkey: expiring });
    await again.chooseMethod("webauthn");
    assert.deepEqual([again.state.state, again.state.method], ["expired", "webauthn"]);
    await again.restart();
    assert.equal(again.state.state, "confirmed");
    // Without the option, "webauthn" is not offered; asking only for it is invalid_input.
    const plain = new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { methods: ["totp", "webauthn"] });
    assert.deepEqual([...plain.state.methods], ["totp"]);
    const thrown = (f) => { try { f(); } catch (e) { return e; } return null; };
    const only = thrown(() => new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { methods: ["webauthn"] }));
    assert.deepEqual([only?.code, only?.field], ["invalid_input", "methods"]);
    const notFn = thrown(() => new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { passkey: "yes" }));
    assert.deepEqual([notFn?.code, notFn?.field], ["invalid_input", "passkey"]);
  });

  it("challenge_webauthn_waits_for_the_click_then_signs_in", async () => {
    const client = fakeClient(SECRET, URI);
    answerWith(client, "login", { status: "mfa_required", methods: ["webauthn", "totp"] });
    const passkey = step(() => ({ user: USER }));
    const flow = new mfa.ChallengeFlow(client, { passkey });
    const listener = recorder();
    flow.subscribe(listener);
    await flow.signIn("alice@example.com", "right");
    assert.equal(flow.state.state, "choosing_method", "no ceremony without the person's click");
    assert.equal(passkey.signals.length, 0);
    await flow.chooseMethod("webauthn");
    assert.deepEqual(seen(listener).slice(-3), ["choosing_method", "choosing_method/passkey", "signed_in"]);
    assert.deepEqual([flow.state.method, flow.state.user.email], ["webauthn", "alice@example.com"]);
    assert.instanceOf(passkey.signals[0], AbortSignal);
    assert.deepEqual(client.calls.map(([n]) => n), ["login"], "the step makes the WebAuthn calls itself");
  });

  it("challenge_webauthn_errors_lockout_expiry_and_without_the_option", async () => {
    const signedIn = async (passkey) => {
      const client = fakeClient(SECRET, URI);
      answerWith(client, "login", { status: "mfa_required", methods: ["webauthn", "totp"] });
      const flow = new mfa.ChallengeFlow(client, passkey ? { passkey } : {});
      await flow.signIn("a", "b");
      await flow.chooseMethod("webauthn");
      return flow;
    };
    let flow = await signedIn(step(() => Promise.reject(mfaError("cancelled"))));
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "cancelled"]);
    flow.useRecoveryCode();
    assert.equal(flow.state.state, "entering_recovery_code", "a recovery code remains possible");

    flow = await signedIn(step(() => Promise.reject(mfaError("locked_out", { status: 429, until: "2030-01-01T00:15:00Z" }))));
    assert.deepEqual([flow.state.state, flow.state.until], ["locked_out", "2030-01-01T00:15:00Z"]);

    let calls = 0;
    flow = await signedIn(step(() => (++calls === 1 ? Promise.reject(mfaError("challenge_expired", { status: 410 })) : { user: USER })));
    assert.deepEqual([flow.state.state, flow.state.method], ["expired", "webauthn"]);
    await flow.restart();
    assert.deepEqual([flow.state.state, flow.state.method], ["signed_in", "webauthn"]);

    flow = await signedIn(undefined);
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "unsupported"]);
  });
}
