// The ceremonies: every DOMException name mapped to its MfaError code, one pending ceremony at
// a time (a new one aborts it), the caller's signal, with a stubbed navigator.credentials.
import { assert, rejectedCode } from "../support/assert.mjs";
import { assertion, creation, newCredential, request, withWebAuthn } from "../support/credentials.js";

const refusing = (name) => () => Promise.reject(new DOMException("the browser's words", name));

/** A ceremony that waits until its signal aborts, then rejects as browsers do. */
const waiting = () => (options) =>
  new Promise((_, reject) => options.signal.addEventListener("abort", () => reject(new DOMException("", "AbortError"))));

export default function define({ mfa }) {
  it("dom_exception_names_map_to_typed_codes", async () => {
    for (const [name, created, got] of [
      ["NotAllowedError", "cancelled", "cancelled"],
      ["InvalidStateError", "already_registered", "cancelled"],
      ["SecurityError", "security", "security"],
      ["NotSupportedError", "unsupported", "unsupported"],
      ["ConstraintError", "unsupported", "unsupported"],
      ["AbortError", "aborted", "aborted"],
      ["UnknownError", "not_allowed", "not_allowed"],
    ]) {
      const stubs = { create: refusing(name), get: refusing(name) };
      assert.equal(await withWebAuthn(stubs, () => rejectedCode(mfa, mfa.createPasskey(creation()))), created, `create: ${name}`);
      assert.equal(await withWebAuthn(stubs, () => rejectedCode(mfa, mfa.getPasskey(request()))), got, `get: ${name}`);
    }
    const none = { create: () => Promise.resolve(null), get: () => Promise.resolve(null) };
    assert.equal(await withWebAuthn(none, () => rejectedCode(mfa, mfa.createPasskey(creation()))), "cancelled", "no credential");
  });

  it("a_new_ceremony_aborts_the_pending_one", async () => {
    let calls = 0;
    const get = (options) => (++calls === 1 ? waiting()(options) : Promise.resolve(assertion()));
    await withWebAuthn({ get, create: () => Promise.resolve(newCredential()) }, async () => {
      const first = mfa.getPasskey(request());
      const second = mfa.getPasskey(request());
      assert.equal(await rejectedCode(mfa, first), "aborted");
      assert.equal((await second).id, "AQID");
      // A registration after a sign-in that is still pending aborts it too.
      calls = 0;
      const pending = mfa.getPasskey(request());
      const created = await mfa.createPasskey(creation());
      assert.equal(created.type, "public-key");
      assert.equal(await rejectedCode(mfa, pending), "aborted");
    });
  });

  it("the_callers_signal_aborts_the_ceremony", async () => {
    let called = false;
    await withWebAuthn({ create: (o) => ((called = true), waiting()(o)), get: waiting() }, async () => {
      const abort = new AbortController();
      const pending = mfa.createPasskey(creation(), { signal: abort.signal });
      abort.abort();
      assert.equal(await rejectedCode(mfa, pending), "aborted");
      assert.isTrue(called);
      called = false;
      assert.equal(await rejectedCode(mfa, mfa.createPasskey(creation(), { signal: abort.signal })), "aborted");
      assert.isFalse(called, "an aborted signal never starts the ceremony");
      const err = await mfa.getPasskey(request(), { signal: "no" }).catch((e) => e);
      assert.deepEqual([err.code, err.field], ["invalid_input", "signal"]);
      const unknown = await mfa.getPasskey(request(), { signl: abort.signal }).catch((e) => e);
      assert.deepEqual([unknown.code, unknown.reason], ["invalid_input", "unknown_field"]);
    });
  });
}
