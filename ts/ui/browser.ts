// The UI helpers that are only calls of browser APIs: the clipboard and WebOTP.
import { fail, optNum, optSignal, opts, str } from "../errors.js";
import { validateSmsCode } from "../validate.js";

/**
 * Writes `text` to the clipboard with `navigator.clipboard.writeText`. Call it from a click:
 * browsers need a secure context and a user gesture. Rejects with an `MfaError`:
 * `unsupported` when the API is missing (an insecure page, an old browser), `not_allowed` when
 * the browser refuses (no user gesture, permission denied, the page not focused). The system
 * clipboard cannot be cleared afterwards: for recovery codes, prefer download or print.
 *
 * The Async Clipboard API only (docs/security.md, "Clipboard"): no execCommand fallback that
 * would put the text in the DOM. writeText is called at once, inside the click that asked for it
 * (Safari checks that the user gesture is still on the stack).
 * @example
 * copyButton.addEventListener("click", () => {
 *   copyText(formatSecret(secret)).then(() => (status.textContent = "Copied"), (e) => showError(e));
 * });
 */
export function copyText(text: string): Promise<void> {
  try {
    str(text, "text");
  } catch (e) {
    return Promise.reject(e);
  }
  const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
  if (!clipboard || typeof clipboard.writeText !== "function") {
    return Promise.reject(fail("unsupported", "the Clipboard API is not available (it needs a secure context)"));
  }
  const refused = () => fail("not_allowed", "the browser refused to write to the clipboard");
  try {
    // Every refusal is the browser's rule: one code for all, no browser message passed on.
    return Promise.resolve(clipboard.writeText(text)).then(() => undefined, () => Promise.reject(refused()));
  } catch {
    return Promise.reject(refused());
  }
}

/**
 * Options of `webOtp`.
 * @example const options: WebOtpOptions = { signal: abort.signal };
 */
export interface WebOtpOptions {
  /** Aborts the request (e.g. when the person types the code); it then rejects with `aborted`. */
  signal?: AbortSignal;
  /** Digits in the code, 4 to 10; default 6. */
  digits?: number;
}

/**
 * Waits for the SMS code through `navigator.credentials.get({ otp: { transport: ["sms"] } })`.
 * Resolves to the code (exactly `digits` ASCII digits). Rejects with an `MfaError`:
 * `unsupported` where the browser has no WebOTP (no `OTPCredential`, or not a secure context),
 * `aborted` when `signal` aborts, `not_allowed` when the person or the browser declines, and
 * `invalid_input` (field "code") when what came back is not a well-formed code.
 * @example
 * const abort = new AbortController();
 * webOtp({ signal: abort.signal }).then((code) => flow.submitCode(code), () => {});
 * form.addEventListener("submit", () => abort.abort());
 */
export async function webOtp(options?: WebOtpOptions): Promise<string> {
  const o = opts(options, "options", ["signal", "digits"]);
  const signal = optSignal(o.signal);
  const digits = optNum(o.digits, "digits");
  validateSmsCode("", { digits }); // the digit count's rule (4 to 10), from Rust
  const length = digits ?? 6;
  const aborted = () => fail("aborted", "the one-time code request was aborted");
  const credentials = typeof navigator === "undefined" ? undefined : navigator.credentials;
  if (typeof window === "undefined" || !("OTPCredential" in window) || (window as { OTPCredential?: unknown }).OTPCredential === undefined || !credentials || typeof credentials.get !== "function") {
    throw fail("unsupported", "this browser has no WebOTP (OTPCredential)");
  }
  if (signal?.aborted) throw aborted();
  const request: CredentialRequestOptions & { otp: { transport: string[] } } = { otp: { transport: ["sms"] } };
  if (signal) request.signal = signal;
  let credential: Credential | null;
  try {
    credential = await credentials.get(request);
  } catch (e) {
    if (signal?.aborted || (e as { name?: unknown } | null)?.name === "AbortError") throw aborted();
    throw fail("not_allowed", "the browser did not hand over a one-time code");
  }
  const code = (credential as { code?: unknown } | null)?.code;
  if (typeof code !== "string") throw fail("not_allowed", "the browser did not hand over a one-time code");
  // WebOTP (docs/security.md, "WebOTP"): the specification warns that the code handed back can be
  // tampered with, so it must be exactly `digits` ASCII digits, with nothing cleaned.
  const reason = !/^[0-9]*$/.test(code) ? "invalid_character" : code.length < length ? "too_short" : code.length > length ? "too_long" : null;
  if (reason) throw fail("invalid_input", "the SMS did not carry a well-formed one-time code", "code", reason);
  return code;
}
