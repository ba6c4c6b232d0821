// The flows' passkey steps: the server's options, the browser's ceremony, the server's verdict,
// as one action. The ceremony is the page's (`createPasskey` / `getPasskey` from
// `mfa-wasm/webauthn`, passed as an option): the flows stay headless (no navigator, no DOM) and
// `mfa-wasm` carries no WebAuthn code a page does not import.
import { fn } from "../errors.js";
import type {
  AuthenticationResponseJson, PublicKeyCredentialCreationOptionsJson, PublicKeyCredentialRequestOptionsJson, RegistrationResponseJson,
} from "../wasm.js";
import { protocol, text } from "./machine.js";

/**
 * `createPasskey` of `mfa-wasm/webauthn`, or anything shaped like it.
 * @example new EnrollmentFlow(client, { createPasskey });
 */
export type CreatePasskey = (options: PublicKeyCredentialCreationOptionsJson, callOptions?: { signal?: AbortSignal }) => Promise<RegistrationResponseJson>;

/**
 * `getPasskey` of `mfa-wasm/webauthn`, or anything shaped like it.
 * @example new ChallengeFlow(client, { getPasskey });
 */
export type GetPasskey = (options: PublicKeyCredentialRequestOptionsJson, callOptions?: { signal?: AbortSignal }) => Promise<AuthenticationResponseJson>;

type Client = Record<string, ((...args: unknown[]) => unknown) | undefined>;

/** An optional ceremony function of the options. */
export const optCeremony = <F>(value: unknown, field: string): F | undefined => (value === undefined ? undefined : fn<F & ((...a: never[]) => unknown)>(value, field));

/** The `publicKey` object of an answer, or `protocol`. */
function publicKeyOf<T>(answer: unknown): T {
  const key = (answer as { publicKey?: unknown } | null)?.publicKey;
  if (typeof key !== "object" || key === null) throw protocol();
  return key as T;
}

/** `startWebAuthnEnrollment`, the ceremony, `confirmWebAuthnEnrollment`: the confirmation's answer. */
export async function enrolPasskey(client: Client, create: CreatePasskey, signal: AbortSignal): Promise<unknown> {
  const started = await client.startWebAuthnEnrollment!({ signal });
  const credential = await create(publicKeyOf(started), { signal });
  return client.confirmWebAuthnEnrollment!({ enrollmentId: text(started, "enrollmentId"), credential }, { signal });
}

/** `startChallenge` for WebAuthn, the ceremony, `verifyChallenge` with the credential: its answer. */
export async function signInWithPasskey(client: Client, get: GetPasskey, signal: AbortSignal): Promise<unknown> {
  const started = await client.startChallenge!({ method: "webauthn" }, { signal });
  const credential = await get(publicKeyOf(started), { signal });
  return client.verifyChallenge!({ challengeId: text(started, "challengeId"), credential }, { signal });
}
