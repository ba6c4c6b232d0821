// Compiled with `tsc --strict --noEmit` against the built pkg/ declarations: the whole API is
// usable without `any`, and misuse is a type error (each @ts-expect-error must stay an error).
import init, {
  buildOtpauthUri, formatSecret, generateSecret, isMfaError, normalizeSecret, parseOtpauthUri,
  qrDataUri, qrSvg, secondsRemaining, totpCode, validatePhoneNumber, validateRecoveryCode,
  validateSmsCode, validateTotpCode, verifyTotp,
  type MfaErrorCode, type OtpauthKey, type TotpParams, type ValidationResult,
  MfaClient, EnrollmentFlow, bindCodeInput, copyText, downloadRecoveryCodes, mountQr, printRecoveryCodes,
  recoveryCodesText, startCountdown, webOtp,
  type EnrollmentState, type LoginResponse, type StatusResponse,
  type FactorList, type InvalidInputReason, type MfaError,
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
  const offset: number | null = verifyTotp(params, code, { window: 1 });
  const left: number = secondsRemaining(30);
  const checks: ValidationResult[] = [validateTotpCode(code), validateSmsCode("123456", { length: 6 }), validateRecoveryCode("ABCD-EFGH-IJKL-MNOP", { format: { groups: 4, groupLength: 4 } }), validatePhoneNumber("+14155550132")];
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
  return [formatSecret(secret), img, issuer, offset, left].join();
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
      const flow = new EnrollmentFlow(client, { issuer: "ACME", account: "a@example.com" });
      const off = flow.subscribe((state: EnrollmentState) => {
        if (state.state === "showing_qr") mountQr(qr, state.otpauthUri, { title: "Scan me" });
        if (state.state === "confirmed") {
          downloadRecoveryCodes(state.recoveryCodes, { issuer: state.issuer });
          void copyText(recoveryCodesText(state.recoveryCodes));
          void printRecoveryCodes(state.recoveryCodes);
        }
      });
      await flow.chooseMethod("totp");
      off();
      break;
    }
    case "sso_required":
      return login.organization;
  }
  const binding = bindCodeInput(input, { kind: "totp", onComplete: (value: string) => void value });
  const countdown = startCountdown((tick) => void tick.secondsRemaining, { period: 30, now: () => client.serverTime() });
  countdown.stop();
  binding.detach();
  const status: StatusResponse = await client.getStatus();
  const factors: FactorList = await client.listFactors({ signal: new AbortController().signal });
  const skew: number | null = client.clockSkewSeconds;
  // @ts-expect-error: verifyChallenge needs a challengeId
  await client.verifyChallenge({ code: "123456" });
  await client.logout();
  return `${status.recoveryCodesRemaining} ${skew ?? 0} ${factors.factors.map((f) => f.method).join()}`;
}
