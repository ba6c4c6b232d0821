// A stand-in for MfaClient's methods, recording every request and the signal it came with, for
// the flows' transitions without a server. Each method answers as the contract says unless the
// test makes it reject (`failWith`) or answer something else (`answerWith`).
// (`.js`, not `.mjs`: tests/ui imports this file too, and wasm-bindgen-test's server serves
// only `.js` as JavaScript.)

/** An Error shaped as an MfaError with `code` (and `details`), as a client would reject with. */
export function mfaError(code, details = {}) {
  const e = new Error("fake");
  e.name = "MfaError";
  e.code = code;
  return Object.assign(e, details);
}

const USER = { id: "u1", email: "alice@example.com", role: "member" };

/**
 * A client whose `startTotpEnrollment` answers `secret` and `uri` (and `key`: algorithm,
 * digits and period, SHA1/6/30 by default); `calls` holds [operation, request, signal] triples,
 * `skew` is device minus server time in seconds, `resendAfterSeconds` what SMS answers say.
 */
export function fakeClient(secret, uri, key = {}) {
  const { algorithm = "SHA1", digits = 6, period = 30 } = key;
  const calls = [];
  const client = { calls, skew: 0, resendAfterSeconds: 30, clockSkewSeconds: null };
  const record = (name, answer) => (req, options) => {
    // Operations without a request body take the options first.
    const [request, signal] = name === "getStatus" ? [undefined, req?.signal] : [req, options?.signal];
    calls.push([name, request, signal]);
    return Promise.resolve(answer(request));
  };
  const sent = () => ({
    challengeId: `c${calls.length}`,
    phoneHint: "+1•••••••0132",
    expiresAt: "2030-01-01T00:10:00Z",
    resendAfterSeconds: client.resendAfterSeconds,
  });
  const confirmed = () => ({
    factor: { id: "f1", method: "totp", createdAt: "2030-01-01T00:00:00Z" },
    recoveryCodes: ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"],
    user: USER,
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
  // Sign-in: a password for an account with TOTP and SMS, unless a test says otherwise.
  client.login = record("login", () => ({ status: "mfa_required", methods: ["totp", "sms"] }));
  client.getStatus = record("getStatus", () => ({ session: "mfa_required", user: USER, factors: [{ id: "f1", method: "totp", createdAt: "2030-01-01T00:00:00Z" }], recoveryCodesRemaining: 10, enrollmentRequired: false, org: { name: "ACME", requireMfa: true, sso: false } }));
  client.startChallenge = record("startChallenge", (req) =>
    req.method === "sms" ? { ...sent(), method: "sms" } : { challengeId: `c${calls.length}`, method: req.method, expiresAt: "2030-01-01T00:10:00Z" },
  );
  client.verifyChallenge = record("verifyChallenge", () => ({ user: USER }));
  client.recover = record("recover", () => ({ user: USER, recoveryCodesRemaining: 9, enrollmentRequired: false }));
  return client;
}

/** Makes `client[method]` reject with `error` (recording the call). */
export function failWith(client, method, error) {
  client[method] = (req, options) => {
    client.calls.push([method, req, options?.signal]);
    return Promise.reject(error);
  };
}

/** Makes `client[method]` answer `answer` (recording the call). */
export function answerWith(client, method, answer) {
  client[method] = (req, options) => {
    client.calls.push([method, req, options?.signal]);
    return Promise.resolve(answer);
  };
}

/** Makes `client[method]` wait until its signal aborts, then reject with `aborted` (recording the call). */
export function hang(client, method) {
  client[method] = (req, options) => {
    client.calls.push([method, req, options?.signal]);
    return new Promise((_, reject) => options?.signal?.addEventListener("abort", () => reject(mfaError("aborted"))));
  };
}

/** [operation, request, signal] triples the fake client saw. */
export const requests = (client) => client.calls;
