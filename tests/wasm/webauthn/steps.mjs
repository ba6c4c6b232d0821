// passkeyEnrollment and passkeySignIn: the server's options, the ceremony (a stubbed
// navigator.credentials) and the server's verdict, with a stand-in client recording the calls.
import { assert, rejectedCode } from "../support/assert.mjs";
import { assertion, creation, newCredential, request, withWebAuthn } from "../support/credentials.js";

function client(answers) {
  const calls = [];
  const c = { calls };
  for (const [name, answer] of Object.entries(answers)) {
    c[name] = (req, options) => {
      // Operations without a request body take the options first.
      const [request, signal] = name === "startWebAuthnEnrollment" ? [undefined, req?.signal] : [req, options?.signal];
      calls.push([name, request, signal]);
      return typeof answer === "function" ? answer() : Promise.resolve(answer);
    };
  }
  return c;
}

export default function define({ mfa }) {
  it("passkey_enrollment_starts_creates_and_confirms", async () => {
    const c = client({ startWebAuthnEnrollment: { enrollmentId: "e1", expiresAt: "x", publicKey: creation() }, confirmWebAuthnEnrollment: { recoveryCodes: [] } });
    const abort = new AbortController();
    const confirmed = await withWebAuthn({ create: () => Promise.resolve(newCredential()) }, () => mfa.passkeyEnrollment(c)({ signal: abort.signal }));
    assert.deepEqual(confirmed, { recoveryCodes: [] });
    assert.deepEqual(c.calls.map(([n]) => n), ["startWebAuthnEnrollment", "confirmWebAuthnEnrollment"]);
    const [, confirm, signal] = c.calls[1];
    assert.deepEqual([confirm.enrollmentId, confirm.credential.id, confirm.credential.response.attestationObject], ["e1", "AQID", "o2M"]);
    assert.strictEqual(signal, abort.signal, "the caller's signal reaches every call");
    // An answer without options is a protocol error; a refused ceremony is its code, nothing confirmed.
    const bare = client({ startWebAuthnEnrollment: { enrollmentId: "e1" }, confirmWebAuthnEnrollment: {} });
    assert.equal(await rejectedCode(mfa, mfa.passkeyEnrollment(bare)()), "protocol");
    const refused = client({ startWebAuthnEnrollment: { enrollmentId: "e1", publicKey: creation() }, confirmWebAuthnEnrollment: {} });
    const code = await withWebAuthn({ create: () => Promise.reject(new DOMException("", "InvalidStateError")) }, () => rejectedCode(mfa, mfa.passkeyEnrollment(refused)()));
    assert.equal(code, "already_registered");
    assert.deepEqual(refused.calls.map(([n]) => n), ["startWebAuthnEnrollment"]);
  });

  it("passkey_sign_in_starts_gets_and_verifies", async () => {
    const c = client({ startChallenge: { challengeId: "c7", method: "webauthn", expiresAt: "x", publicKey: request() }, verifyChallenge: { user: { id: "u" } } });
    const done = await withWebAuthn({ get: () => Promise.resolve(assertion()) }, () => mfa.passkeySignIn(c)());
    assert.deepEqual(done, { user: { id: "u" } });
    assert.deepEqual(c.calls[0][1], { method: "webauthn" });
    assert.deepEqual([c.calls[1][1].challengeId, c.calls[1][1].credential.response.authenticatorData], ["c7", "Bw"]);
  });
}
