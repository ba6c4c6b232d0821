// Enrolment, driven by the package's headless EnrollmentFlow: choose a method, scan the QR code
// or type the secret (or give a phone number), confirm with a code, save the recovery codes.
import { EnrollmentFlow, type EnrollmentState } from "mfa-wasm";
import { browserSupportsWebAuthn, passkeyEnrollment } from "mfa-wasm/webauthn";
import type { App } from "../app";
import { h } from "../dom";
import { bindFlow, type View } from "../flow-view";
import { mailOutboxPanel, outboxPanel } from "./outbox";
import { confirmedView, phoneView, qrView, smsCodeView } from "./enroll-views";

export type Of<N extends EnrollmentState["state"]> = Extract<EnrollmentState, { state: N }>;

/** `changeUntil`: a change of method is pending (changeMethod) until that time. */
export async function showEnroll(app: App, options: { changeUntil?: string } = {}): Promise<void> {
  const status = await app.client.getStatus().catch(() => null);
  const changing = options.changeUntil !== undefined;
  const required = changing || status === null || status.org.requireMfa || status.enrollmentRequired || status.session === "enrollment_required";
  // Passkeys are offered where the browser has WebAuthn.
  const passkeys = browserSupportsWebAuthn() ? { passkey: passkeyEnrollment(app.client) } : {};
  const flow = new EnrollmentFlow(app.client, { issuer: status?.org.name ?? "mfa-wasm demo", account: status?.user.email, required, ...passkeys });
  const body = h("div", { id: "enroll" });
  let undo = (): void => {};
  const keep = changing ? h("button", { type: "button", class: "secondary", id: "keep-method", onclick: () => void keepCurrent(app) }, "Keep my current method") : null;
  const intro = changing
    ? `Your current method and recovery codes keep working until the new method is confirmed (until ${new Date(options.changeUntil ?? "").toLocaleTimeString()}).`
    : required ? "Your organisation asks every member to use a second factor when signing in." : "A second factor protects your account if your password leaks. It is optional in your organisation.";
  app.show({
    title: changing ? "Set up your new method" : "Set up two-factor authentication",
    node: h("div", {}, h("p", { id: "enroll-intro" }, intro), body, keep),
    cleanup: () => undo(),
  });
  undo = bindFlow(flow, body, (state) => {
    // Once the new method is confirmed, the old one is gone: nothing left to keep.
    if (keep) keep.hidden = state.state === "confirmed" || state.state === "done";
    return viewFor(app, flow, state);
  });
}

/** Cancels the pending change: the current method stays. */
async function keepCurrent(app: App): Promise<void> {
  await app.client.cancelMethodChange().catch(() => undefined);
  app.notice = "Nothing changed: your current method and recovery codes still work.";
  await app.route();
}

function viewFor(app: App, flow: EnrollmentFlow, state: EnrollmentState): View<EnrollmentState> {
  switch (state.state) {
    case "choosing_method": {
      const totp = h("button", { type: "button", id: "choose-totp", onclick: () => void flow.chooseMethod("totp") }, "Authenticator app (recommended)");
      const sms = h("button", { type: "button", class: "secondary", id: "choose-sms", onclick: () => void flow.chooseMethod("sms") }, "Text message (SMS)");
      const passkey = state.methods.includes("webauthn")
        ? h("button", { type: "button", class: "secondary", id: "choose-webauthn", onclick: () => void flow.chooseMethod("webauthn") }, "Use a passkey or security key")
        : null;
      const later = state.required ? null : h("button", { type: "button", class: "secondary", id: "skip", onclick: () => flow.skip() }, "Not now");
      const notice = h("p", { class: "note" }, "Text messages can be intercepted (SIM swap); NIST SP 800-63B calls SMS a restricted authenticator. An authenticator app is safer.");
      return {
        node: h("div", {}, h("h2", {}, "Choose a method"), totp, passkey, sms, later, notice),
        focus: totp,
        update: (s) => [totp, sms, passkey].forEach((b) => b && (b.disabled = s.pending !== undefined)),
      };
    }
    case "showing_qr":
      return qrView(app, flow, state) as View<EnrollmentState>;
    case "entering_phone":
      return phoneView(flow) as View<EnrollmentState>;
    case "code_sent": {
      const view = smsCodeView(flow, state, () => app.client.serverTime()) as View<EnrollmentState>;
      if (app.dev) view.node.append(outboxPanel(), mailOutboxPanel());
      return view;
    }
    case "expired": {
      const again = h("button", { type: "button", id: "restart", onclick: () => void flow.restart() }, "Start again");
      const back = h("button", { type: "button", class: "secondary", onclick: () => flow.back() }, "Choose another method");
      const text = state.sameSecret
        ? "This setup expired. Start again: the entry you already added to your app keeps working, so there is nothing to scan again."
        : state.method === "webauthn" ? "This setup expired. Start again." : "This setup expired. Start again to get a new code.";
      return { node: h("div", {}, h("h2", { id: "expired-title", tabindex: "-1" }, "This setup expired"), h("p", { id: "expired-text" }, text), again, back), focus: again };
    }
    case "locked_out": {
      const back = h("button", { type: "button", class: "secondary", onclick: () => flow.back() }, "Choose another method");
      const when = state.until ? ` until ${new Date(state.until).toLocaleTimeString()}` : " for a while";
      return { node: h("div", {}, h("p", { id: "locked" }, `Too many wrong codes: your account is locked${when}.`), back), focus: back };
    }
    case "confirmed":
      return confirmedView(flow, state) as View<EnrollmentState>;
    case "done":
    case "skipped": {
      const next = h("button", { type: "button", id: "continue", onclick: () => void app.route() }, "Continue");
      const text = state.state === "done" ? "Two-factor authentication is on." : "You can set it up later from your account page.";
      return { node: h("div", {}, h("p", { id: "enroll-done" }, text), next), focus: next };
    }
  }
}
