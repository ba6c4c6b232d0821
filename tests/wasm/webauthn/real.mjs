// The browser's own WebAuthn, unstubbed: an RP ID that is not this page's origin (the test page
// is served from an IP address, which no RP ID can match) is the browser's SecurityError, which
// reaches the caller as `security` (WebAuthn L3 §5.1.3 step 8, §5.1.4.1 step 8).
import { assert, rejectedCode } from "../support/assert.mjs";
import { creation, request } from "../support/credentials.js";

export default function define({ mfa, env }) {
  it("an_rp_id_that_is_not_the_pages_origin_is_security", async () => {
    const other = { rp: { id: "example.com", name: "Example" } };
    if (env.engine === "webkit") {
      // WebKitGTK's MiniBrowser (the WebKit under test here) has no PublicKeyCredential.
      assert.isFalse(mfa.browserSupportsWebAuthn());
      assert.equal(await rejectedCode(mfa, mfa.createPasskey(creation(other))), "unsupported");
      return;
    }
    assert.isTrue(mfa.browserSupportsWebAuthn(), "WebAuthn in Chromium and Firefox");
    assert.equal(await rejectedCode(mfa, mfa.createPasskey(creation(other))), "security");
    assert.equal(await rejectedCode(mfa, mfa.getPasskey(request({ rpId: "example.com" }))), "security");
  });
}
