// "Prove it's you": a fresh proof with the person's own method (an authenticator-app code, or a
// code sent by SMS to their phone), or a recovery code, before changing the setup (OWASP MFA
// Cheat Sheet "Changing MFA Factors": re-authenticate with an existing factor; ASVS 5.0 7.5.1).
import { bindCodeInput, type MfaClient, type MfaMethod, type ReverificationProof } from "mfa-wasm";
import { getPasskey } from "mfa-wasm/webauthn";
import { field, h, setFieldError } from "../dom";
import { describe } from "../messages";

type Kind = "totp" | "sms" | "webauthn" | "recovery_code";

const LABELS: Record<Kind, string> = {
  totp: "Current 6-digit code from your authenticator app",
  sms: "6-digit code from the text message",
  webauthn: "Recovery code (XXXX-XXXX-XXXX-XXXX)",
  recovery_code: "Recovery code (XXXX-XXXX-XXXX-XXXX)",
};

/**
 * A form asking for a proof with `method` (the person's factor), or a recovery code; calls
 * `onProof`, whose failure is shown under the field.
 */
export function proofForm(client: MfaClient, method: MfaMethod, phoneHint: string | undefined, submitLabel: string, onProof: (proof: ReverificationProof) => Promise<void>, allowRecovery = true): { node: HTMLElement; cleanup: () => void } {
  const own: Kind = method === "sms" ? "sms" : method === "webauthn" ? "webauthn" : "totp";
  let kind: Kind = own;
  let challengeId: string | undefined;
  const code = field("proof-code", LABELS[kind]);
  const bind = (): (() => void) => bindCodeInput(code.input, { kind: kind === "recovery_code" ? "recovery" : kind === "sms" ? "sms" : "totp", onComplete: () => undefined });
  let unbind = bind();
  const sent = h("p", { id: "proof-sent", class: "confirmation", hidden: true });
  const send = h("button", { type: "button", id: "proof-send-sms" }, `Text a code to ${phoneHint ?? "your phone"}`);
  const submit = h("button", { type: "submit", id: "proof-submit" }, submitLabel);
  const other = method === "sms" ? "Use the text message instead" : method === "webauthn" ? "Use your passkey instead" : "Use the authenticator app instead";
  // A passkey proves it with a step-up challenge, the ceremony and the assertion.
  const passkey = h("button", { type: "button", id: "proof-passkey" }, "Confirm with your passkey or security key");
  passkey.addEventListener("click", async () => {
    passkey.disabled = true;
    setFieldError(code.input, null);
    try {
      const started = await client.startChallenge({ method: "webauthn" });
      if (!started.publicKey) throw new Error("no WebAuthn options");
      await onProof({ method: "webauthn", challengeId: started.challengeId, credential: await getPasskey(started.publicKey) });
    } catch (e) {
      code.wrap.hidden = false;
      setFieldError(code.input, describe(e));
    } finally {
      passkey.disabled = false;
    }
  });
  const toggle = h("button", { type: "button", class: "secondary", id: "proof-use-recovery" }, "Use a recovery code instead");
  const show = (): void => {
    const noField = (kind === "sms" && challengeId === undefined) || kind === "webauthn";
    code.wrap.hidden = noField;
    submit.hidden = noField;
    passkey.hidden = kind !== "webauthn";
    send.hidden = kind !== "sms" || challengeId !== undefined;
  };
  send.addEventListener("click", async () => {
    send.disabled = true;
    try {
      const started = await client.startChallenge({ method: "sms" });
      challengeId = started.challengeId;
      sent.textContent = `We sent a code to ${started.phoneHint ?? "your phone"}.`;
      sent.hidden = false;
      show();
      code.input.focus();
    } catch (e) {
      setFieldError(code.input, describe(e));
    } finally {
      send.disabled = false;
    }
  });
  toggle.addEventListener("click", () => {
    unbind();
    kind = kind === "recovery_code" ? own : "recovery_code";
    code.wrap.querySelector("label")?.replaceChildren(LABELS[kind]);
    toggle.textContent = kind === "recovery_code" ? other : "Use a recovery code instead";
    code.input.value = "";
    setFieldError(code.input, null);
    unbind = bind();
    show();
    (kind === "webauthn" ? passkey : send.hidden ? code.input : send).focus();
  });
  const form = h("form", { novalidate: true }, send, passkey, sent, code.wrap, submit, allowRecovery ? toggle : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (kind === "webauthn") return passkey.click();
    submit.disabled = true;
    setFieldError(code.input, null);
    const value = code.input.value;
    const proof: ReverificationProof = kind === "recovery_code" ? { method: "recovery_code", code: value }
      : kind === "sms" ? { method: "sms", challengeId: challengeId ?? "", code: value }
      : { method: "totp", code: value };
    try {
      await onProof(proof);
    } catch (e) {
      setFieldError(code.input, describe(e));
      code.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  show();
  return { node: form, cleanup: () => unbind() };
}
