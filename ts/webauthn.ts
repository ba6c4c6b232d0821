// `mfa-wasm/webauthn`: the passkey helpers, plain JavaScript with no wasm (they convert JSON and
// call navigator.credentials). An entry point of their own, as @simplewebauthn/browser is a
// package of its own: a page pays for them only where it imports them (about 1.2 KB gzip), and
// `mfa-wasm` keeps its size budget. Their errors are the package's one `MfaError`.
export { browserSupportsWebAuthn, createPasskey, getPasskey, platformAuthenticatorIsAvailable, type PasskeyOptions } from "./webauthn/passkey.js";
export { passkeyEnrollment, passkeySignIn, type PasskeyEnrollmentClient, type PasskeySignInClient } from "./webauthn/steps.js";
export { isMfaError, type MfaError, type MfaErrorCode } from "./errors.js";
export type {
  AuthenticationResponseJson, PublicKeyCredentialCreationOptionsJson, PublicKeyCredentialRequestOptionsJson, RegistrationResponseJson,
} from "./wasm.js";
