// A stand-in for MfaClient's enrolment methods, recording every request, for EnrollmentFlow's
// transitions without a server.
// (`.js`, not `.mjs`: tests/ui imports this file too, and wasm-bindgen-test's server serves
// only `.js` as JavaScript.)

/** An Error shaped as an MfaError with `code`, as a client would reject with. */
export function mfaError(code) {
  const e = new Error("fake");
  e.name = "MfaError";
  e.code = code;
  return e;
}

/**
 * A client whose `startTotpEnrollment` answers `secret` and `uri` (and `key`: algorithm,
 * digits and period, SHA1/6/30 by default); `calls` holds [operation, request] pairs and
 * `skew` is device minus server time in seconds.
 */
export function fakeClient(secret, uri, key = {}) {
  const { algorithm = "SHA1", digits = 6, period = 30 } = key;
  const calls = [];
  const client = { calls, skew: 0 };
  const record = (name, answer) => (req) => {
    calls.push([name, req]);
    return Promise.resolve(answer());
  };
  const sent = () => ({
    challengeId: `c${calls.length}`,
    phoneHint: "+1•••••••0132",
    expiresAt: "2030-01-01T00:10:00Z",
    resendAfterSeconds: 30,
  });
  const confirmed = () => ({
    factor: { id: "f1", method: "totp", createdAt: "2030-01-01T00:00:00Z" },
    recoveryCodes: ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"],
    user: { id: "u1", email: "alice@example.com" },
  });
  client.serverTime = () => Date.now() / 1000 - client.skew;
  client.startTotpEnrollment = record("startTotpEnrollment", () => ({
    enrollmentId: "e1",
    secret,
    otpauthUri: uri,
    algorithm,
    digits,
    period,
    expiresAt: "2030-01-01T00:10:00Z",
  }));
  client.confirmTotpEnrollment = record("confirmTotpEnrollment", confirmed);
  client.startSmsEnrollment = record("startSmsEnrollment", sent);
  client.resendSms = record("resendSms", sent);
  client.confirmSmsEnrollment = record("confirmSmsEnrollment", confirmed);
  return client;
}

/** Makes `client[method]` reject with `error`. */
export function failWith(client, method, error) {
  client[method] = () => Promise.reject(error);
}

/** [operation, request] pairs the fake client saw. */
export const requests = (client) => client.calls;
