// Sign in with a recovery code after losing the device; each code works once.
import { bindCodeInput } from "mfa-wasm";
import type { App } from "../app";
import { alertError, announce, field, h } from "../dom";
import { describe } from "../messages";
import { showEnroll } from "./enroll";

export function showRecover(app: App): void {
  const code = field("recovery-code", "Recovery code (XXXX-XXXX-XXXX-XXXX)");
  const submit = h("button", { type: "submit", id: "recover" }, "Sign in with recovery code");
  const form = h("form", {}, h("p", {}, "Each recovery code works once. Letters and digits only; dashes and spaces are optional."), code.wrap, submit);
  const binding = bindCodeInput(code.input, { kind: "recovery", onComplete: () => undefined });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const recovered = await app.client.recover({ code: code.input.value });
      code.input.value = "";
      if (recovered.enrollmentRequired) {
        announce("That was your last recovery code: set up two-factor authentication again.");
        showEnroll(app);
        return;
      }
      await app.route();
      announce(`Signed in. ${recovered.recoveryCodesRemaining} recovery codes left.`);
    } catch (e) {
      alertError(describe(e));
      submit.disabled = false;
    }
  });
  app.show({ title: "Use a recovery code", node: form, cleanup: () => binding.detach() });
}
