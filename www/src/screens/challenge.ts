// The second step of a login: a code from the authenticator app or by SMS, or a recovery code.
import { bindCodeInput, webOtp, type ChallengeStarted, type MfaMethod } from "mfa-wasm";
import type { App } from "../app";
import { alertError, announce, field, h } from "../dom";
import { describe } from "../messages";
import { mailOutboxPanel, outboxPanel } from "./outbox";
import { showRecover } from "./recover";

export function showChallenge(app: App, methods: MfaMethod[]): void {
  const method = methods[0] ?? "totp";
  const body = h("div", {});
  const cleanups: (() => void)[] = [];
  const others = methods.filter((m) => m !== method);
  const switcher = others.map((m) => h("button", { type: "button", class: "secondary", onclick: () => showChallenge(app, [m, ...methods.filter((x) => x !== m)]) }, m === "sms" ? "Use a text message instead" : "Use the authenticator app instead"));
  const lost = h("button", { type: "button", class: "secondary", id: "use-recovery-code", onclick: () => showRecover(app) }, "Lost your device? Use a recovery code");
  app.show({
    title: method === "sms" ? "Enter the code we texted you" : "Enter the code from your authenticator app",
    node: h("div", {}, body, ...switcher, lost),
    cleanup: () => cleanups.forEach((c) => c()),
  });
  void start(app, method, body, cleanups);
}

async function start(app: App, method: MfaMethod, body: HTMLElement, cleanups: (() => void)[]): Promise<void> {
  let challenge: ChallengeStarted;
  try {
    challenge = await app.client.startChallenge({ method });
  } catch (e) {
    alertError(describe(e));
    return;
  }
  const code = field("challenge-code", method === "sms" ? "Code from the text message" : "6-digit code from the app");
  const verify = h("button", { type: "submit", id: "verify" }, "Verify");
  const form = h("form", {}, code.wrap, verify);
  const submit = async (value: string): Promise<void> => {
    verify.disabled = true;
    try {
      await app.client.verifyChallenge({ challengeId: challenge.challengeId, code: value });
      code.input.value = "";
      await app.route();
    } catch (e) {
      alertError(describe(e));
      verify.disabled = false;
      code.input.select();
    }
  };
  const binding = bindCodeInput(code.input, { kind: method, onComplete: (value) => void submit(value) });
  cleanups.push(() => binding.detach());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(code.input.value);
  });
  body.replaceChildren(form);
  if (method === "sms") {
    body.prepend(h("p", { id: "sms-sent" }, `We sent a code to ${challenge.phoneHint ?? "your phone"}. It expires in a few minutes.`));
    const resend = h("button", { type: "button", class: "secondary", id: "resend", onclick: async () => {
      try {
        await app.client.resendSms({ challengeId: challenge.challengeId });
        announce("A new code was sent.");
      } catch (e) {
        alertError(describe(e));
      }
    } }, "Send a new code");
    body.append(resend);
    if (app.dev) body.append(outboxPanel(), mailOutboxPanel());
    // SMS autofill where the browser has WebOTP; the code is still checked by the server.
    const abort = new AbortController();
    cleanups.push(() => abort.abort());
    webOtp({ signal: abort.signal }).then((value) => {
      code.input.value = value;
      void submit(value);
    }, () => undefined);
  }
  code.input.focus();
}
