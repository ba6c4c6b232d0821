// The passkey steps the flows take as options: the server's options, the browser's ceremony and
// the server's verdict as one call, bound to a client. Here rather than in the flows, so that
// `mfa-wasm` carries no WebAuthn code a page does not import.
import { fail } from "../errors.js";
import type {
  Authenticated, AuthenticationResponseJson, ChallengeStarted, EnrollmentConfirmed, MfaMethod, PublicKeyCredentialCreationOptionsJson,
  RegistrationResponseJson, WebAuthnEnrollmentStarted,
} from "../wasm.js";
import { createPasskey, getPasskey } from "./passkey.js";

type Call = { signal?: AbortSignal };

/**
 * What `passkeyEnrollment` needs: an `MfaClient`, or anything with these two methods.
 * @example const ops: PasskeyEnrollmentClient = new MfaClient({ baseUrl: "/" });
 */
export interface PasskeyEnrollmentClient {
  startWebAuthnEnrollment(options?: Call): Promise<WebAuthnEnrollmentStarted>;
  confirmWebAuthnEnrollment(request: { enrollmentId: string; credential: RegistrationResponseJson }, options?: Call): Promise<EnrollmentConfirmed>;
}

/**
 * What `passkeySignIn` needs: an `MfaClient`, or anything with these two methods.
 * @example const ops: PasskeySignInClient = new MfaClient({ baseUrl: "/" });
 */
export interface PasskeySignInClient {
  startChallenge(request: { method: MfaMethod }, options?: Call): Promise<ChallengeStarted>;
  verifyChallenge(request: { challengeId: string; credential: AuthenticationResponseJson }, options?: Call): Promise<Authenticated>;
}

const options = <T>(answer: { publicKey?: T } | null): T => {
  if (typeof answer?.publicKey !== "object" || answer.publicKey === null) throw fail("protocol", "no WebAuthn options in the answer");
  return answer.publicKey;
};

/**
 * The enrolment's passkey step for `EnrollmentFlow`'s `passkey` option: `startWebAuthnEnrollment`,
 * `createPasskey`, `confirmWebAuthnEnrollment`; rejects with their errors.
 * @example new EnrollmentFlow(client, { passkey: passkeyEnrollment(client) });
 */
export const passkeyEnrollment = (client: PasskeyEnrollmentClient) => async ({ signal }: Call = {}): Promise<EnrollmentConfirmed> => {
  const started = await client.startWebAuthnEnrollment({ signal });
  const credential = await createPasskey(options<PublicKeyCredentialCreationOptionsJson>(started), { signal });
  return client.confirmWebAuthnEnrollment({ enrollmentId: started.enrollmentId, credential }, { signal });
};

/**
 * The sign-in's passkey step for `ChallengeFlow`'s `passkey` option: `startChallenge` for
 * WebAuthn, `getPasskey`, `verifyChallenge` with the credential; rejects with their errors.
 * @example new ChallengeFlow(client, { passkey: passkeySignIn(client) });
 */
export const passkeySignIn = (client: PasskeySignInClient) => async ({ signal }: Call = {}): Promise<Authenticated> => {
  const started = await client.startChallenge({ method: "webauthn" }, { signal });
  const credential = await getPasskey(options(started), { signal });
  return client.verifyChallenge({ challengeId: started.challengeId, credential }, { signal });
};
