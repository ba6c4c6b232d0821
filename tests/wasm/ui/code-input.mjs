// bindCodeInput: attributes, clean-up of typed and pasted codes, onComplete, unbinding (the
// returned function or the signal), with
// synthetic events (the same code paths by real keys and paste: ui/shipped-fields.mjs).
// (Ported from tests/ui/code_fields.rs.)
import { assert, fieldOf } from "../support/assert.mjs";
import { composing, input, paste, recorder, typeIn } from "../support/dom.js";

/** Whether `value` matches the HTML `pattern`, anchored and with the `v` flag, as browsers do. */
export const patternAccepts = (pattern, value) => new RegExp(`^(?:${pattern})$`, "v").test(value);

export default function define({ mfa }) {
  const bind = (el, kind, onComplete, digits) => mfa.bindCodeInput(el, { kind, onComplete, digits });

  it("code_input_sets_the_attributes_and_unbinding_restores_them", () => {
    const el = input({ type: "number", autocomplete: "off", "aria-describedby": "help" });
    const unbind = bind(el, "totp", recorder());
    assert.isFunction(unbind, "the handle is a disposer, with nothing to free");
    const expected = { autocomplete: "one-time-code", inputmode: "numeric", pattern: "[0-9]{6}", maxlength: "14", type: "text", "aria-describedby": "help" };
    for (const [name, value] of Object.entries(expected)) assert.strictEqual(el.getAttribute(name), value, name);
    typeIn(el, "12a");
    assert.equal(el.getAttribute("aria-invalid"), "true");
    unbind();
    unbind(); // idempotent
    const restored = { autocomplete: "off", inputmode: null, pattern: null, maxlength: null, type: "number", "aria-invalid": null, "aria-describedby": "help" };
    for (const [name, value] of Object.entries(restored)) assert.strictEqual(el.getAttribute(name), value, name);
    el.remove();
  });

  it("code_input_cleans_typed_and_pasted_codes_and_reports_each_once", () => {
    const el = input();
    const done = recorder();
    const unbind = bind(el, "totp", done);
    typeIn(el, "123 456");
    assert.equal(el.value, "123456");
    typeIn(el, "123456"); // the same complete value: not reported again
    assert.deepEqual(done.calls, ["123456"]);
    typeIn(el, "12345");
    assert.isNull(el.getAttribute("aria-invalid"), "incomplete, not invalid");
    typeIn(el, "１２３-４５６");
    assert.deepEqual([el.value, done.calls.length], ["123456", 2]);
    typeIn(el, "12");
    assert.isTrue(paste(el, " 654 321\n"), "a complete pasted code replaces the value");
    assert.equal(el.value, "654321");
    assert.isFalse(paste(el, "65"), "a partial paste is left to the browser");
    typeIn(el, "1234567");
    assert.equal(el.getAttribute("aria-invalid"), "true");
    assert.deepEqual(done.calls, ["123456", "123456", "654321"]);
    unbind();
    typeIn(el, "999 999");
    assert.deepEqual([el.value, done.calls.length], ["999 999", 3], "detached");
    el.remove();
  });

  it("code_input_waits_for_an_ime_and_handles_sms_and_recovery_codes", () => {
    const el = input();
    const done = recorder();
    bind(el, "sms", done, 8);
    assert.equal(el.getAttribute("pattern"), "[0-9]{8}");
    el.value = "１２３４ ５６７８";
    composing(el);
    assert.equal(el.value, "１２３４ ５６７８", "untouched while composing");
    el.dispatchEvent(new Event("compositionend"));
    assert.deepEqual(done.calls, ["12345678"]);

    const rc = input();
    const unbind = bind(rc, "recovery", done);
    const expected = { autocomplete: "off", inputmode: "text", autocapitalize: "off", spellcheck: "false" };
    for (const [name, value] of Object.entries(expected)) assert.strictEqual(rc.getAttribute(name), value, name);
    typeIn(rc, "abcd efgh ijkl mn0p");
    assert.equal(rc.value, "ABCD-EFGH-IJKL-MNOP");
    assert.isTrue(patternAccepts(rc.getAttribute("pattern"), "ABCD-EFGH-IJKL-MNOP"));
    assert.equal(done.calls.at(-1), "ABCD-EFGH-IJKL-MNOP");
    unbind();
    assert.isNull(rc.getAttribute("spellcheck"));
  });

  it("code_input_unbinds_from_on_complete_by_signal_and_refuses_wrong_arguments", () => {
    const el = input();
    const holder = {};
    holder.unbind = bind(el, "totp", () => holder.unbind());
    typeIn(el, "123456");
    assert.isNull(el.getAttribute("autocomplete"), "detached from inside onComplete");
    typeIn(el, "654321"); // no listener left, nothing throws

    const cb = recorder();
    // The signal unbinds as the returned function does; an aborted one binds nothing.
    const controller = new AbortController();
    const bySignal = input();
    mfa.bindCodeInput(bySignal, { kind: "totp", onComplete: cb, signal: controller.signal });
    assert.equal(bySignal.getAttribute("autocomplete"), "one-time-code");
    controller.abort();
    assert.isNull(bySignal.getAttribute("autocomplete"), "unbound by the signal");
    typeIn(bySignal, "123456");
    mfa.bindCodeInput(bySignal, { kind: "totp", onComplete: cb, signal: AbortSignal.abort() })();
    assert.isNull(bySignal.getAttribute("autocomplete"), "an aborted signal binds nothing");
    assert.lengthOf(cb.calls, 0);
    assert.equal(fieldOf(() => mfa.bindCodeInput(document.createElement("div"), { kind: "totp", onComplete: cb })), "input");
    const fresh = input();
    const cases = [
      [{ kind: "email", onComplete: cb }, "kind"],
      [{ kind: "totp" }, "onComplete"],
      [{ kind: "totp", onComplete: cb, digits: 9 }, "digits"],
      [{ kind: "recovery", onComplete: cb, digits: 6 }, "digits"],
      ["totp", "options"],
      [{ kind: "totp", onComplete: cb, signal: "stop" }, "signal"],
      [{ kind: "totp", onComplete: cb, lenght: 6 }, "lenght"],
    ];
    for (const [options, bad] of cases) {
      assert.equal(fieldOf(() => mfa.bindCodeInput(fresh, options)), bad, bad);
    }
    assert.isNull(fresh.getAttribute("autocomplete"), "a refused binding changes nothing");
  });
}
