// The flows' passkey path with a stand-in client and a stand-in ceremony (the page's
// createPasskey/getPasskey): EnrollmentFlow's "webauthn" from the options to the recovery codes,
// ChallengeFlow's from the request options to signed_in, the ceremony's and the server's errors,
// expiry, and a flow without the ceremony option.
import { assert } from "../support/assert.mjs";
import { recorder, SECRET, URI } from "../support/dom.js";
import { answerWith, failWith, fakeClient, mfaError } from "../support/fake-client.js";

const seen = (listener) => listener.calls.map((s) => (s.pending ? `${s.state}/${s.pending}` : s.state));
const USER = { id: "u1", email: "alice@example.com", role: "member" };
const CREATION = { rp: { id: "localhost", name: "ACME" }, user: { id: "AA", name: "a", displayName: "a" }, challenge: "AA", pubKeyCredParams: [] };
const REQUEST = { challenge: "AQ", userVerification: "required" };
const CREDENTIAL = { id: "AQID", rawId: "AQID", type: "public-key", response: {}, clientExtensionResults: {} };

/** A ceremony stand-in recording [options, signal], answering `answer` (a function may throw). */
function ceremony(answer = () => CREDENTIAL) {
  const f = (options, callOptions) => {
    f.calls.push([options, callOptions?.signal]);
    return Promise.resolve().then(answer);
  };
  f.calls = [];
  return f;
}

function passkeyClient() {
  const client = fakeClient(SECRET, URI);
  answerWith(client, "startWebAuthnEnrollment", { enrollmentId: "e9", expiresAt: "2030-01-01T00:10:00Z", publicKey: CREATION });
  answerWith(client, "confirmWebAuthnEnrollment", { factor: { id: "f9", method: "webauthn", createdAt: "2030-01-01T00:00:00Z" }, recoveryCodes: ["AAAA-BBBB-CCCC-DDDD"], user: USER });
  answerWith(client, "startChallenge", { challengeId: "c9", method: "webauthn", expiresAt: "2030-01-01T00:10:00Z", publicKey: REQUEST });
  return client;
}

