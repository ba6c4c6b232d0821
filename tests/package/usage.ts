// Compiled with `tsc --strict --noEmit` against the built pkg/ declarations: the whole API is
// usable without `any`, and misuse is a type error (each @ts-expect-error must stay an error).
import init, {
  buildOtpauthUri, formatSecret, generateSecret, isMfaError, normalizeSecret, parseOtpauthUri,
  qrDataUri, qrSvg, secondsRemaining, totpCode, validatePhoneNumber, validateRecoveryCode,
  validateSmsCode, validateTotpCode, verifyTotp,
  type MfaErrorCode, type OtpauthKey, type TotpParams, type ValidationResult,
  MfaClient, EnrollmentFlow, ChallengeFlow, bindCodeInput, copyText, downloadRecoveryCodes, mountQr, printRecoveryCodes,
  recoveryCodesText, startCountdown, webOtp,
  type ChallengeState, type EnrollmentState, type LoginResponse, type StatusResponse,
  type FactorList, type InvalidInputReason, type MfaError, type TotpSelfCheck,
} from "../../pkg/mfa_wasm.js";

export async function demo(element: HTMLElement): Promise<string> {
  await init();
  const secret: string = generateSecret(20);
  const uri: string = buildOtpauthUri({ secret, issuer: "ACME", account: "alice@example.com" });
  element.innerHTML = qrSvg(uri, { ecc: "M", margin: 4, title: "Scan me" });
  const img: string = qrDataUri(uri);
  const key: OtpauthKey = parseOtpauthUri(uri);
  const issuer: string | undefined = key.issuer;
  const params: TotpParams = { secret: key.secret, algorithm: key.algorithm, digits: key.digits, period: key.period };
  const code: string = totpCode(params);
  // One idiom for every time: `{ at }`.
  const then: string = totpCode(params, { at: 59 });
  const offset: number | null = verifyTotp(params, code, { window: 1, at: 59 });
  const left: number = secondsRemaining({ period: 30, at: 59 });
  // One name for a code's length: `digits`.
  const checks: ValidationResult[] = [validateTotpCode(code, { digits: 6 }), validateSmsCode("123456", { digits: 6 }), validateRecoveryCode("ABCD-EFGH-IJKL-MNOP", { format: { groups: 4, groupLength: 4 } }), validatePhoneNumber("+14155550132")];
  for (const check of checks) {
    if (check.ok) {
      const value: string = check.value;
      void value;
    } else {
      const reason: "empty" | "too_short" | "too_long" | "invalid_character" | "missing_country_code" | "invalid_country_code" = check.reason;
      void reason;
    }
  }
  try {
    normalizeSecret("not base32");
  } catch (e: unknown) {
    if (isMfaError(e)) {
      const c: MfaErrorCode = e.code;
      // @ts-expect-error: not a member of the MfaErrorCode union
      if (e.code === "no_such_code") return c;
    }
  }
  return [formatSecret(secret), img, issuer, offset, left, then].join();
}

// MfaError is a union discriminated by `code`: each member has its own details.
export function details(e: MfaError): string {
  switch (e.code) {
    case "invalid_input": {
      const field: string = e.field;
      const reason: InvalidInputReason = e.reason;
      // @ts-expect-error: attemptsRemaining is not a detail of invalid_input
      void e.attemptsRemaining;
      return `${field} ${reason} ${e.status ?? "local"}`;
    }
    case "invalid_code":
      return `${e.attemptsRemaining ?? "?"} ${e.clockSkewSuspected === true}`;
    case "locked_out":
      return `${e.status} ${e.until ?? ""} ${e.retryAfterSeconds ?? 0}`;
    case "not_found":
    case "method_not_allowed":
      return String(e.status);
    case "network":
      // @ts-expect-error: a network failure has no status
      return String(e.status);
    default:
      return e.code;
  }
}

