// Compiled with `tsc --strict --noEmit` against the built pkg/ declarations: the whole API is
// usable without `any`, and misuse is a type error (each @ts-expect-error must stay an error).
import init, {
  buildOtpauthUri, formatSecret, generateSecret, isMfaError, normalizeSecret, parseOtpauthUri,
  qrDataUri, qrSvg, secondsRemaining, totpCode, validatePhoneNumber, validateRecoveryCode,
  validateSmsCode, validateTotpCode, verifyTotp,
  type MfaErrorCode, type OtpauthKey, type TotpParams, type ValidationResult,
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
  // @ts-expect-error: issuer is required when building
  buildOtpauthUri({ secret, account: "a" });
  // @ts-expect-error: unknown algorithm
  totpCode({ secret, algorithm: "MD5" });
  return [formatSecret(secret), img, issuer, offset, left].join();
}