export default function define({ mfa }) {
  it("enrolment_webauthn_runs_the_ceremony_then_confirmed_with_recovery_codes", async () => {
    const client = passkeyClient();
    const create = ceremony();
    const flow = new mfa.EnrollmentFlow(client, { createPasskey: create });
    const listener = recorder();
    flow.subscribe(listener);
    assert.deepEqual([...flow.state.methods], ["totp", "sms", "webauthn"]);
    await flow.chooseMethod("webauthn");
    assert.deepEqual(seen(listener), ["choosing_method/create_passkey", "confirmed"]);
    assert.deepEqual([flow.state.method, [...flow.state.recoveryCodes], flow.state.factor.method], ["webauthn", ["AAAA-BBBB-CCCC-DDDD"], "webauthn"]);
    assert.deepEqual(client.calls.map(([n]) => n), ["startWebAuthnEnrollment", "confirmWebAuthnEnrollment"]);
    assert.deepEqual(client.calls[1][1], { enrollmentId: "e9", credential: CREDENTIAL });
    assert.deepEqual(create.calls[0][0], CREATION, "the server's options, as they came");
    assert.instanceOf(create.calls[0][1], AbortSignal, "the flow's signal reaches the ceremony");
    flow.acknowledgeRecoveryCodes();
    assert.equal(flow.state.state, "done");
  });

  it("enrolment_webauthn_errors_expiry_and_the_option", async () => {
    // The ceremony's error is the error on choosing_method; nothing is confirmed.
    const client = passkeyClient();
    const flow = new mfa.EnrollmentFlow(client, { createPasskey: ceremony(() => Promise.reject(mfaError("already_registered"))) });
    await flow.chooseMethod("webauthn");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "already_registered"]);
    assert.deepEqual(client.calls.map(([n]) => n), ["startWebAuthnEnrollment"]);
    // The server's: expired -> restart() runs it again.
    const expiring = passkeyClient();
    failWith(expiring, "confirmWebAuthnEnrollment", mfaError("challenge_expired", { status: 410 }));
    const again = new mfa.EnrollmentFlow(expiring, { createPasskey: ceremony() });
    await again.chooseMethod("webauthn");
    assert.deepEqual([again.state.state, again.state.method], ["expired", "webauthn"]);
    answerWith(expiring, "confirmWebAuthnEnrollment", { factor: { id: "f9", method: "webauthn", createdAt: "x" }, recoveryCodes: [], user: USER });
    await again.restart();
    assert.equal(again.state.state, "confirmed");
    // Without createPasskey, "webauthn" is not offered; asking only for it is invalid_input.
    const plain = new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { methods: ["totp", "webauthn"] });
    assert.deepEqual([...plain.state.methods], ["totp"]);
    const err = (() => { try { new mfa.EnrollmentFlow(fakeClient(SECRET, URI), { methods: ["webauthn"] }); } catch (e) { return e; } })();
    assert.deepEqual([err?.code, err?.field], ["invalid_input", "methods"]);
    const notFn = (() => { try { new mfa.EnrollmentFlow(passkeyClient(), { createPasskey: "yes" }); } catch (e) { return e; } })();
    assert.deepEqual([notFn?.code, notFn?.field], ["invalid_input", "createPasskey"]);
  });

  it("challenge_webauthn_waits_for_the_click_then_signs_in", async () => {
    const client = passkeyClient();
    answerWith(client, "login", { status: "mfa_required", methods: ["webauthn", "totp"] });
    const get = ceremony();
    const flow = new mfa.ChallengeFlow(client, { getPasskey: get });
    const listener = recorder();
    flow.subscribe(listener);
    await flow.signIn("alice@example.com", "right");
    assert.equal(flow.state.state, "choosing_method", "no ceremony without the person's click");
    assert.equal(get.calls.length, 0);
    await flow.chooseMethod("webauthn");
    assert.deepEqual(seen(listener).slice(-3), ["choosing_method", "choosing_method/passkey", "signed_in"]);
    assert.deepEqual([flow.state.method, flow.state.user.email], ["webauthn", "alice@example.com"]);
    assert.deepEqual(client.calls.map(([n, r]) => [n, r]).slice(1), [["startChallenge", { method: "webauthn" }], ["verifyChallenge", { challengeId: "c9", credential: CREDENTIAL }]]);
    assert.deepEqual(get.calls[0][0], REQUEST);
  });

  it("challenge_webauthn_errors_lockout_expiry_and_without_the_option", async () => {
    const setup = (get, methods = ["webauthn", "totp"]) => {
      const client = passkeyClient();
      answerWith(client, "login", { status: "mfa_required", methods });
      return { client, flow: new mfa.ChallengeFlow(client, get ? { getPasskey: get } : {}) };
    };
    let { flow } = setup(ceremony(() => Promise.reject(mfaError("cancelled"))));
    await flow.signIn("a", "b");
    await flow.chooseMethod("webauthn");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "cancelled"]);
    await flow.useRecoveryCode();
    assert.equal(flow.state.state, "entering_recovery_code", "a recovery code remains possible");

    let client;
    ({ client, flow } = setup(ceremony()));
    failWith(client, "verifyChallenge", mfaError("locked_out", { status: 429, until: "2030-01-01T00:15:00Z" }));
    await flow.signIn("a", "b");
    await flow.chooseMethod("webauthn");
    assert.deepEqual([flow.state.state, flow.state.until], ["locked_out", "2030-01-01T00:15:00Z"]);

    ({ client, flow } = setup(ceremony()));
    failWith(client, "verifyChallenge", mfaError("challenge_expired", { status: 410 }));
    await flow.signIn("a", "b");
    await flow.chooseMethod("webauthn");
    assert.deepEqual([flow.state.state, flow.state.method], ["expired", "webauthn"]);
    answerWith(client, "verifyChallenge", { user: USER });
    await flow.restart();
    assert.deepEqual([flow.state.state, flow.state.method], ["signed_in", "webauthn"]);

    ({ flow } = setup(undefined));
    await flow.signIn("a", "b");
    await flow.chooseMethod("webauthn");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "unsupported"]);
  });
}
