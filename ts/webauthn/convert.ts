// WebAuthn Level 3 JSON forms <-> the browser's objects: base64url (RFC 4648 §5, no padding) for
// every binary value, as `PublicKeyCredential.toJSON()` and `parseCreationOptionsFromJSON` do.
// Written here rather than calling those L3 methods: Safari before 18 and Firefox before 119 lack
// them, and these few fields are the whole conversion.
import { fail } from "../errors.js";
import type {
  AuthenticationResponseJson, ClientExtensionResultsJson, CredentialDescriptorJson, PublicKeyCredentialCreationOptionsJson,
  PublicKeyCredentialRequestOptionsJson, RegistrationResponseJson,
} from "../wasm.js";

/** base64url text -> bytes; `invalid_input` (reason `invalid_value`) naming `field` if it is not base64url. */
export function fromBase64url(text: unknown, field: string): ArrayBuffer {
  if (typeof text !== "string") throw fail("invalid_input", "expected a base64url string", field, "invalid_type");
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw fail("invalid_input", "not base64url", field, "invalid_value");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** bytes -> base64url text, no padding. */
export function toBase64url(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const descriptors = (list: readonly CredentialDescriptorJson[] | undefined, field: string): PublicKeyCredentialDescriptor[] | undefined =>
  list?.map((d, i) => ({ ...d, type: "public-key", id: fromBase64url(d.id, `${field}.${i}.id`), transports: d.transports as AuthenticatorTransport[] | undefined }));

/** Creation options from their JSON form. */
export function creationOptions(o: PublicKeyCredentialCreationOptionsJson): PublicKeyCredentialCreationOptions {
  if (typeof o !== "object" || o === null) throw fail("invalid_input", "expected an object", "options", "invalid_type");
  return {
    ...(o as unknown as PublicKeyCredentialCreationOptions),
    challenge: fromBase64url(o.challenge, "options.challenge"),
    user: { ...o.user, id: fromBase64url(o.user?.id, "options.user.id") },
    excludeCredentials: descriptors(o.excludeCredentials, "options.excludeCredentials"),
  };
}

/** Request options from their JSON form. */
export function requestOptions(o: PublicKeyCredentialRequestOptionsJson): PublicKeyCredentialRequestOptions {
  if (typeof o !== "object" || o === null) throw fail("invalid_input", "expected an object", "options", "invalid_type");
  return {
    ...(o as unknown as PublicKeyCredentialRequestOptions),
    challenge: fromBase64url(o.challenge, "options.challenge"),
    allowCredentials: descriptors(o.allowCredentials, "options.allowCredentials"),
  };
}

/** The value of an optional getter, or undefined where the browser lacks it or has no value. */
const maybe = <T>(f: () => T | null | undefined): T | undefined => {
  try {
    return f() ?? undefined;
  } catch {
    return undefined;
  }
};

function extensions(credential: PublicKeyCredential): ClientExtensionResultsJson {
  const results = maybe(() => credential.getClientExtensionResults()) as { credProps?: { rk?: unknown } } | undefined;
  const rk = results?.credProps?.rk;
  return typeof rk === "boolean" ? { credProps: { rk } } : {};
}

const attachment = (credential: PublicKeyCredential) => maybe(() => credential.authenticatorAttachment as string | null);

/** The JSON form of a new credential (`RegistrationResponseJSON`), absent values left out. */
export function registrationJson(credential: PublicKeyCredential): RegistrationResponseJson {
  const r = credential.response as AuthenticatorAttestationResponse;
  const authenticatorData = maybe(() => r.getAuthenticatorData());
  const publicKey = maybe(() => r.getPublicKey());
  return clean({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: clean({
      clientDataJSON: toBase64url(r.clientDataJSON),
      attestationObject: toBase64url(r.attestationObject),
      authenticatorData: authenticatorData && toBase64url(authenticatorData),
      transports: maybe(() => r.getTransports()),
      publicKey: publicKey && toBase64url(publicKey),
      publicKeyAlgorithm: maybe(() => r.getPublicKeyAlgorithm()),
    }),
    authenticatorAttachment: attachment(credential),
    clientExtensionResults: extensions(credential),
  });
}

/** The JSON form of an assertion (`AuthenticationResponseJSON`), absent values left out. */
export function authenticationJson(credential: PublicKeyCredential): AuthenticationResponseJson {
  const r = credential.response as AuthenticatorAssertionResponse;
  return clean({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: clean({
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
      userHandle: r.userHandle ? toBase64url(r.userHandle) : undefined,
    }),
    authenticatorAttachment: attachment(credential),
    clientExtensionResults: extensions(credential),
  });
}

/** Without its `undefined` members: the contract has no nullable field. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
