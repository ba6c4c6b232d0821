// bindCodeInput: turns an <input> into a one-time-code or recovery-code field. It sets the
// attributes browsers, password managers and screen readers need (docs/security.md, "Input
// fields"), cleans what people type and paste with the core's validators (Rust, the same rules
// as the client's normalisation), and reports each complete valid value once.
import { fail, fn, optNum, optSignal, opts, str } from "../errors.js";
import { validateRecoveryCode, validateSmsCode, validateTotpCode, type ValidationResult } from "../validate.js";

/**
 * What a code field holds.
 * @example const kind: CodeKind = "recovery";
 */
export type CodeKind = "totp" | "sms" | "recovery";

/**
 * Options of `bindCodeInput`.
 * @example const options: CodeInputOptions = { kind: "sms", digits: 6, onComplete: (code) => flow.submitCode(code) };
 */
export interface CodeInputOptions {
  /** "totp" and "sms": digits, `autocomplete="one-time-code"`; "recovery": `XXXX-XXXX-XXXX-XXXX`. */
  kind: CodeKind;
  /** Called with the normalised value each time the field becomes complete and valid. */
  onComplete: (value: string) => void;
  /** Digits of the code: 6 to 8 for "totp", 4 to 10 for "sms"; default 6. Not for "recovery". */
  digits?: number;
  /** Unbinds the field when it aborts, as the returned function does. */
  signal?: AbortSignal;
}

/** The canonical recovery code the field shows once complete: mfa_core's default format, 4 x 4. */
const RECOVERY_PATTERN = "[A-Z2-7]{4}(-[A-Z2-7]{4}){3}";
/** Its characters without the dashes. */
const RECOVERY_CHARACTERS = 16;

/**
 * Binds a code field: sets `autocomplete`, `inputmode`, `pattern`, `maxlength` (with room for
 * the separators people paste), `type="text"` instead of `number`, and for recovery codes
 * `autocapitalize`, `autocorrect` and `spellcheck` off. On input and paste it cleans
 * `123 456`, `123-456` and full-width digits, writes the normalised value back, sets
 * `aria-invalid="true"` while the value can no longer become valid (`aria-describedby` is left
 * to the page), and calls `onComplete` once per complete valid value. Returns the function that
 * unbinds it (listeners removed, every attribute restored; idempotent); `signal` does the same.
 * @example
 * const unbind = bindCodeInput(document.querySelector("#code") as HTMLInputElement, {
 *   kind: "totp",
 *   onComplete: (code) => flow.submitCode(code),
 * });
 */
export function bindCodeInput(input: HTMLInputElement, options: CodeInputOptions): () => void {
  if (typeof HTMLInputElement === "undefined" || !(input instanceof HTMLInputElement)) {
    throw fail("invalid_input", "expected an HTMLInputElement", "input", "invalid_type");
  }
  const o = opts(options, "options", ["kind", "onComplete", "digits", "signal"]);
  const kind = str(o.kind, "kind");
  const digits = optNum(o.digits, "digits");
  let validate: (value: string) => ValidationResult;
  let attributes: [string, string][];
  if (kind === "totp" || kind === "sms") {
    validate = kind === "totp" ? (v) => validateTotpCode(v, { digits: digits as 6 }) : (v) => validateSmsCode(v, { digits });
    // The digit count is checked by the validator's own rule (it throws for one out of range).
    const n = digits ?? 6;
    validate("");
    // `maxlength` leaves room for a separator between every character.
    attributes = [["autocomplete", "one-time-code"], ["inputmode", "numeric"], ["pattern", `[0-9]{${n}}`], ["maxlength", String(2 * n + 2)]];
  } else if (kind === "recovery") {
    if (digits !== undefined) throw fail("invalid_input", "digits is only for totp and sms", "digits", "unknown_field");
    validate = (v) => validateRecoveryCode(v);
    attributes = [["autocomplete", "off"], ["inputmode", "text"], ["pattern", RECOVERY_PATTERN], ["maxlength", String(2 * RECOVERY_CHARACTERS + 2)],
      ["autocapitalize", "off"], ["autocorrect", "off"], ["spellcheck", "false"]];
  } else {
    throw fail("invalid_input", "kind must be totp, sms or recovery", "kind", "invalid_value");
  }
  const onComplete = fn<(value: string) => void>(o.onComplete, "onComplete");
  const signal = optSignal(o.signal);
  if (signal?.aborted) return () => {};
  // Spin buttons, and leading zeros at risk: codes are text (docs/security.md, "Input fields").
  if (input.type === "number") attributes.push(["type", "text"]);
  const saved = [["aria-invalid", input.getAttribute("aria-invalid")], ...attributes.map(([n]) => [n, input.getAttribute(n)])] as [string, string | null][];
  for (const [name, value] of attributes) input.setAttribute(name, value);

  let last: string | undefined;
  const check = (): void => {
    const result = validate(input.value);
    const hopeless = !result.ok && (result.reason === "too_long" || result.reason === "invalid_character");
    if (result.ok && result.value !== input.value) input.value = result.value;
    if (hopeless) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    const previous = last;
    last = result.ok ? result.value : undefined;
    if (result.ok && previous !== result.value) onComplete(result.value);
  };
  // A pasted complete code replaces the whole value (whatever was typed before, and beyond
  // `maxlength`); anything else is left to the browser, and checked on the `input` event.
  const paste = (event: Event): void => {
    const text = (event as ClipboardEvent).clipboardData?.getData("text/plain");
    const result = text === undefined ? undefined : validate(text);
    if (result?.ok) {
      event.preventDefault();
      input.value = result.value;
      check();
    }
  };
  const onInput = (event: Event): void => {
    if (!(event as InputEvent).isComposing) check(); // an IME still composing: wait
  };
  const listeners: [string, (event: Event) => void][] = [["input", onInput], ["compositionend", check], ["paste", paste]];
  for (const [type, listener] of listeners) input.addEventListener(type, listener);
  let bound = true;
  const unbind = (): void => {
    if (!bound) return;
    bound = false;
    signal?.removeEventListener("abort", unbind);
    for (const [type, listener] of listeners) input.removeEventListener(type, listener);
    for (const [name, value] of saved) {
      if (value === null) input.removeAttribute(name);
      else input.setAttribute(name, value);
    }
  };
  signal?.addEventListener("abort", unbind);
  return unbind;
}
