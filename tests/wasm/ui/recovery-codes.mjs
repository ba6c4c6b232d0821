// recoveryCodesText, downloadRecoveryCodes (an object URL created and revoked) and
// printRecoveryCodes (a hidden iframe, removed afterwards). (Ported from
// tests/ui/recovery_codes.rs.)
import { assert, rejection, thrown } from "../support/assert.mjs";
import { CODES, downloadSpy, printSpy } from "../support/dom.js";

const SHEET = { issuer: "ACME Co", account: "alice@example.com" };

export default function define({ mfa }) {
  it("recovery_codes_text_has_a_title_the_rules_and_one_code_per_line", () => {
    const lines = mfa.recoveryCodesText(CODES, SHEET).split("\r\n");
    assert.equal(lines[0], "ACME Co recovery codes for alice@example.com");
    assert.include(lines, CODES[0]);
    assert.include(lines, CODES[1]);
    assert.equal(mfa.recoveryCodesText(CODES).split(/\r?\n/)[0], "Recovery codes");
    const cases = [
      ["AAAA", undefined, "codes"],
      [[], undefined, "codes"],
      [["AAAA-BBBB\r\nForged line"], undefined, "codes"],
      [[1], undefined, "codes"],
      [CODES, { issuer: 1 }, "issuer"],
      [CODES, { account: "a\nb" }, "account"],
    ];
    for (const [codes, options, bad] of cases) {
      const err = thrown(() => mfa.recoveryCodesText(codes, options));
      assert.equal(err.field, bad);
      assert.notInclude(err.message, "Forged", "no input in messages");
    }
  });

  it("download_creates_clicks_and_revokes_an_object_url", async () => {
    const spy = downloadSpy();
    try {
      mfa.downloadRecoveryCodes(CODES, SHEET);
    } finally {
      spy.restore();
    }
    assert.lengthOf(spy.created, 1);
    const [url, blob] = spy.created[0];
    assert.match(url, /^blob:/);
    assert.equal(spy.clicked[0].href, url);
    assert.equal(spy.clicked[0].download, "acme-co-recovery-codes.txt");
    assert.deepEqual(spy.revoked, [url], "revoked right after the click");
    assert.isNull(document.querySelector("a[download]"), "the link is gone");
    assert.equal(blob.type, "text/plain;charset=utf-8");
    assert.equal(await blob.text(), mfa.recoveryCodesText(CODES, SHEET));
    assert.equal(thrown(() => mfa.downloadRecoveryCodes([])).field, "codes");
  });

  it("print_prints_only_the_codes_from_an_iframe_removed_afterwards", async () => {
    const spy = printSpy();
    try {
      await mfa.printRecoveryCodes(CODES, SHEET);
    } finally {
      spy.restore();
    }
    assert.lengthOf(spy.printed, 1, "printed once");
    assert.isTrue(spy.printed[0].startsWith("ACME Co recovery codes for alice@example.com"), spy.printed[0]);
    assert.include(spy.printed[0], CODES[0]);
    assert.include(spy.printed[0], CODES[1]);
    assert.isFalse(spy.frames[0].isConnected, "the iframe is removed after printing");
    assert.notInclude(document.body.innerHTML, CODES[0]);
    assert.equal((await rejection(mfa.printRecoveryCodes("x"))).field, "codes");
  });
}