export function misuse(secret: string): string {
  // @ts-expect-error: issuer is required when building
  buildOtpauthUri({ secret, account: "a" });
  // @ts-expect-error: unknown algorithm
  totpCode({ secret, algorithm: "MD5" });
  // @ts-expect-error: 6, 7 or 8 digits, as the README says
  totpCode({ secret, digits: 9 });
  // @ts-expect-error: a time is `{ at }`, not a bare number
  totpCode({ secret }, 59);
  // @ts-expect-error: `length` became `digits`
  validateSmsCode("1234", { length: 4 });
  return secret;
}

// The typed client and the UI helpers, as a page uses them.
export async function signIn(input: HTMLInputElement, qr: HTMLElement): Promise<string> {
  const client = new MfaClient({ baseUrl: "https://example.com", timeoutMs: 5000, credentials: "include" });
  const login: LoginResponse = await client.login({ email: "a@example.com", password: "pw" });
  switch (login.status) {
    case "authenticated":
      return login.user.email;
    case "mfa_required": {
      const challenge = await client.startChallenge({ method: login.methods[0] ?? "totp" });
      const controller = new AbortController();
      const code = await webOtp({ signal: controller.signal }).catch(() => "123456");
      await client.verifyChallenge({ challengeId: challenge.challengeId, code }, { signal: controller.signal });
      break;
    }
    case "enrollment_required": {
      const flow = new EnrollmentFlow(client, { issuer: "ACME", account: "a@example.com", methods: login.methods, required: true });
      const off = flow.subscribe((state: EnrollmentState) => {
        if (state.state === "showing_qr") mountQr(qr, state.otpauthUri, { title: "Scan me" });
        if (state.state === "code_sent" && state.canResend) void flow.resend();
        if (state.state === "confirmed") {
          downloadRecoveryCodes(state.recoveryCodes, { issuer: state.issuer });
          void copyText(recoveryCodesText(state.recoveryCodes));
          void printRecoveryCodes(state.recoveryCodes);
        }
        if (state.error?.code === "invalid_code") void state.error.clockSkewSuspected;
      });
      await flow.chooseMethod("totp");
      // @ts-expect-error: not a method of enrolment
      await flow.chooseMethod("email");
      off();
      flow.dispose();
      break;
    }
    case "sso_required":
      return login.organization;
  }
  // Every handle stops through a returned function or an AbortSignal: nothing to free.
  const controller = new AbortController();
  const unbind: () => void = bindCodeInput(input, { kind: "totp", onComplete: (value: string) => void value, signal: controller.signal });
  const stop: () => void = startCountdown((tick) => void tick.secondsRemaining, { period: 30, now: () => client.serverTime(), signal: controller.signal });
  stop();
  unbind();
  controller.abort();
  const check: TotpSelfCheck = client.selfCheckTotp({ secret: "JBSWY3DPEHPK3PXP" }, "123456");
  void check.clockSkewSuspected;
  // @ts-expect-error: one clock-skew notion: `clockSkewSuspected`
  void check.clockSkewed;
  // @ts-expect-error: no wasm handle to free
  client.free();
  const status: StatusResponse = await client.getStatus();
  const factors: FactorList = await client.listFactors({ signal: new AbortController().signal });
  const skew: number | null = client.clockSkewSeconds;
  const signIn = new ChallengeFlow(client, { signal: controller.signal });
  const unsubscribe = signIn.subscribe((state: ChallengeState) => {
    if (state.state === "entering_code" && state.lastAttempt) void state.attemptsRemaining;
    if (state.state === "locked_out") void state.retryAt;
    if (state.state === "sso_required") void state.organization;
    // @ts-expect-error: a phone hint belongs to an SMS code, not to the password step
    if (state.state === "entering_password") void state.phoneHint;
  });
  await signIn.signIn("a@example.com", "pw");
  unsubscribe();
  // @ts-expect-error: verifyChallenge needs a challengeId
  await client.verifyChallenge({ code: "123456" });
  await client.logout();
  return `${status.recoveryCodesRemaining} ${skew ?? 0} ${factors.factors.map((f) => f.method).join()}`;
}
