// ChallengeFlow with a stand-in client: each state of sign-in (password, method choice, code,
// SMS with its resend cool-down, recovery code, expiry, lockout with its end, the SSO hand-off,
// forced enrolment, signed in), errors that clear on the next change, one pending call at a
// time, dispose() and the signal.
import { assert, codeOf, fieldOf, rejectedCode, rejectedField } from "../support/assert.mjs";
import { recorder, SECRET, URI } from "../support/dom.js";
import { answerWith, failWith, fakeClient, hang, mfaError } from "../support/fake-client.js";
import { until } from "../support/wait.js";

const seen = (listener) => listener.calls.map((s) => (s.pending ? `${s.state}/${s.pending}` : s.state));
const USER = { id: "u1", email: "alice@example.com", role: "member" };

export default function define({ mfa }) {
  const setup = () => {
    const client = fakeClient(SECRET, URI);
    const flow = new mfa.ChallengeFlow(client);
    const listener = recorder();
    flow.subscribe(listener);
    return { client, flow, listener };
  };

  it("challenge_entering_password_then_entering_code_then_signed_in", async () => {
    const { client, flow, listener } = setup();
    assert.equal(flow.state.state, "entering_password");
    assert.isTrue(Object.isFrozen(flow.state));
    // A wrong password: the error on the same screen.
    failWith(client, "login", mfaError("invalid_credentials", { status: 401 }));
    await flow.signIn("alice@example.com", "wrong");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["entering_password", "invalid_credentials"]);
    answerWith(client, "login", { status: "mfa_required", methods: ["totp", "sms"] });
    await flow.signIn("alice@example.com", "right");
    // mfa_required: the preferred method's challenge starts at once.
    assert.deepEqual(seen(listener), ["entering_password/sign_in", "entering_password", "entering_password/sign_in", "choosing_method", "choosing_method/start_challenge", "entering_code"]);
    const code = flow.state;
    assert.deepEqual([code.method, [...code.methods], code.digits, code.canResend, code.lastAttempt], ["totp", ["totp", "sms"], 6, false, false]);
    assert.notProperty(code, "error");
    assert.deepEqual(client.calls.map(([n]) => n), ["login", "login", "startChallenge"]);
    assert.deepEqual(client.calls[1][1], { email: "alice@example.com", password: "right" });
    // Malformed: refused locally with the reason, nothing sent.
    await flow.submitCode("12 34");
    assert.deepEqual([flow.state.error.code, flow.state.error.field, flow.state.error.reason], ["invalid_input", "code", "too_short"]);
    assert.lengthOf(client.calls, 3);
    // Wrong: the attempts left, then the last-attempt warning.
    failWith(client, "verifyChallenge", mfaError("invalid_code", { status: 401, attemptsRemaining: 2 }));
    await flow.submitCode("111111");
    assert.deepEqual([flow.state.error.code, flow.state.attemptsRemaining, flow.state.lastAttempt], ["invalid_code", 2, false]);
    failWith(client, "verifyChallenge", mfaError("invalid_code", { status: 401, attemptsRemaining: 1 }));
    await flow.submitCode("222222");
    assert.deepEqual([flow.state.attemptsRemaining, flow.state.lastAttempt], [1, true]);
    answerWith(client, "verifyChallenge", { user: USER });
    const verifying = flow.submitCode("１２３ ４５６");
    assert.deepEqual([flow.state.pending, flow.state.attemptsRemaining, flow.state.error], ["verify", 1, undefined], "the error clears, the count stays");
    assert.equal(await rejectedCode(mfa, flow.submitCode("123456")), "invalid_state", "one pending call at a time");
    await verifying;
    const [name, request] = client.calls.at(-1);
    assert.deepEqual([name, request.challengeId, request.code], ["verifyChallenge", "c3", "123456"], "the challenge startChallenge answered");
    assert.deepEqual([flow.state.state, flow.state.method, flow.state.user.email], ["signed_in", "totp", "alice@example.com"]);
    assert.isUndefined(flow.state.offerRegeneration, "only after a recovery code");
  });

  it("challenge_choosing_method_and_sms_with_the_resend_cool_down", async () => {
    const { client, flow } = setup();
    client.resendAfterSeconds = 1;
    await flow.signIn("alice@example.com", "pw");
    flow.useAnotherMethod();
    assert.deepEqual([flow.state.state, [...flow.state.methods]], ["choosing_method", ["totp", "sms"]]);
    assert.equal(await rejectedField(flow.chooseMethod("email")), "method");
    await flow.chooseMethod("sms");
    const sms = flow.state;
    assert.deepEqual([sms.state, sms.method, sms.phoneHint, sms.resendAfterSeconds, sms.canResend], ["entering_code", "sms", "+1•••••••0132", 1, false]);
    assert.deepEqual(client.calls.at(-1)[1], { method: "sms" });
    assert.equal(await rejectedCode(mfa, flow.resend()), "invalid_state", "not before the cool-down");
    await until(() => flow.state.canResend === true, "canResend after resendAfterSeconds");
    await flow.resend();
    const resentId = client.calls.at(-1)[1].challengeId;
    assert.deepEqual([client.calls.at(-1)[0], flow.state.canResend], ["resendSms", false]);
    await flow.submitCode("654321");
    const [name, request] = client.calls.at(-1);
    assert.deepEqual([name, request.code], ["verifyChallenge", "654321"]);
    assert.notEqual(request.challengeId, resentId, "the resent code's challenge");
    assert.deepEqual([flow.state.state, flow.state.method], ["signed_in", "sms"]);
    // Resend is only for SMS.
    const totp = setup();
    await totp.flow.signIn("a@b.c", "pw");
    assert.equal(await rejectedCode(mfa, totp.flow.resend()), "invalid_state");
  });

  it("challenge_entering_recovery_code_then_signed_in_with_codes_left", async () => {
    const { client, flow } = setup();
    await flow.signIn("alice@example.com", "pw");
    flow.useRecoveryCode();
    assert.deepEqual([flow.state.state, flow.state.lastAttempt], ["entering_recovery_code", false]);
    await flow.submitRecoveryCode("ABCD-EFGH");
    assert.deepEqual([flow.state.error.field, flow.state.error.reason], ["code", "too_short"]);
    assert.notEqual(client.calls.at(-1)[0], "recover", "a malformed code is not sent");
    await flow.submitRecoveryCode("abcd efgh ijkl mn0p");
    assert.deepEqual(client.calls.at(-1)[1], { code: "ABCD-EFGH-IJKL-MNOP" });
    assert.deepEqual([flow.state.state, flow.state.method, flow.state.recoveryCodesRemaining], ["signed_in", "recovery_code", 9]);
    assert.strictEqual(flow.state.offerRegeneration, true, "a recovery-code sign-in offers new codes");
    // The last code: a new enrolment is required; back from the recovery code works too.
    const last = setup();
    await last.flow.signIn("a@b.c", "pw");
    last.flow.useRecoveryCode();
    last.flow.useAnotherMethod();
    assert.equal(last.flow.state.state, "choosing_method");
    last.flow.useRecoveryCode();
    answerWith(last.client, "recover", { user: USER, recoveryCodesRemaining: 0, enrollmentRequired: true });
    await last.flow.submitRecoveryCode("ABCD-EFGH-IJKL-MNOP");
    assert.deepEqual([last.flow.state.state, last.flow.state.reason], ["enrollment_required", "recovery_codes_used"]);
  });

  it("challenge_expired_then_restart", async () => {
    const { client, flow } = setup();
    await flow.signIn("alice@example.com", "pw");
    for (const code of ["challenge_expired", "not_found"]) {
      failWith(client, "verifyChallenge", mfaError(code, { status: code === "not_found" ? 404 : 410 }));
      await flow.submitCode("123456");
      assert.deepEqual([flow.state.state, flow.state.method, flow.state.error.code], ["expired", "totp", code]);
      const starts = client.calls.filter(([n]) => n === "startChallenge").length;
      await flow.restart();
      assert.deepEqual([flow.state.state, client.calls.filter(([n]) => n === "startChallenge").length], ["entering_code", starts + 1]);
    }
  });

  it("challenge_locked_out_until_the_lock_ends", async () => {
    const { client, flow } = setup();
    await flow.signIn("alice@example.com", "pw");
    const end = new Date(Date.now() + 1000).toISOString();
    failWith(client, "verifyChallenge", mfaError("locked_out", { status: 429, until: end, retryAfterSeconds: 1 }));
    await flow.submitCode("123456");
    const locked = flow.state;
    assert.deepEqual([locked.state, locked.until, locked.canRetry, locked.error.code], ["locked_out", end, false, "locked_out"]);
    assert.equal(await rejectedCode(mfa, flow.submitCode("123456")), "invalid_state", "the input is disabled");
    await until(() => flow.state.canRetry === true, "canRetry once the lock has ended");
    await flow.chooseMethod("totp");
    assert.equal(flow.state.state, "entering_code", "a new challenge once the lock has ended");
    // A lock from the password step (the account's lock) is the same state.
    const pw = setup();
    failWith(pw.client, "login", mfaError("locked_out", { status: 429 }));
    await pw.flow.signIn("a@b.c", "pw");
    assert.deepEqual([pw.flow.state.state, pw.flow.state.canRetry], ["locked_out", true], "no known end: nothing to wait for");
  });

  it("challenge_sso_required_enrollment_required_and_signed_in_by_password", async () => {
    const cases = [
      [{ status: "sso_required", organization: "Globex" }, { state: "sso_required", organization: "Globex" }],
      [{ status: "sso_required", organization: "Globex", signInUrl: "https://idp.example/sso" }, { state: "sso_required", organization: "Globex", signInUrl: "https://idp.example/sso" }],
      [{ status: "sso_required", organization: "Globex", signInUrl: "/idp.html" }, { state: "sso_required", organization: "Globex", signInUrl: "/idp.html" }],
      [{ status: "enrollment_required", methods: ["totp", "sms"] }, { state: "enrollment_required", reason: "policy", methods: ["totp", "sms"] }],
      [{ status: "authenticated", user: USER }, { state: "signed_in", user: USER, method: "password" }],
    ];
    for (const [answer, expected] of cases) {
      const { client, flow } = setup();
      answerWith(client, "login", answer);
      await flow.signIn("a@b.c", "pw");
      assert.deepEqual(JSON.parse(JSON.stringify(flow.state)), expected);
    }
  });

  it("challenge_sso_hand_off_refuses_an_address_a_page_must_not_open", async () => {
    // OWASP ASVS 5.0 1.2.2: only http(s) URLs or a path of the site become the hand-off link.
    for (const signInUrl of ["javascript:alert(1)", "//evil.example/x", "/\\evil.example", "data:text/html,x", "https:// x"]) {
      const { client, flow } = setup();
      answerWith(client, "login", { status: "sso_required", organization: "Globex", signInUrl });
      await flow.signIn("a@b.c", "pw");
      assert.deepEqual([flow.state.state, flow.state.error?.code, flow.state.signInUrl], ["entering_password", "protocol", undefined], signInUrl);
    }
  });

  it("challenge_recovery_code_chosen_while_the_first_challenge_starts", async () => {
    // The demo's button is live while the SMS is being sent: the person's choice wins, the
    // start is aborted and its answer ignored; a pending verification is never interrupted.
    const { client, flow } = setup();
    answerWith(client, "login", { status: "mfa_required", methods: ["sms"] });
    hang(client, "startChallenge");
    const signingIn = flow.signIn("alice@example.com", "right");
    await until(() => flow.state.pending === "start_challenge");
    const signal = client.calls.at(-1)[2];
    flow.useRecoveryCode();
    assert.deepEqual([flow.state.state, flow.state.pending, signal.aborted], ["entering_recovery_code", undefined, true]);
    await signingIn;
    assert.equal(flow.state.state, "entering_recovery_code", "the aborted start does not come back");
    hang(client, "recover");
    const verifying = flow.submitRecoveryCode("ABCD-EFGH-IJKL-MNOP");
    assert.equal(flow.state.pending, "recover");
    assert.equal(codeOf(mfa, () => flow.useAnotherMethod()), "invalid_state", "a pending verification is not interrupted");
    assert.isFalse(client.calls.at(-1)[2].aborted);
    flow.dispose();
    await verifying;
  });

  it("challenge_resume_and_the_session_ending", async () => {
    const { client, flow } = setup();
    await flow.resume();
    assert.deepEqual([flow.state.state, flow.state.method], ["entering_code", "totp"], "a session waiting for its second factor");
    failWith(client, "verifyChallenge", mfaError("unauthorized", { status: 401 }));
    await flow.submitCode("123456");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["entering_password", "unauthorized"], "the session ended");
    const none = setup();
    failWith(none.client, "getStatus", mfaError("unauthorized", { status: 401 }));
    await none.flow.resume();
    assert.deepEqual([none.flow.state.state, none.flow.state.error], ["entering_password", undefined], "no session: no error");
    const done = setup();
    answerWith(done.client, "getStatus", { session: "authenticated", user: USER, factors: [], recoveryCodesRemaining: 0, enrollmentRequired: false, org: { name: "A", requireMfa: false, sso: false } });
    await done.flow.resume();
    assert.equal(done.flow.state.state, "signed_in");
  });

  it("challenge_resume_during_a_lock_is_locked_out", async () => {
    // Issue 15: a reload must not forget the lock (getStatus's codesLockedUntil).
    const { client, flow } = setup();
    const until = new Date(Math.floor(Date.now() / 1000) * 1000 + 600_000).toISOString();
    answerWith(client, "getStatus", { session: "mfa_required", user: USER, factors: [{ id: "f", method: "sms", createdAt: "2030-01-01T00:00:00Z" }], recoveryCodesRemaining: 3, enrollmentRequired: false, org: { name: "A", requireMfa: true, sso: false }, codesLockedUntil: until });
    await flow.resume();
    assert.deepEqual([flow.state.state, flow.state.until, flow.state.canRetry, [...flow.state.methods]], ["locked_out", until, false, ["sms"]]);
    assert.equal(flow.state.retryAt, Date.parse(until) / 1000);
    assert.notInclude(client.calls.map(([n]) => n), "startChallenge", "no code is asked for while locked");
    flow.useRecoveryCode();
    assert.equal(flow.state.state, "entering_recovery_code", "a recovery code is still possible");
  });

  it("challenge_refuses_bad_arguments_and_answers_outside_the_contract", async () => {
    const { client, flow } = setup();
    assert.equal(await rejectedField(flow.signIn(1, "pw")), "email");
    assert.equal(await rejectedField(flow.signIn("a@b.c")), "password");
    assert.equal(await rejectedCode(mfa, flow.submitCode("123456")), "invalid_state");
    assert.equal(codeOf(mfa, () => flow.useRecoveryCode()), "invalid_state");
    assert.equal(fieldOf(() => new mfa.ChallengeFlow({ login() {} })), "client");
    assert.equal(fieldOf(() => new mfa.ChallengeFlow(client, { signal: "stop" })), "signal");
    answerWith(client, "login", { status: "who_knows" });
    await flow.signIn("a@b.c", "pw");
    assert.deepEqual([flow.state.state, flow.state.error.code], ["entering_password", "protocol"]);
  });

  it("challenge_dispose_aborts_the_pending_call", async () => {
    const { client, flow, listener } = setup();
    await flow.signIn("a@b.c", "pw");
    hang(client, "verifyChallenge");
    const pending = flow.submitCode("123456");
    const [, , signal] = client.calls.at(-1);
    flow.dispose();
    assert.isTrue(signal.aborted);
    await pending;
    assert.deepEqual(seen(listener).at(-1), "entering_code/verify", "nothing after dispose()");
    assert.equal(codeOf(mfa, () => flow.useAnotherMethod()), "invalid_state");
    const controller = new AbortController();
    const other = new mfa.ChallengeFlow(fakeClient(SECRET, URI), { signal: controller.signal });
    controller.abort();
    assert.equal(await rejectedCode(mfa, other.signIn("a@b.c", "pw")), "invalid_state");
  });
}
