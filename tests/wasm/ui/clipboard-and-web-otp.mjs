// copyText and webOtp: as the test browsers are, and through stand-ins. (Ported from
// tests/ui/clipboard_and_web_otp.rs.)
import { assert, rejectedCode, rejectedField, rejection } from "../support/assert.mjs";
import { clipboardSpy, recorder, rejecting, replaced } from "../support/dom.js";
import { delay } from "../support/wait.js";

export default function define({ mfa }) {
  it("copy_text_uses_the_async_clipboard_or_rejects_with_a_typed_error", async () => {
    // As the test browser is: no user gesture and no focus, so the browser refuses. A typed
    // error, and never the text in the message.
    const err = await rejection(mfa.copyText("SECRET-TEXT"));
    assert.isTrue(mfa.isMfaError(err));
    assert.equal(err.code, "not_allowed");
    assert.notInclude(err.message, "SECRET-TEXT");
    const copyWith = (clipboard) => replaced(navigator, "clipboard", clipboard, () => mfa.copyText("x"));
    assert.equal(await rejectedCode(mfa, copyWith(undefined)), "unsupported");
    assert.equal(await rejectedCode(mfa, copyWith({ writeText: rejecting("NotAllowedError") })), "not_allowed");
    const spy = clipboardSpy();
    await replaced(navigator, "clipboard", spy, () => mfa.copyText("GEZD GNBV"));
    assert.deepEqual(spy.written, ["GEZD GNBV"]);
    assert.equal(await rejectedField(mfa.copyText(42)), "text");
  });

  it("web_otp_is_unsupported_without_otp_credential", async () => {
    if (!("OTPCredential" in window)) {
      // Firefox and WebKit: as they are.
      assert.equal(await rejectedCode(mfa, mfa.webOtp()), "unsupported");
    } else {
      // Chromium has it: an aborted signal rejects at once with `aborted`, and a request
      // waiting for an SMS (none comes) rejects with `aborted` when its signal aborts.
      assert.equal(await rejectedCode(mfa, mfa.webOtp({ signal: AbortSignal.abort() })), "aborted");
      const controller = new AbortController();
      const waiting = mfa.webOtp({ signal: controller.signal });
      await delay(200);
      controller.abort();
      assert.equal(await rejectedCode(mfa, waiting), "aborted");
    }
    const gone = replaced(window, "OTPCredential", undefined, () => mfa.webOtp());
    assert.equal(await rejectedCode(mfa, gone), "unsupported");
    assert.equal(await rejectedField(mfa.webOtp({ signal: "stop" })), "signal");
  });

  /** `webOtp(options)` against a stand-in `navigator.credentials` whose `get` is `answer`. */
  const webOtpWith = (answer, options) =>
    replaced(window, "OTPCredential", function OTPCredential() {}, () =>
      replaced(navigator, "credentials", { get: answer }, () => mfa.webOtp(options)),
    );

  it("web_otp_asks_for_an_sms_otp_and_checks_the_code_strictly", async () => {
    const requests = recorder();
    const answer = (code) => (request) => {
      requests(request);
      return Promise.resolve({ code, type: "otp" });
    };
    const signal = new AbortController().signal;
    assert.equal(await webOtpWith(answer("123456"), { signal }), "123456");
    assert.deepEqual([...requests.calls[0].otp.transport], ["sms"]);
    assert.strictEqual(requests.calls[0].signal, signal);
    for (const [tampered, reason] of [["12345a", "invalid_character"], ["１２３４５６", "invalid_character"], ["12345", "too_short"], ["1234567", "too_long"]]) {
      const err = await rejection(webOtpWith(answer(tampered)));
      assert.deepEqual([err.code, err.field, err.reason], ["invalid_input", "code", reason], tampered);
      assert.notInclude(err.message, tampered);
    }
    assert.equal(await webOtpWith(answer("12345678"), { digits: 8 }), "12345678");
    assert.equal(await rejectedField(webOtpWith(answer("1234"), { length: 4 })), "length", "one name for a code's length: digits");
    assert.equal(await rejectedCode(mfa, webOtpWith(rejecting("AbortError"))), "aborted");
    assert.equal(await rejectedCode(mfa, webOtpWith(rejecting("NotAllowedError"))), "not_allowed");
    assert.equal(await rejectedCode(mfa, webOtpWith(() => Promise.resolve(null))), "not_allowed");
  });
}
