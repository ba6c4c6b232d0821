// What MfaClient decides without a server: its options, and requests refused locally before
// anything is sent. (Ported from tests/client/fixtures.rs.)
import { assert, rejection, thrown } from "../support/assert.mjs";
import { countingFetch, leaks } from "../support/client.js";

export default function define({ mfa, env }) {
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
    // The four refusals of the baseUrl rule (docs/security.md, "Where the client sends codes"):
    // another host to the URL parser, whitespace or control characters, user info on loopback.
    for (const [url, reason] of [
      ["//evil.example", "invalid_url"],
      ["/\\evil.example", "invalid_url"],
      ["/\t/evil.example", "invalid_url"],
      [" https://a.example", "invalid_url"],
      ["https://a.example/\u0000", "invalid_url"],
      ["http://[::1]@evil.example", "insecure"],
      ["http://127.0.0.1@evil.example", "insecure"],
    ]) {
      assert.deepEqual(refused({ baseUrl: url }), ["invalid_input", "baseUrl", reason], JSON.stringify(url));
    }
    assert.deepEqual(refused({ baseUrl: https, timeoutMs: 1.5 }), ["invalid_input", "timeoutMs", "out_of_range"]);
    assert.deepEqual(refused({ baseUrl: https, timeoutMs: "5" }), ["invalid_input", "timeoutMs", "invalid_type"]);
    assert.deepEqual(refused({ baseUrl: https, credentials: 1 }), ["invalid_input", "credentials", "invalid_type"]);
    assert.deepEqual(refused({ baseUrl: https, baseURL: https }), ["invalid_input", "baseURL", "unknown_field"]);
    assert.deepEqual(refused("https://a.example"), ["invalid_input", "options", "invalid_type"]);
    for (const ok of ["https://a.example", "http://127.0.0.1:8080", "http://localhost", "http://[::1]:3000/x", "/"]) {
      assert.instanceOf(new mfa.MfaClient({ baseUrl: ok }), mfa.MfaClient, ok);
    }
  });

  it("every_error_code_of_the_contract_arrives_typed", async () => {
    // A stand-in fetch answers each code of the contract's `ErrorCode` enum (read by the runner
    // from api/openapi.json) with the contract's error body at a 4xx: the error has that code
    // (the server's `internal` is `server`) and the status; never `server` or `protocol` for 4xx.
    assert.isAtLeast(env.errorCodes.length, 18);
    for (const code of env.errorCodes) {
      for (const status of [400, 404, 409, 429]) {
        const fetch = async () => new Response(JSON.stringify({ code, message: "from the stand-in" }), { status, headers: { "content-type": "application/json" } });
        const client = new mfa.MfaClient({ baseUrl: "https://stand-in.example", fetch });
        const err = await rejection(client.getStatus());
        assert.isTrue(mfa.isMfaError(err), String(err));
        assert.deepEqual([err.code, err.status], [code === "internal" ? "server" : code, status], `${code} at ${status}`);
        assert.notInclude(err.message, "from the stand-in", "the server's message is not passed on");
        if (code === "invalid_input") assert.deepEqual([err.field, err.reason], ["body", "invalid_value"]);
      }
    }
    // Outside the contract: a code it does not have is classified by status alone.
    const odd = new mfa.MfaClient({ baseUrl: "https://stand-in.example", fetch: async () => new Response('{"code":"teapot","message":"x"}', { status: 418 }) });
    assert.equal((await rejection(odd.getStatus())).code, "protocol");
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
    // Every local refusal names the field and why; a missing field is `missing_field`.
    const missing = await refusal(client.verifyChallenge({ code: "123456" }));
    assert.deepEqual([missing.code, missing.field, missing.reason], ["invalid_input", "challengeId", "missing_field"]);
    const notObject = await refusal(client.login("alice"));
    assert.deepEqual([notObject.field, notObject.reason], ["request", "invalid_type"]);
    const badSignal = await refusal(client.getStatus({ signal: "stop" }));
    assert.deepEqual([badSignal.field, badSignal.reason], ["signal", "invalid_type"]);
    assert.strictEqual(fetch.calls, 0, "nothing was sent");
  });
}
