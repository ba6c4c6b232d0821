// The passkey helpers' conversions (WebAuthn L3 JSON forms <-> the browser's ArrayBuffers) and
// feature detection, with a stubbed navigator.credentials, in every engine.
import { assert, rejectedCode, rejection } from "../support/assert.mjs";
import { FB_FF, VECTORS, asText, assertion, creation, newCredential, request, stubWebAuthn, text, withWebAuthn } from "../support/credentials.js";

export default function define({ mfa }) {
  it("browser_supports_webauthn_and_platform_authenticator_follow_the_browser", async () => {
    await withWebAuthn({ uvpaa: () => Promise.resolve(true) }, async () => {
      assert.isTrue(mfa.browserSupportsWebAuthn());
      assert.isTrue(await mfa.platformAuthenticatorIsAvailable());
    });
    await withWebAuthn({ uvpaa: () => Promise.reject(new DOMException("", "NotAllowedError")) }, async () => {
      assert.isFalse(await mfa.platformAuthenticatorIsAvailable(), "a rejection is false, never thrown");
    });
    await withWebAuthn({ withPublicKeyCredential: false }, async () => {
      assert.isFalse(mfa.browserSupportsWebAuthn());
      assert.isFalse(await mfa.platformAuthenticatorIsAvailable());
      assert.equal(await rejectedCode(mfa, mfa.createPasskey(creation())), "unsupported");
      assert.equal(await rejectedCode(mfa, mfa.getPasskey(request())), "unsupported");
    });
  });

  it("create_passkey_converts_the_options_to_buffers_and_the_credential_to_json", async () => {
    for (const [plain, b64] of VECTORS) {
      let seen;
      const create = (options) => ((seen = options), Promise.resolve(newCredential({ response: { clientDataJSON: text(plain) } })));
      const json = await withWebAuthn({ create }, () => mfa.createPasskey(creation({ challenge: b64 })));
      assert.equal(asText(seen.publicKey.challenge), plain, `challenge ${b64}`);
      assert.equal(json.response.clientDataJSON, b64, `clientDataJSON of ${JSON.stringify(plain)}`);
    }
    let seen;
    const create = (options) => ((seen = options), Promise.resolve(newCredential()));
    const json = await withWebAuthn({ create }, () => mfa.createPasskey(creation()));
    const o = seen.publicKey;
    assert.deepEqual([...new Uint8Array(o.challenge)], [0xfb, 0xff, 0xbf], "base64url: - and _");
    assert.equal(asText(o.user.id), "foobar");
    assert.equal(asText(o.excludeCredentials[0].id), "f");
    assert.deepEqual([o.excludeCredentials[0].type, o.excludeCredentials[0].transports], ["public-key", ["usb"]]);
    assert.deepEqual([o.rp, o.pubKeyCredParams, o.authenticatorSelection, o.attestation, o.timeout], [creation().rp, creation().pubKeyCredParams, creation().authenticatorSelection, "none", 60000]);
    assert.instanceOf(seen.signal, AbortSignal);
    assert.deepEqual(json, {
      id: "AQID", rawId: "AQID", type: "public-key",
      response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0", attestationObject: "o2M", authenticatorData: "CQk", transports: ["internal", "hybrid"], publicKeyAlgorithm: -7 },
      authenticatorAttachment: "platform",
      clientExtensionResults: { credProps: { rk: true } },
    }, "absent values (getPublicKey() null) and unknown extension outputs left out");
  });

  it("get_passkey_converts_the_options_and_the_assertion", async () => {
    let seen;
    const get = (options) => ((seen = options), Promise.resolve(assertion()));
    const json = await withWebAuthn({ get }, () => mfa.getPasskey(request()));
    assert.equal(asText(seen.publicKey.challenge), "foo");
    assert.deepEqual([...new Uint8Array(seen.publicKey.allowCredentials[0].id)], [1, 2, 3]);
    assert.deepEqual([seen.publicKey.rpId, seen.publicKey.userVerification], ["localhost", "required"]);
    assert.deepEqual(json, {
      id: "AQID", rawId: "AQID", type: "public-key",
      response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0", authenticatorData: "Bw", signature: FB_FF.text },
      clientExtensionResults: {},
    }, "a null userHandle and attachment are left out");
    const handle = await withWebAuthn({ get: () => Promise.resolve(assertion({ response: { userHandle: text("foob") } })) }, () => mfa.getPasskey(request()));
    assert.equal(handle.response.userHandle, "Zm9vYg");
  });

  it("options_that_are_not_the_json_form_are_invalid_input", async () => {
    const restore = stubWebAuthn({ create: () => assert.fail("never called"), get: () => assert.fail("never called") });
    try {
      for (const [call, field] of [
        [() => mfa.createPasskey(creation({ challenge: "not base64url!" })), "options.challenge"],
        [() => mfa.createPasskey(creation({ challenge: "Z" })), "options.challenge"],
        [() => mfa.createPasskey(creation({ excludeCredentials: [{ type: "public-key", id: "+/" }] })), "options.excludeCredentials.0.id"],
        [() => mfa.getPasskey(request({ challenge: 42 })), "options.challenge"],
        [() => mfa.getPasskey(null), "options"],
      ]) {
        const err = await rejection(call());
        assert.deepEqual([err.code, err.field], ["invalid_input", field]);
      }
    } finally {
      restore();
    }
  });
}
