// The MfaError of the Rust exports (src/error.rs), built in one call; ts/errors.ts `fail` builds
// the same shape for the checks made in TypeScript.
export function mfaError(code, message, field, reason) {
  const error = new Error(message);
  error.name = "MfaError";
  error.code = code;
  if (field) error.field = field;
  if (reason) error.reason = reason;
  return error;
}
