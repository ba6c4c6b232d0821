// The enrolment steps that need more than a sentence: the QR code with its countdown and
// self-check, the phone number, the SMS code, and the recovery codes behind a "saved" gate.
import { bindCodeInput, copyText, mountQr, startCountdown, type EnrollmentFlow } from "mfa-wasm";
import type { App } from "../app";
import { alertError, field, h } from "../dom";
import type { View } from "../flow-view";
import { describe } from "../messages";
import { resendCountdown } from "../resend";
import { recoveryCodesPanel } from "./codes";
import type { Of } from "./enroll";

export function qrView(app: App, flow: EnrollmentFlow, state: Of<"showing_qr">): View<Of<"showing_qr">> {
  const qr = h("div", { class: "qr", id: "qr" });
  mountQr(qr, state.otpauthUri, { title: "QR code to scan with your authenticator app" });
  const secret = h("p", { class: "secret", id: "manual-secret" }, state.formattedSecret);
  // On a phone the QR code cannot be scanned: copy the key, or open it in the app (otpauth:).
  const keyDone = h("p", { id: "key-copied", class: "confirmation", role: "status", hidden: true });
  const copyKey = h("button", { type: "button", class: "secondary", id: "copy-key", onclick: async () => {
    try {
      await copyText(state.secret);
      keyDone.textContent = "Key copied: paste it into your authenticator app.";
      keyDone.hidden = false;
    } catch (e) {
      alertError(describe(e));
    }
  } }, "Copy key");
  const openApp = h("a", { href: state.otpauthUri, id: "open-app", class: "button" }, "Open in authenticator app");
  const countdown = h("p", { id: "countdown" });
  const stopCountdown = startCountdown((tick) => { countdown.textContent = `The code in your app changes in ${tick.secondsRemaining} s.`; }, { period: state.period, now: () => app.client.serverTime() });
  const code = field("enroll-code", `${state.digits}-digit code from the app`);
  const confirm = h("button", { type: "submit", id: "confirm-code" }, "Confirm");
  const form = h("form", {}, code.wrap, confirm);
  // The flow checks the code on this device at the server's time before it is sent: a mistyped
  // code costs no attempt, and a clock that is off is named as the likely cause (its error).
  const submit = (value: string): void => void flow.submitCode(value);
  const unbind = bindCodeInput(code.input, { kind: "totp", digits: state.digits, onComplete: submit });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(code.input.value);
  });
  const node = h("div", {},
    h("h2", {}, "1. Scan this QR code"), qr,
    h("h2", {}, "Or type this key"), secret, copyKey, openApp, keyDone,
    h("p", {}, `${state.issuer ?? ""} · ${state.account ?? ""} · time-based, 6 digits`),
    countdown,
    h("h2", {}, "2. Enter the code the app shows"), form);
  return {
    node,
    focus: code.input,
    field: code.input,
    update: (s) => {
      confirm.disabled = s.pending !== undefined;
      if (s.error) code.input.select();
    },
    cleanup: () => { stopCountdown(); unbind(); },
  };
}

export function phoneView(flow: EnrollmentFlow): View<Of<"entering_phone">> {
  const phone = field("phone", "Mobile number, with country code (e.g. +1 415 555 0132)", { type: "tel", autocomplete: "tel" });
  const send = h("button", { type: "submit", id: "send-sms" }, "Send code");
  const form = h("form", {}, phone.wrap, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitPhone(phone.input.value);
  });
  return { node: form, focus: phone.input, field: phone.input, update: (s) => (send.disabled = s.pending !== undefined) };
}

export function smsCodeView(flow: EnrollmentFlow, state: Of<"code_sent">, now: () => number): View<Of<"code_sent">> {
  const code = field("sms-code", `Code sent to ${state.phoneHint}`);
  const confirm = h("button", { type: "submit", id: "confirm-code" }, "Confirm");
  // Disabled until the server's cool-down has passed (the flow's `canResend`).
  const sent = h("p", { id: "resent", class: "confirmation", role: "status", hidden: true });
  const resend = h("button", { type: "button", class: "secondary", id: "resend", onclick: () => void flow.resend().then(() => {
    if (flow.state.error) return;
    code.input.value = "";
    sent.textContent = "A new code was sent. The previous one no longer works.";
    sent.hidden = false;
    code.input.focus();
  }) }, "Send a new code");
  const countdown = resendCountdown(resend, now);
  const form = h("form", {}, code.wrap, confirm, resend, sent);
  const unbind = bindCodeInput(code.input, { kind: "sms", onComplete: (value) => void flow.submitCode(value) });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitCode(code.input.value);
  });
  return {
    node: form,
    focus: code.input,
    field: code.input,
    update: (s) => {
      confirm.disabled = s.pending !== undefined;
      countdown.update(s);
    },
    cleanup: () => { countdown.stop(); unbind(); },
  };
}

export function confirmedView(flow: EnrollmentFlow, state: Of<"confirmed">): View<Of<"confirmed">> {
  return recoveryCodesPanel(state.recoveryCodes, { issuer: state.issuer, account: state.account }, () => flow.acknowledgeRecoveryCodes());
}
