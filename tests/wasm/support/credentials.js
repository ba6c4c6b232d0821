// A stand-in for navigator.credentials and PublicKeyCredential, the same in Node and in the
// browsers: the browsers' own objects are shadowed (own properties) for one case and restored.
// The credentials it returns are shaped as the browsers' PublicKeyCredential objects are.

const bytes = (...b) => new Uint8Array(b).buffer;
/** RFC 4648 §10 vectors and the two characters base64url changes (`+/` -> `-_`), by hand. */
export const VECTORS = [
  ["", ""], ["f", "Zg"], ["fo", "Zm8"], ["foo", "Zm9v"], ["foob", "Zm9vYg"], ["fooba", "Zm9vYmE"], ["foobar", "Zm9vYmFy"],
];
export const FB_FF = { buffer: bytes(0xfb, 0xff, 0xbf), text: "-_-_" };
export const text = (s) => new TextEncoder().encode(s).buffer;
export const asText = (b) => new TextDecoder().decode(b);

/** Installs `navigator.credentials.{create,get}` and `PublicKeyCredential` stand-ins; returns the restore function. */
export function stubWebAuthn({ create, get, uvpaa, withPublicKeyCredential = true } = {}) {
  const undo = [];
  const shadow = (target, key, value) => {
    const own = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    undo.push(() => (own ? Object.defineProperty(target, key, own) : delete target[key]));
  };
  if (typeof globalThis.navigator === "undefined") shadow(globalThis, "navigator", {});
  if (!navigator.credentials) shadow(navigator, "credentials", {});
  shadow(navigator.credentials, "create", create ?? (() => Promise.reject(new DOMException("", "NotAllowedError"))));
  shadow(navigator.credentials, "get", get ?? (() => Promise.reject(new DOMException("", "NotAllowedError"))));
  if (!withPublicKeyCredential) shadow(globalThis, "PublicKeyCredential", undefined);
  else {
    if (typeof globalThis.PublicKeyCredential !== "function") shadow(globalThis, "PublicKeyCredential", function PublicKeyCredential() {});
    shadow(globalThis.PublicKeyCredential, "isUserVerifyingPlatformAuthenticatorAvailable", uvpaa ?? (() => Promise.resolve(false)));
  }
  return () => undo.reverse().forEach((f) => f());
}

/** Runs `body` with the stand-in installed. */
export async function withWebAuthn(stubs, body) {
  const restore = stubWebAuthn(stubs);
  try {
    return await body();
  } finally {
    restore();
  }
}

/** A created credential as a browser returns it; `extra` overrides parts. */
export function newCredential(extra = {}) {
  return {
    type: "public-key",
    id: "AQID",
    rawId: bytes(1, 2, 3),
    authenticatorAttachment: "platform",
    getClientExtensionResults: () => ({ credProps: { rk: true }, other: 1 }),
    response: {
      clientDataJSON: text("{\"type\":\"webauthn.create\"}"),
      attestationObject: bytes(0xa3, 0x63),
      getTransports: () => ["internal", "hybrid"],
      getAuthenticatorData: () => bytes(9, 9),
      getPublicKey: () => null,
      getPublicKeyAlgorithm: () => -7,
      ...extra.response,
    },
    ...extra.credential,
  };
}

/** An assertion as a browser returns it. */
export function assertion(extra = {}) {
  return {
    type: "public-key",
    id: "AQID",
    rawId: bytes(1, 2, 3),
    authenticatorAttachment: null,
    getClientExtensionResults: () => ({}),
    response: { clientDataJSON: text("{\"type\":\"webauthn.get\"}"), authenticatorData: bytes(7), signature: FB_FF.buffer, userHandle: null, ...extra.response },
  };
}

/** Creation options in their JSON form. */
export const creation = (extra = {}) => ({
  rp: { id: "localhost", name: "ACME" },
  user: { id: "Zm9vYmFy", name: "alice@acme.test", displayName: "alice@acme.test" },
  challenge: "-_-_",
  pubKeyCredParams: [{ type: "public-key", alg: -7 }],
  timeout: 60000,
  excludeCredentials: [{ type: "public-key", id: "Zg", transports: ["usb"] }],
  authenticatorSelection: { userVerification: "required", residentKey: "preferred" },
  attestation: "none",
  ...extra,
});

/** Request options in their JSON form. */
export const request = (extra = {}) => ({
  challenge: "Zm9v",
  rpId: "localhost",
  allowCredentials: [{ type: "public-key", id: "AQID" }],
  userVerification: "required",
  ...extra,
});
