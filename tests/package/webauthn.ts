// `mfa-wasm/webauthn` used with strict types against the built declarations: the server's JSON
// forms go in and come out typed, the errors are the package's MfaError, and misuse is an error.
import { MfaClient } from "../../pkg/mfa_wasm.js";
import {
  browserSupportsWebAuthn, createPasskey, getPasskey, isMfaError, platformAuthenticatorIsAvailable,
  type AuthenticationResponseJson, type MfaErrorCode, type RegistrationResponseJson,
} from "../../pkg/webauthn/mfa_wasm.js";

export async function passkeys(client: MfaClient, abort: AbortController): Promise<MfaErrorCode | null> {
  if (!browserSupportsWebAuthn()) return "unsupported";
  const platform: boolean = await platformAuthenticatorIsAvailable();
  try {
    const { enrollmentId, publicKey } = await client.startWebAuthnEnrollment();
    const credential: RegistrationResponseJson = await createPasskey(publicKey, { signal: abort.signal });
    await client.confirmWebAuthnEnrollment({ enrollmentId, credential });
    const started = await client.startChallenge({ method: "webauthn" });
    if (started.publicKey && platform) {
      const assertion: AuthenticationResponseJson = await getPasskey(started.publicKey);
      await client.verifyChallenge({ challengeId: started.challengeId, credential: assertion });
    }
    // @ts-expect-error the request options are not creation options
    await createPasskey(started.publicKey!);
    // @ts-expect-error no such option
    await getPasskey(started.publicKey!, { timeout: 5 });
  } catch (e) {
    if (isMfaError(e)) {
      const code: MfaErrorCode = e.code;
      if (code === "cancelled" || code === "already_registered" || code === "security" || code === "aborted") return code;
    }
  }
  return null;
}

// The flows' passkey steps take an MfaClient as it is.
import { ChallengeFlow, EnrollmentFlow } from "../../pkg/mfa_wasm.js";
import { passkeyEnrollment, passkeySignIn } from "../../pkg/webauthn/mfa_wasm.js";
export function flows(client: MfaClient): [EnrollmentFlow, ChallengeFlow] {
  // @ts-expect-error the sign-in step is not an enrolment step
  void new EnrollmentFlow(client, { passkey: passkeySignIn(client) });
  return [new EnrollmentFlow(client, { passkey: passkeyEnrollment(client) }), new ChallengeFlow(client, { passkey: passkeySignIn(client) })];
}
