// What each MfaError code means to a person. The union is exhaustive: a new code is a type error.
import { isMfaError, type InvalidInputReason, type MfaError, type MfaErrorCode } from "mfa-wasm";

const text: Record<MfaErrorCode, string> = {
  invalid_secret: "That secret is not valid.",
  secret_too_short: "That secret is too short.",
  invalid_uri: "That is not an authenticator link.",
  unsupported_algorithm: "That algorithm is not supported.",
  invalid_digits: "Codes must have 6 to 8 digits.",
  invalid_period: "That code period is not supported.",
  invalid_label: "The issuer or account name is not valid.",
  invalid_input: "Please check what you typed.",
  unsupported: "Your browser does not support this.",
  not_allowed: "The browser did not allow this.",
  invalid_state: "That step is not available right now.",
  cancelled: "The passkey request was cancelled or timed out. Try again, or choose another method.",
  already_registered: "This passkey or security key is already set up for your account.",
  security: "This page's address does not match the passkey settings of the site.",
  data_too_long: "That is too long for a QR code.",
  random_unavailable: "Your browser cannot generate secure random numbers.",
  invalid_code: "That code did not work.",
  invalid_credentials: "The email or password is wrong.",
  rate_limited: "Too many attempts.",
  locked_out: "Too many failed attempts: your account is locked for a while.",
  challenge_expired: "That step expired. Please start again.",
  enrollment_required: "Please set up two-factor authentication first.",
  mfa_required: "Please confirm with your second factor first.",
  sso_managed: "Your organisation's identity provider handles two-factor authentication.",
  not_enrolled: "No second factor of that kind is set up.",
  unauthorized: "Please sign in again.",
  forbidden: "You are not allowed to do that.",
  conflict: "That conflicts with your current setup.",
  not_found: "That step is no longer valid. Please start again.",
  method_not_allowed: "This page and the server disagree. Please reload the page.",
  payload_too_large: "That is too long.",
  unavailable: "A service is unavailable right now. Please try again in a moment.",
  recovery_required: "Too many wrong codes: sign in with a recovery code, or ask your administrator to reset your second factor.",
  reauthentication_required: "For your security, sign in again before setting up a second factor.",
  network: "The server could not be reached. Check your connection.",
  timeout: "The server took too long to answer.",
  aborted: "Cancelled.",
  server: "The server had a problem. Please try again.",
  protocol: "The server's answer was not understood.",
};

// What a field is called in a sentence (the error's `field`); a code's field is "code" in the
// flows and "proof.code" in a proof.
const nouns: Record<string, string> = {
  email: "your email address",
  password: "your password",
  code: "the code",
  "proof.code": "the code",
  phoneNumber: "the phone number",
  memberEmail: "the member's email address",
};

/** What the person can fix, said about the field at fault; the other reasons are the page's own mistakes. */
function inputHint(reason: InvalidInputReason, field: string | undefined): string | undefined {
  const noun = nouns[field ?? ""] ?? "this";
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  const isCode = field === "code" || field === "proof.code";
  switch (reason) {
    case "empty": return `Enter ${noun}.`;
    case "too_short": return isCode ? "The code is too short: enter every character of it." : `${Noun} is too short.`;
    case "too_long": return isCode ? "The code is too long: enter only the code itself." : `${Noun} is too long.`;
    case "invalid_character": return isCode ? "The code has a character it cannot contain: check it against your app, text message or saved codes." : `${Noun} has a character it cannot contain.`;
    case "missing_country_code": return "Start with + and the country code, e.g. +1 415 555 0132.";
    case "invalid_country_code": return "The country code cannot start with 0.";
    default: return undefined;
  }
}

const rules = new Intl.PluralRules("en");

/** `n` and the noun in the right plural form (Intl.PluralRules): "1 attempt", "2 attempts". */
export function plural(n: number, one: string, other: string): string {
  return `${n} ${rules.select(n) === "one" ? one : other}`;
}

/** A wait the server gave, in the unit a person reads: "29 seconds", "1 minute", "15 minutes". */
export function waitText(seconds: number): string {
  return seconds < 60 ? plural(Math.max(1, Math.ceil(seconds)), "second", "seconds") : plural(Math.ceil(seconds / 60), "minute", "minutes");
}

/** One sentence for a person, with the details the error carries (never the code typed). */
export function describe(error: unknown): string {
  if (!isMfaError(error)) return "Something went wrong.";
  const e: MfaError = error;
  const parts = [text[e.code]];
  if (e.code === "invalid_code" && e.attemptsRemaining !== undefined) {
    parts.push(e.attemptsRemaining === 1 ? "This is your last attempt before a pause." : `${plural(e.attemptsRemaining, "attempt", "attempts")} left.`);
  }
  if (e.code === "invalid_code" && e.clockSkewSuspected) {
    parts.push("Your device's clock seems to be off by more than 30 seconds: set it to update automatically, then try a new code.");
  }
  if ((e.code === "rate_limited" || e.code === "locked_out") && e.retryAfterSeconds !== undefined) {
    parts.push(`Try again in ${waitText(e.retryAfterSeconds)}.`);
  }
  if (e.code === "invalid_input") {
    // A specific sentence replaces the vague "check what you typed" when the person can fix it.
    const hint = inputHint(e.reason, e.field);
    if (hint) return hint;
  }
  return parts.join(" ");
}
