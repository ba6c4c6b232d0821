// The enrolment steps that need more than a sentence: the QR code with its countdown and
// self-check, the phone number, the SMS code, and the recovery codes behind a "saved" gate.
import {
  bindCodeInput, copyText, downloadRecoveryCodes, mountQr, printRecoveryCodes, recoveryCodesText, startCountdown,
  type EnrollmentFlow, type EnrollmentState,
} from "mfa-wasm";
import type { App } from "../app";
import { alertError, announce, field, h } from "../dom";
import { describe } from "../messages";
import type { View } from "./enroll";

type Of<S extends EnrollmentState["state"]> = Extract<EnrollmentState, { state: S }>;

export function qrView(app: App, flow: EnrollmentFlow, state: Of<"showing_qr">): View {
  const qr = h("div", { class: "qr", id: "qr" });
  mountQr(qr, state.otpauthUri, { title: "QR code to scan with your authenticator app" });
  const secret = h("p", { class: "secret", id: "manual-secret" }, state.formattedSecret);
  const countdown = h("p", { id: "countdown" });
  const ticker = startCountdown((tick) => { countdown.textContent = `The code in your app changes in ${tick.secondsRemaining} s.`; }, { period: state.period, now: () => app.client.serverTime() });
  const skew = app.client.clockSkewSeconds;
  const skewWarning = skew !== null && Math.abs(skew) > state.period
    ? h("p", { class: "warning", id: "clock-warning" }, `This device's clock is ${Math.round(Math.abs(skew))} s ${skew > 0 ? "ahead" : "behind"}. Set it to update automatically, or codes will not match.`)
    : null;
  const code = field("enroll-code", "6-digit code from the app");
  const selfCheck = h("p", { id: "self-check", "aria-live": "polite" });
  const confirm = h("button", { type: "submit", id: "confirm-code" }, "Confirm");
  const form = h("form", {}, code.wrap, selfCheck, confirm);
  const submit = (value: string): void => {
    // The local self-check says at once whether the app and the QR code agree, before the server counts an attempt.
    const check = app.client.selfCheckTotp({ secret: state.secret, digits: state.digits, period: state.period }, value);
    selfCheck.textContent = check.offset === null
      ? "That code does not match this QR code yet; the server will check it too."
      : "The code matches: your app is set up.";
    void flow.submitCode(value);
  };
  const binding = bindCodeInput(code.input, { kind: "totp", onComplete: submit });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(code.input.value);
  });
  const node = h("div", {},
    h("h2", {}, "1. Scan this QR code"), qr,
    h("h2", {}, "Or type this key"), secret,
    h("p", {}, `${state.issuer ?? ""} · ${state.account ?? ""} · time-based, 6 digits`),
    countdown, skewWarning,
    h("h2", {}, "2. Enter the code the app shows"), form);
  return { node, focus: code.input, cleanup: () => { ticker.stop(); binding.detach(); } };
}

export function phoneView(flow: EnrollmentFlow): View {
  const phone = field("phone", "Mobile number, with country code (e.g. +1 415 555 0132)", { type: "tel", autocomplete: "tel" });
  const send = h("button", { type: "submit", id: "send-sms" }, "Send code");
  const form = h("form", {}, phone.wrap, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitPhone(phone.input.value);
  });
  return { node: form, focus: phone.input };
}

export function smsCodeView(app: App, flow: EnrollmentFlow, state: Of<"code_sent">): View {
  const code = field("sms-code", `Code sent to ${state.phoneHint}`);
  const confirm = h("button", { type: "submit", id: "confirm-code" }, "Confirm");
  const resend = h("button", { type: "button", class: "secondary", id: "resend" }, "Send a new code");
  resend.addEventListener("click", () => {
    if (app.client.serverTime() < state.resendAvailableAt) {
      alertError(`You can ask for a new code in ${Math.ceil(state.resendAvailableAt - app.client.serverTime())} s.`);
      return;
    }
    void flow.resend();
  });
  const form = h("form", {}, code.wrap, confirm, resend);
  const binding = bindCodeInput(code.input, { kind: "sms", onComplete: (value) => void flow.submitCode(value) });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.submitCode(code.input.value);
  });
  return { node: form, focus: code.input, cleanup: () => binding.detach() };
}

export function confirmedView(flow: EnrollmentFlow, state: Of<"confirmed">): View {
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
