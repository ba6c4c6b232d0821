// `mfa-wasm/core`: secrets, TOTP, Key URIs, QR codes and validation; no client, no DOM
// helpers, no flows, and the smaller download.
export { default, initSync, type InitInput } from "./init.js";
export { isMfaError, type InvalidInputReason, type MfaError, type MfaErrorCode, type MfaErrorDetails, type ValidationReason } from "./errors.js";
export { formatSecret, generateSecret, normalizeSecret } from "./secret.js";
export { secondsRemaining, totpCode, verifyTotp, type AtOptions, type TotpAlgorithm, type TotpParams, type VerifyOptions } from "./totp.js";
export { buildOtpauthUri, parseOtpauthUri, type OtpauthKey, type OtpauthKeyInput } from "./uri.js";
export { qrDataUri, qrSvg, type QrOptions } from "./qr.js";
export { validatePhoneNumber, validateRecoveryCode, validateSmsCode, validateTotpCode, type RecoveryCodeFormat, type ValidationResult } from "./validate.js";
