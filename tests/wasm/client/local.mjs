// What MfaClient decides without a server: its options, and requests refused locally before
// anything is sent. (Ported from tests/client/fixtures.rs.)
import { assert, rejection, thrown } from "../support/assert.mjs";
import { countingFetch, leaks } from "../support/client.js";

export default function define({ mfa }) {
  it("the_constructor_refuses_insecure_and_malformed_options", () => {
    const refused = (options) => {
      const err = thrown(() => new mfa.MfaClient(options));
      assert.isTrue(mfa.isMfaError(err));
      return [err.code, err.field ?? "", err.reason ?? ""];
    };
    assert.deepEqual(refused({ baseUrl: "http://example.com" }), ["invalid_input", "baseUrl", "insecure"]);
    assert.equal(refused({ baseUrl: "http://10.0.0.1:8080" })[2], "insecure");
    assert.equal(refused({ baseUrl: "ftp://example.com" })[2], "invalid_url");
    assert.equal(refused({})[1], "baseUrl");
    const https = "https://a.example";
    assert.equal(refused({ baseUrl: https, timeoutMs: 0 })[1], "timeoutMs");
    assert.equal(refused({ baseUrl: https, credentials: "sometimes" })[1], "credentials");
    assert.equal(refused({ baseUrl: https, fetch: "not a function" })[1], "fetch");
    assert.equal(refused({ baseUrl: https, headers: { "X-A": 1 } })[1], "headers");
    for (const ok of ["https://a.example", "http://127.0.0.1:8080", "http://localhost", "http://[::1]:3000/x", "/"]) {
      assert.instanceOf(new mfa.MfaClient({ baseUrl: ok }), mfa.MfaClient, ok);
    }
  });

  it("malformed_codes_never_reach_the_server", async () => {
    const fetch = countingFetch();
    const client = new mfa.MfaClient({ baseUrl: "https://never.example", fetch });
    const refusal = async (promise) => {
      const err = await rejection(promise);
      assert.isTrue(mfa.isMfaError(err), String(err));
      return err;
    };
    for (const [value, reason] of [["12345", "too_short"], ["1234567", "too_long"], ["12a456", "invalid_character"], ["", "empty"]]) {
      const err = await refusal(client.verifyChallenge({ challengeId: "c1", code: value }));
      assert.deepEqual([err.code, err.field, err.reason], ["invalid_input", "code", reason], value);
      assert.deepEqual(value ? leaks(err, value) : [], [], "the code is not in the error");
    }
    assert.equal((await refusal(client.recover({ code: "ABCD-EFGH" }))).reason, "too_short");
    assert.equal((await refusal(client.startSmsEnrollment({ phoneNumber: "555 0132" }))).reason, "missing_country_code");
    const proof = { proof: { method: "recovery_code", code: "nope" } };
    assert.equal((await refusal(client.changeMethod(proof))).field, "proof.code");
    // Contract violations are refused locally too: wrong types, unknown and missing fields.
    const unknown = await refusal(client.login({ email: "a@b.c", password: "p", admin: true }));
    assert.equal(unknown.reason, "unknown_field");
    assert.equal((await refusal(client.login({ email: "a@b.c" }))).field, "password");
    const wrongType = await refusal(client.login({ email: 1, password: "hunter2" }));
    assert.equal(wrongType.code, "invalid_input");
    assert.deepEqual(leaks(wrongType, "hunter2"), []);
    assert.strictEqual(fetch.calls, 0, "nothing was sent");
  });
}
