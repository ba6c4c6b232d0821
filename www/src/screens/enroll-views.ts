// The enrolment steps that need more than a sentence: the QR code with its countdown and
// self-check, the phone number, the SMS code, and the recovery codes behind a "saved" gate.
import {
  bindCodeInput, copyText, downloadRecoveryCodes, mountQr, printRecoveryCodes, recoveryCodesText, startCountdown,
  type EnrollmentFlow,
} from "mfa-wasm";
import type { App } from "../app";
import { alertError, announce, field, h } from "../dom";
import type { View } from "../flow-view";
import { describe } from "../messages";
import type { Of } from "./enroll";

export function qrView(app: App, flow: EnrollmentFlow, state: Of<"showing_qr">): View<Of<"showing_qr">> {
  const qr = h("div", { class: "qr", id: "qr" });
  mountQr(qr, state.otpauthUri, { title: "QR code to scan with your authenticator app" });
  const secret = h("p", { class: "secret", id: "manual-secret" }, state.formattedSecret);
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
    h("h2", {}, "Or type this key"), secret,
    h("p", {}, `${state.issuer ?? ""} · ${state.account ?? ""} · time-based, 6 digits`),
    countdown,
    h("h2", {}, "2. Enter the code the app shows"), form);
  return {
    node,
    focus: code.input,
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
  return { node: form, focus: phone.input, update: (s) => (send.disabled = s.pending !== undefined) };
}

export function smsCodeView(flow: EnrollmentFlow, state: Of<"code_sent">): View<Of<"code_sent">> {
  const code = field("sms-code", `Code sent to ${state.phoneHint}`);
  const confirm = h("button", { type: "submit", id: "confirm-code" }, "Confirm");
  // Disabled until the server's cool-down has passed (the flow's `canResend`).
  const resend = h("button", { type: "button", class: "secondary", id: "resend", onclick: () => void flow.resend().then(() => announce("A new code was sent.")) }, "Send a new code");
  const form = h("form", {}, code.wrap, confirm, resend);
  const unbind = bindCodeInput(code.input, { kind: "sms", onComplete: (value) => void flow.submitCode(value) });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitCode(code.input.value);
  });
  return {
    node: form,
    focus: code.input,
    update: (s) => {
      confirm.disabled = s.pending !== undefined;
      resend.disabled = !s.canResend || s.pending !== undefined;
    },
    cleanup: unbind,
  };
}

export function confirmedView(flow: EnrollmentFlow, state: Of<"confirmed">): View<Of<"confirmed">> {
  const options = { issuer: state.issuer, account: state.account };
  const list = h("ol", { class: "codes", id: "recovery-codes" }, ...state.recoveryCodes.map((c) => h("li", {}, c)));
  const act = (label: string, id: string, run: () => Promise<void> | void) =>
    h("button", { type: "button", class: "secondary", id, onclick: async () => {
      try {
        await run();
        announce(`${label}: done.`);
      } catch (e) {
        alertError(describe(e));
      }
    } }, label);
  const saved = h("input", { type: "checkbox", id: "saved-codes" });
  const next = h("button", { type: "button", id: "acknowledge", disabled: true, onclick: () => flow.acknowledgeRecoveryCodes() }, "Continue");
  saved.addEventListener("change", () => { next.disabled = !saved.checked; });
  const node = h("div", {},
    h("p", { class: "warning" }, "Save these recovery codes now. Each one signs you in once if you lose your device. They will not be shown again."),
    list,
    act("Download", "download-codes", () => downloadRecoveryCodes(state.recoveryCodes, options)),
    act("Copy", "copy-codes", () => copyText(recoveryCodesText(state.recoveryCodes, options))),
    act("Print", "print-codes", () => printRecoveryCodes(state.recoveryCodes, options)),
    h("div", {}, saved, h("label", { for: "saved-codes", class: "inline-label" }, "I have saved my recovery codes")),
    next);
  return { node, focus: list };
}
