// Sign in with a recovery code after losing the device; each code works once.
import { bindCodeInput, type ChallengeFlow } from "mfa-wasm";
import { field, h } from "../dom";
import type { View } from "../flow-view";
import type { Of } from "./login";

export function recoverView(flow: ChallengeFlow): View<Of<"entering_recovery_code">> {
  const code = field("recovery-code", "Recovery code (XXXX-XXXX-XXXX-XXXX)");
  const submit = h("button", { type: "submit", id: "recover" }, "Sign in with recovery code");
  const back = h("button", { type: "button", class: "secondary", onclick: () => flow.useAnotherMethod() }, "Use another method");
  const form = h("form", {}, h("p", {}, "Each recovery code works once. Letters and digits only; dashes and spaces are optional."), code.wrap, submit, back);
  const unbind = bindCodeInput(code.input, { kind: "recovery", onComplete: () => undefined });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitRecoveryCode(code.input.value);
  });
  return {
    node: form,
    focus: code.input,
    field: code.input,
    update: (s) => {
      submit.disabled = s.pending !== undefined;
    },
    cleanup: unbind,
  };
}
