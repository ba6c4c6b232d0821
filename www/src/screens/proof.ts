// "Prove it's you": a fresh second-factor code, or a recovery code, before changing the setup
// (OWASP MFA cheat sheet: re-authenticate before changing factors; ASVS 5.0 7.5.1).
import { bindCodeInput, type ReverificationProof } from "mfa-wasm";
import { field, h } from "../dom";

/** A form asking for a TOTP code (or a recovery code when `allowRecovery`); calls `onProof`. */
export function proofForm(allowRecovery: boolean, submitLabel: string, onProof: (proof: ReverificationProof) => Promise<void>): { node: HTMLElement; cleanup: () => void } {
  let kind: "totp" | "recovery_code" = "totp";
  const code = field("proof-code", "Current 6-digit code from your authenticator app");
  let unbind = bindCodeInput(code.input, { kind: "totp", onComplete: () => undefined });
  const toggle = h("button", { type: "button", class: "secondary", id: "proof-use-recovery" }, "Use a recovery code instead");
  toggle.addEventListener("click", () => {
    unbind();
    kind = kind === "totp" ? "recovery_code" : "totp";
    const label = code.wrap.querySelector("label");
    if (label) label.textContent = kind === "totp" ? "Current 6-digit code from your authenticator app" : "Recovery code";
    toggle.textContent = kind === "totp" ? "Use a recovery code instead" : "Use the authenticator app instead";
    code.input.value = "";
    unbind = bindCodeInput(code.input, { kind: kind === "totp" ? "totp" : "recovery", onComplete: () => undefined });
    code.input.focus();
  });
  const submit = h("button", { type: "submit", id: "proof-submit" }, submitLabel);
  const form = h("form", {}, code.wrap, allowRecovery ? toggle : null, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const proof: ReverificationProof = kind === "totp" ? { method: "totp", code: code.input.value } : { method: "recovery_code", code: code.input.value };
    await onProof(proof).finally(() => { submit.disabled = false; });
  });
  return { node: form, cleanup: () => unbind() };
}
