// Enrolment, driven by the package's headless EnrollmentFlow: choose a method, scan the QR code
// or type the secret (or give a phone number), confirm with a code, save the recovery codes.
import { EnrollmentFlow, type EnrollmentState } from "mfa-wasm";
import type { App } from "../app";
import { alertError, h } from "../dom";
import { describe } from "../messages";
import { mailOutboxPanel, outboxPanel } from "./outbox";
import { confirmedView, phoneView, qrView, smsCodeView } from "./enroll-views";

export async function showEnroll(app: App): Promise<void> {
  const status = await app.client.getStatus().catch(() => null);
  const flow = new EnrollmentFlow(app.client, { issuer: status?.org.name ?? "mfa-wasm demo", account: status?.user.email });
  const body = h("div", { id: "enroll" });
  let undo: (() => void) | undefined;
  const render = (state: EnrollmentState): void => {
    undo?.();
    undo = undefined;
    const view = viewFor(app, flow, state);
    body.replaceChildren(view.node);
    undo = view.cleanup;
    view.focus?.focus();
  };
  const unsubscribe = flow.subscribe(render);
  app.show({
    title: "Set up two-factor authentication",
    node: h("div", {}, h("p", {}, "Your organisation asks every member to use a second factor when signing in."), body),
    cleanup: () => {
      undo?.();
      unsubscribe();
      flow.free();
    },
  });
  render(flow.state);
}

export interface View {
  node: HTMLElement;
  cleanup?: () => void;
  focus?: HTMLElement;
}

function viewFor(app: App, flow: EnrollmentFlow, state: EnrollmentState): View {
  switch (state.state) {
    case "choosing_method": {
      const totp = h("button", { type: "button", id: "choose-totp", onclick: () => void flow.chooseMethod("totp") }, "Authenticator app (recommended)");
      const sms = h("button", { type: "button", class: "secondary", id: "choose-sms", onclick: () => void flow.chooseMethod("sms") }, "Text message (SMS)");
      const notice = h("p", { class: "note" }, "Text messages can be intercepted (SIM swap); NIST SP 800-63B calls SMS a restricted authenticator. An authenticator app is safer.");
      return { node: h("div", {}, h("h2", {}, "Choose a method"), totp, sms, notice), focus: totp };
    }
    case "pending":
    case "confirming":
      return { node: h("p", { "aria-busy": "true" }, "Working…") };
    case "showing_qr":
      return qrView(app, flow, state);
    case "entering_phone":
      return phoneView(flow);
    case "code_sent": {
      const view = smsCodeView(app, flow, state);
      if (app.dev) view.node.append(outboxPanel(), mailOutboxPanel());
      return view;
    }
    case "confirmed":
      return confirmedView(flow, state);
    case "done": {
      const next = h("button", { type: "button", id: "continue", onclick: () => void app.route() }, "Continue");
      return { node: h("div", {}, h("p", { id: "enroll-done" }, "Two-factor authentication is on."), next), focus: next };
    }
    case "error": {
      alertError(describe(state.error));
      const retry = h("button", { type: "button", id: "retry", onclick: () => void flow.retry() }, "Try again");
      const back = h("button", { type: "button", class: "secondary", onclick: () => flow.back() }, "Choose another method");
      return { node: h("div", {}, h("p", {}, describe(state.error)), retry, back), focus: retry };
    }
  }
}
