// MfaError, the one error the package throws, and the checks of argument types that come
// before any call into wasm: a wrong type is a typed `invalid_input` naming the field, never a
// coercion (`undefined` → "undefined"). The values' rules are Rust's (src/js.rs).
import type { InvalidInputReason, MfaError, MfaErrorCode } from "./wasm.js";

export type { InvalidInputReason, MfaError, MfaErrorCode, MfaErrorDetails, ValidationReason } from "./wasm.js";

/**
 * An `MfaError`: a real `Error` named "MfaError" with a `code` of the vocabulary
 * (`mfa_core::ErrorCode`; tests/js_vocabulary.rs checks every code used here), and `field` and
 * `reason` for `invalid_input`. The message never contains the input.
 */
export function fail(code: MfaErrorCode, message: string, field?: string, reason?: InvalidInputReason): MfaError {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = "MfaError";
  error.code = code;
  if (field) {
    error.field = field;
    error.reason = reason;
  }
  return error as unknown as MfaError;
}

/**
 * Whether `value` is an `MfaError` thrown by this package.
 * @example
 * if (isMfaError(e)) console.warn(e.code);
 */
export function isMfaError(value: unknown): value is MfaError {
  return value instanceof Error && value.name === "MfaError" && typeof (value as { code?: unknown }).code === "string";
}

/** `invalid_input` with reason `invalid_type`. */
export const wrongType = (field: string, message: string): MfaError => fail("invalid_input", message, field, "invalid_type");

/** A required string. */
export function str(value: unknown, field: string): string {
  if (typeof value !== "string") throw wrongType(field, "expected a string");
  return value;
}

/** An optional string: `undefined` is absent. */
export const optStr = (value: unknown, field: string): string | undefined => (value === undefined ? undefined : str(value, field));

/** An optional number (its value is checked in Rust): `undefined` is absent. */
export function optNum(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw wrongType(field, "expected a number");
  return value;
}

/**
 * An options object: `undefined` and `null` mean all defaults; anything but an object is refused.
 * With `known`, an option outside it is refused (`unknown_field`, e.g. a misspelt `digit`, or
 * `length`, the name `digits` replaced), as the client refuses unknown request fields.
 */
export function opts(value: unknown, field = "options", known?: readonly string[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object") throw wrongType(field, "expected an options object");
  const o = value as Record<string, unknown>;
  const unknown = known && Object.keys(o).find((k) => !known.includes(k) && o[k] !== undefined);
  if (unknown) throw fail("invalid_input", "this option does not exist", unknown, "unknown_field");
  return o;
}

/** A required function. */
export function fn<T extends (...args: never[]) => unknown>(value: unknown, field: string): T {
  if (typeof value !== "function") throw wrongType(field, "expected a function");
  return value as T;
}

/** An optional function: `undefined` is absent. */
export const optFn = <T extends (...args: never[]) => unknown>(value: unknown, field: string): T | undefined => (value === undefined ? undefined : fn<T>(value, field));

/** An optional `AbortSignal`. */
export function optSignal(value: unknown, field = "signal"): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw wrongType(field, "expected an AbortSignal");
  return value;
}

/** The time now in Unix seconds, the default of every `at`. */
export const now = (): number => Date.now() / 1000;
