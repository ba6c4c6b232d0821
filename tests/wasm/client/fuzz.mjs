// Fuzzing what the client parses from an untrusted server and an untrusted caller (issue 13
// item 7), with fast-check (property-based: random inputs, shrunk to a minimal counterexample
// whose seed is printed on failure), in every engine, against the shipped package:
//   - answers: any status, any body (JSON or not), any `Date` and `Retry-After` header, through
//     the contract's answer checker and the error mapping;
//   - requests: any argument to any operation, through the contract's request checker.
// The rule: every outcome is a value or an `MfaError` (never a TypeError, a wasm trap or a hang),
// and what the client reports is well-formed: `retryAfterSeconds` a safe whole number of seconds
// (RFC 9110 10.2.3), `clockSkewSeconds` null or a finite number.
import fc from "fast-check";
import { assert, rejection } from "../support/assert.mjs";

const RUNS = 200;
const NULL_BODY = new Set([204, 205, 304]);

/** Requests the contract accepts, so that the answer is what decides the outcome. */
const VALID = [
  ["getStatus"],
  ["listFactors"],
  ["logout"],
  ["login", { email: "a@b.c", password: "pw" }],
  ["startChallenge", { method: "totp" }],
  ["verifyChallenge", { challengeId: "c1", code: "123456" }],
  ["recover", { code: "ABCD-EFGH-IJKL-MNOP" }],
  ["startTotpEnrollment", {}],
];

const header = fc.oneof(
  fc.string(),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constant(""),
);
const answer = fc.record({
  status: fc.integer({ min: 200, max: 599 }),
  body: fc.oneof(fc.json(), fc.string(), fc.constant("")),
  date: fc.option(header),
  retryAfter: fc.option(header),
});

/** Checks one outcome of a call: a value, or a well-formed MfaError. */
async function settle(mfa, client, call) {
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  if (error !== undefined) {
    assert.isTrue(mfa.isMfaError(error), `not an MfaError: ${error?.name}: ${error?.message}`);
    assert.isString(error.code);
    if (error.retryAfterSeconds !== undefined) {
      assert.isTrue(Number.isSafeInteger(error.retryAfterSeconds) && error.retryAfterSeconds >= 0, `retryAfterSeconds ${error.retryAfterSeconds}`);
    }
  }
  const skew = client.clockSkewSeconds;
  assert.isTrue(skew === null || Number.isFinite(skew), `clockSkewSeconds ${skew}`);
}

export default function define({ mfa, env }) {
  it("fuzz_any_answer_becomes_a_value_or_a_typed_error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...VALID), answer, async ([op, request], a) => {
        const headers = { "content-type": "application/json" };
        if (a.date !== null) headers.date = a.date;
        if (a.retryAfter !== null) headers["retry-after"] = a.retryAfter;
        const fetch = async () => new Response(NULL_BODY.has(a.status) ? null : a.body, { status: a.status, headers });
        const client = new mfa.MfaClient({ baseUrl: "https://stand-in.example", fetch });
        await settle(mfa, client, () => (request === undefined ? client[op]() : client[op](request)));
      }),
      { numRuns: RUNS },
    );
  });

  it("fuzz_any_request_is_sent_as_json_or_refused_typed", async () => {
    const ops = env.operations.filter((op) => typeof mfa.MfaClient.prototype[op] === "function");
    assert.isAtLeast(ops.length, 15, "the contract's operations are the client's methods");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ops), fc.anything(), async (op, request) => {
        const sent = [];
        const fetch = async (_url, init) => {
          sent.push(init.body);
          return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
        };
        const client = new mfa.MfaClient({ baseUrl: "https://stand-in.example", fetch });
        await settle(mfa, client, () => client[op](request));
        for (const body of sent) if (body !== undefined) JSON.parse(body);
      }),
      { numRuns: RUNS },
    );
  });

  it("fuzz_retry_after_http_dates_and_delays", async () => {
    // RFC 9110 10.2.3: delay-seconds or an HTTP-date; either becomes whole seconds from now.
    const rate = (value) => async () => new Response('{"code":"rate_limited","message":"x"}', { status: 429, headers: { "retry-after": value } });
    const future = new Date(Date.now() + 90_000).toUTCString();
    for (const [value, check] of [["120", (s) => s === 120], [future, (s) => s >= 88 && s <= 91], ["Thu, 01 Jan 1970 00:00:00 GMT", (s) => s === 0]]) {
      const err = await rejection(new mfa.MfaClient({ baseUrl: "https://x.example", fetch: rate(value) }).getStatus());
      assert.isTrue(check(err.retryAfterSeconds), `${value}: ${err.retryAfterSeconds}`);
    }
  });
}
