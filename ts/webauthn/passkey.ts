// The WebAuthn ceremonies: `createPasskey` and `getPasskey` wrap navigator.credentials.create/get
// with the JSON forms the server sends and takes, one pending ceremony at a time, and every
// DOMException mapped to an MfaError code (as @simplewebauthn/browser maps them).
import { fail, optSignal, opts, type MfaError } from "../errors.js";
import type {
  AuthenticationResponseJson, PublicKeyCredentialCreationOptionsJson, PublicKeyCredentialRequestOptionsJson, RegistrationResponseJson,
} from "../wasm.js";
import { authenticationJson, creationOptions, registrationJson, requestOptions } from "./convert.js";

/**
 * Options of `createPasskey` and `getPasskey`.
 * @example const options: PasskeyOptions = { signal: abort.signal };
 */
export interface PasskeyOptions {
  /** Aborts the ceremony; it then rejects with `aborted`. */
  signal?: AbortSignal;
}

/**
 * Whether this browser has WebAuthn (`PublicKeyCredential` and `navigator.credentials`).
 * @example if (!browserSupportsWebAuthn()) hide(passkeyButton);
 */
export function browserSupportsWebAuthn(): boolean {
  const g = globalThis as { PublicKeyCredential?: unknown; navigator?: { credentials?: { create?: unknown } } };
  return typeof g.PublicKeyCredential === "function" && typeof g.navigator?.credentials?.create === "function";
}

/**
 * Whether a platform authenticator with user verification (Touch ID, Windows Hello, a phone's
 * screen lock) is available. Never rejects: false when unknown.
 * @example if (await platformAuthenticatorIsAvailable()) offerPasskey();
 */
export async function platformAuthenticatorIsAvailable(): Promise<boolean> {
  if (!browserSupportsWebAuthn()) return false;
  try {
    return (await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()) === true;
  } catch {
    return false;
  }
}

const ABORTED = "aborted";

// The one pending ceremony: a new one aborts it (a browser runs one WebAuthn request at a time).
let pending: AbortController | undefined;

/** The DOMException of a failed ceremony as an MfaError. */
function mapped(e: unknown, creating: boolean): MfaError {
  switch ((e as { name?: unknown } | null)?.name) {
    case "AbortError":
      return fail("aborted", ABORTED);
    case "NotAllowedError":
      return fail("cancelled", "cancelled or timed out");
    case "InvalidStateError":
      return creating
        ? fail("already_registered", "registered already")
        : fail("cancelled", "refused");
    case "SecurityError":
      return fail("security", "RP ID or origin mismatch");
    case "NotSupportedError":
    case "ConstraintError":
      return fail("unsupported", "not supported");
    default:
      return fail("not_allowed", "refused");
  }
}

async function ceremony(options: unknown, run: (signal: AbortSignal) => Promise<Credential | null>, creating: boolean): Promise<PublicKeyCredential> {
  const signal = optSignal(opts(options, "options", ["signal"]).signal);
  if (!browserSupportsWebAuthn()) throw fail("unsupported", "no WebAuthn here");
  if (signal?.aborted) throw fail("aborted", ABORTED);
  pending?.abort();
  const own = new AbortController();
  pending = own;
  const forward = () => own.abort();
  signal?.addEventListener("abort", forward, { once: true });
  try {
    const credential = await run(own.signal);
    if (!credential || (credential as PublicKeyCredential).type !== "public-key") throw fail("cancelled", "no credential");
    return credential as PublicKeyCredential;
  } catch (e) {
    if (own.signal.aborted) throw fail("aborted", ABORTED);
    throw (e as { name?: unknown })?.name === "MfaError" ? e : mapped(e, creating);
  } finally {
    signal?.removeEventListener("abort", forward);
    if (pending === own) pending = undefined;
  }
}

/**
 * Registers a passkey or security key: `navigator.credentials.create()` with the creation
 * options in their JSON form (`startWebAuthnEnrollment`'s `publicKey`), resolving to the new
 * credential's JSON form for `confirmWebAuthnEnrollment`. A ceremony still pending is aborted.
 * Rejects with `cancelled`, `already_registered`, `security`, `unsupported`, `aborted` or
 * `invalid_input` (options that are not the JSON form).
 * @example
 * const { enrollmentId, publicKey } = await client.startWebAuthnEnrollment();
 * const credential = await createPasskey(publicKey);
 * await client.confirmWebAuthnEnrollment({ enrollmentId, credential });
 */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJson, callOptions?: PasskeyOptions): Promise<RegistrationResponseJson> {
  const publicKey = creationOptions(options);
  const credential = await ceremony(callOptions, (signal) => navigator.credentials.create({ publicKey, signal }), true);
  return registrationJson(credential);
}

/**
 * Signs in with a passkey or security key: `navigator.credentials.get()` with the request
 * options in their JSON form (`startChallenge`'s `publicKey`), resolving to the assertion's JSON
 * form for `verifyChallenge({ challengeId, credential })`. Rejects as `createPasskey` does.
 * @example
 * const { challengeId, publicKey } = await client.startChallenge({ method: "webauthn" });
 * await client.verifyChallenge({ challengeId, credential: await getPasskey(publicKey!) });
 */
export async function getPasskey(options: PublicKeyCredentialRequestOptionsJson, callOptions?: PasskeyOptions): Promise<AuthenticationResponseJson> {
  const publicKey = requestOptions(options);
  const credential = await ceremony(callOptions, (signal) => navigator.credentials.get({ publicKey, signal }), false);
  return authenticationJson(credential);
}
