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

// What the person can fix; the other reasons are the page's own mistakes.
const reasons: Partial<Record<InvalidInputReason, string>> = {
  empty: "Please enter it.",
  too_short: "It is too short.",
  too_long: "It is too long.",
  invalid_character: "It has a character that cannot be part of it.",
  missing_country_code: "Start with + and the country code, e.g. +1.",
  invalid_country_code: "The country code cannot start with 0.",
};

/** One sentence for a person, with the details the error carries (never the code typed). */
export function describe(error: unknown): string {
  if (!isMfaError(error)) return "Something went wrong.";
  const e: MfaError = error;
  const parts = [text[e.code]];
  if (e.code === "invalid_code" && e.attemptsRemaining !== undefined) parts.push(`${e.attemptsRemaining} attempts left.`);
  if (e.code === "invalid_code" && e.clockSkewSuspected) {
    parts.push("Your device's clock seems to be off by more than 30 seconds: set it to update automatically, then try a new code.");
  }
  if ((e.code === "rate_limited" || e.code === "locked_out") && e.retryAfterSeconds !== undefined) {
    parts.push(`Try again in ${Math.ceil(e.retryAfterSeconds / 60)} minute(s).`);
  }
  const hint = e.code === "invalid_input" ? reasons[e.reason] : undefined;
  if (hint) parts.push(hint);
  return parts.join(" ");
}
