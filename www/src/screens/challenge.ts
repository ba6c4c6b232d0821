// The second step of a sign-in: a code from the authenticator app or by SMS (with the server's
// resend cool-down), another method, expiry and lockout. The ChallengeFlow decides; these views
// show its state.
import { bindCodeInput, webOtp, type ChallengeFlow, type MfaMethod } from "mfa-wasm";
import type { App } from "../app";
import { field, h } from "../dom";
import type { View } from "../flow-view";
import type { Of } from "./login";
import { resendCountdown } from "../resend";
import { mailOutboxPanel, outboxPanel } from "./outbox";

const PASSKEY = "Use a passkey or security key";
const label = (m: MfaMethod): string => (m === "sms" ? "Use a text message instead" : m === "webauthn" ? PASSKEY : "Use the authenticator app instead");
const choice = (m: MfaMethod): string => (m === "sms" ? "Text me a code" : m === "webauthn" ? PASSKEY : "Use the authenticator app");

export function choosingView(flow: ChallengeFlow, state: Of<"choosing_method">): View<Of<"choosing_method">> {
  const buttons = state.methods.map((m) =>
    h("button", { type: "button", id: `choose-${m}`, onclick: () => void flow.chooseMethod(m) }, choice(m)));
  const recovery = h("button", { type: "button", class: "secondary", id: "use-recovery-code", onclick: () => flow.useRecoveryCode() }, "Use a recovery code");
  return {
    node: h("div", {}, h("p", {}, "How do you want to confirm it is you?"), ...buttons, recovery),
    focus: buttons[0] ?? recovery,
    update: (s) => buttons.forEach((b) => (b.disabled = s.pending !== undefined)),
  };
}

export function challengeView(app: App, flow: ChallengeFlow, state: Of<"entering_code">): View<Of<"entering_code">> {
  const sms = state.method === "sms";
  const code = field("challenge-code", sms ? "Code from the text message" : `${state.digits}-digit code from the app`);
  const verify = h("button", { type: "submit", id: "verify" }, "Verify");
  const attempts = h("p", { id: "attempts", class: "warning", hidden: true });
  const form = h("form", {}, code.wrap, attempts, verify);
  const submit = (value: string): void => void flow.submitCode(value);
  const unbind = bindCodeInput(code.input, { kind: sms ? "sms" : "totp", onComplete: submit });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(code.input.value);
  });
  const others = state.methods.filter((m) => m !== state.method).map((m) =>
    h("button", { type: "button", class: "secondary", id: `other-${m}`, onclick: () => void flow.chooseMethod(m) }, label(m)));
  const lost = h("button", { type: "button", class: "secondary", id: "use-recovery-code", onclick: () => flow.useRecoveryCode() }, "Lost your device? Use a recovery code");
  const node = h("div", {}, form, ...others, lost);
  const abort = new AbortController();
  let resend: HTMLButtonElement | null = null;
  let countdown: ReturnType<typeof resendCountdown> | null = null;
  if (sms) {
    node.prepend(h("p", { id: "sms-sent" }, `We sent a code to ${state.phoneHint ?? "your phone"}. It expires in a few minutes.`));
    const sent = h("p", { id: "resent", class: "confirmation", role: "status", hidden: true });
    resend = h("button", { type: "button", class: "secondary", id: "resend", onclick: () => {
      void flow.resend().then(() => {
        if (flow.state.error) return;
        code.input.value = "";
        sent.textContent = "A new code was sent. The previous one no longer works.";
        sent.hidden = false;
        code.input.focus();
      });
    } }, "Send a new code");
    countdown = resendCountdown(resend, () => app.client.serverTime());
    form.append(resend, sent);
    if (app.dev) node.append(outboxPanel(), mailOutboxPanel());
    // SMS autofill where the browser has WebOTP; the code is still checked by the server.
    webOtp({ signal: abort.signal }).then((value) => {
      code.input.value = value;
      submit(value);
    }, () => undefined);
  }
  return {
    node,
    focus: code.input,
    field: code.input,
    update: (s) => {
      verify.disabled = s.pending !== undefined;
      countdown?.update(s);
      attempts.hidden = !s.lastAttempt;
      attempts.textContent = s.lastAttempt ? "One more wrong code locks your account for a while." : "";
      if (s.error) code.input.select();
    },
    cleanup: () => {
      abort.abort();
      countdown?.stop();
      unbind();
    },
  };
}

export function expiredView(flow: ChallengeFlow, state: Of<"expired">): View<Of<"expired">> {
  const passkey = state.method === "webauthn";
  const again = h("button", { type: "button", id: "restart", onclick: () => void flow.restart() }, passkey ? "Try the passkey again" : "Send a new code");
  const other = h("button", { type: "button", class: "secondary", onclick: () => flow.useAnotherMethod() }, "Use another method");
  return { node: h("div", {}, h("p", {}, passkey ? "That request expired." : "That code is no longer valid."), again, other), focus: again };
}

export function lockedView(flow: ChallengeFlow, state: Of<"locked_out">): View<Of<"locked_out">> {
  const when = state.until ? ` until ${new Date(state.until).toLocaleTimeString()}` : " for a while";
  const retry = h("button", { type: "button", id: "retry", disabled: !state.canRetry, onclick: () => flow.useAnotherMethod() }, "Try again");
  const recovery = h("button", { type: "button", class: "secondary", onclick: () => flow.useRecoveryCode() }, "Use a recovery code");
  return {
    node: h("div", {}, h("p", { id: "locked" }, `Too many wrong codes: your account is locked${when}.`),
      h("p", { id: "locked-help" }, "Wait until then and try again, or sign in now with one of your recovery codes. If you did not type these codes, someone may know your password: change it."),
      retry, recovery),
    focus: retry,
    update: (s) => (retry.disabled = !s.canRetry),
  };
}
