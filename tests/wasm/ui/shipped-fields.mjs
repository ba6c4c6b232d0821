// Regression tests for what broke in the shipped package (issue 12): a bound field's
// `maxlength` and `pattern` were NUL characters, which browsers ignore, so the field lost its
// length limit and its validity pattern. Here the browser itself judges the attributes (its
// parsing of `maxlength`, its `pattern` validity, real key presses and paste through
// WebDriver), and ZBar reads the QR code from a screenshot.
import { assert } from "../support/assert.mjs";
import { input, recorder } from "../support/dom.js";
import { patternAccepts } from "./code-input.mjs";

/** [kind, digits, maxlength, a correct value, values the pattern must refuse] */
const FIELDS = [
  ["totp", undefined, "14", "123456", ["12345", "1234567", "12a456", "１２３４５６", "123 456"]],
  ["totp", 8, "18", "12345678", ["1234567", "123456789", "1234567a"]],
  ["sms", undefined, "14", "654321", ["65432", "6543210", "65432x"]],
  ["sms", 10, "22", "0123456789", ["012345678", "01234567890"]],
  ["recovery", undefined, "34", "ABCD-EFGH-IJKL-MNOP", ["ABCD-EFGH-IJKL-MNO", "abcd-efgh-ijkl-mnop", "ABCD-EFGH-IJKL-MNO1", "ABCDEFGHIJKLMNOP"]],
];

export const QR_URI =
  "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60";

/** Two animation frames: what was just inserted has been laid out and painted. */
const painted = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

export default function define({ mfa, host }) {
  const field = (id, kind, done, digits) => {
    const el = input({ id });
    const unbind = mfa.bindCodeInput(el, { kind, onComplete: done, digits });
    return { el, unbind };
  };

  it("bound_fields_have_a_valid_maxlength_and_pattern_for_totp_sms_and_recovery", () => {
    for (const [kind, digits, maxlength, good, bad] of FIELDS) {
      const label = `${kind}${digits ? ` (${digits} digits)` : ""}`;
      const { el, unbind } = field(`f-${kind}`, kind, recorder(), digits);
      assert.strictEqual(el.getAttribute("maxlength"), maxlength, `${label}: maxlength attribute`);
      assert.strictEqual(el.maxLength, Number(maxlength), `${label}: maxlength as the browser parsed it`);
      const pattern = el.getAttribute("pattern");
      assert.notMatch(pattern, /[\0-\x1f]/, `${label}: control characters in the pattern`);
      assert.doesNotThrow(() => new RegExp(`^(?:${pattern})$`, "v"), undefined, `${label}: pattern ${JSON.stringify(pattern)}`);
      assert.isTrue(patternAccepts(pattern, good), `${label}: ${pattern} accepts ${good}`);
      for (const b of bad) assert.isFalse(patternAccepts(pattern, b), `${label}: ${pattern} refuses ${b}`);
      // The browser's own constraint validation (value set without an input event, so the
      // binding leaves it as it is).
      for (const b of bad) {
        el.value = b;
        assert.isFalse(el.checkValidity(), `${label}: checkValidity() refuses ${b}`);
        assert.isTrue(el.validity.patternMismatch, `${label}: patternMismatch for ${b}`);
      }
      el.value = good;
      assert.isTrue(el.checkValidity(), `${label}: checkValidity() accepts ${good}`);
      unbind();
      el.remove();
    }
  });

  it("typing_123_456_by_real_keys_gives_123456_once", async () => {
    const done = recorder();
    const { el, unbind } = field("typed", "totp", done);
    await host("keys", { selector: "#typed", text: "123 456" });
    assert.deepEqual([el.value, done.calls], ["123456", ["123456"]]);
    assert.isTrue(el.checkValidity());
    assert.isNull(el.getAttribute("aria-invalid"));
    unbind();
    el.remove();
  });

  it("typing_past_maxlength_is_stopped_by_the_browser", async () => {
    const done = recorder();
    const { el, unbind } = field("long", "totp", done);
    await host("keys", { selector: "#long", text: "12345678901234567890" });
    assert.equal(el.value, "12345678901234", "the browser stops at maxlength 14");
    assert.equal(el.getAttribute("aria-invalid"), "true", "too long for a code");
    assert.deepEqual(done.calls, ["123456"], "complete once, at the sixth digit");
    unbind();
    el.remove();
  });

  it("pasting_full_width_１２３-４５６_by_the_browsers_paste_gives_123456", async () => {
    const source = document.createElement("textarea");
    source.id = "clipboard-source";
    source.value = "１２３-４５６";
    document.body.append(source);
    const done = recorder();
    const { el, unbind } = field("pasted", "totp", done);
    el.value = "99";
    await host("copyPaste", { from: "#clipboard-source", to: "#pasted" });
    assert.deepEqual([el.value, done.calls], ["123456", ["123456"]], "the pasted code replaces what was typed");
    assert.isTrue(el.checkValidity());
    unbind();
    el.remove();
    source.remove();
  });

  it("mount_qr_is_read_back_by_zbar_from_a_screenshot", async () => {
    // The QR code alone on a white page, 8+ px per module; the runner takes a screenshot of
    // the whole page (element screenshots are black in WebKitGTK) and runs zbarimg.
    const overlay = document.createElement("div");
    overlay.style.cssText = "position:fixed;inset:0;background:#fff;z-index:2147483647;padding:40px";
    const box = document.createElement("div");
    box.style.cssText = "width:440px;height:440px";
    overlay.append(box);
    document.body.append(overlay);
    mfa.mountQr(box, QR_URI, { title: "Scan with your authenticator app" });
    const svg = box.querySelector("svg");
    svg.style.cssText = "display:block;width:100%;height:100%";
    await painted();
    const { bytes, file } = await host("screenshotQr", { name: "mount-qr" });
    overlay.remove();
    assert.deepEqual(bytes, [...new TextEncoder().encode(QR_URI)], `ZBar's reading of ${file}, byte for byte`);
  });
}
