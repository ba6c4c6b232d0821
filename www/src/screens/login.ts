// Sign-in, driven by the package's headless ChallengeFlow: the password, then the second factor
// (./challenge.ts), a recovery code (./recover.ts), or what the answer says follows: the home
// page, an enrolment, the organisation's identity provider.
import { ChallengeFlow, type ChallengeState } from "mfa-wasm";
import { browserSupportsWebAuthn, passkeySignIn } from "mfa-wasm/webauthn";
import type { App } from "../app";
import { field, h } from "../dom";
import { plural } from "../messages";
import { bindFlow, type View } from "../flow-view";
import { challengeView, choosingView, expiredView, lockedView } from "./challenge";
import { showEnroll } from "./enroll";
import { recoverView } from "./recover";
import { showSso } from "./sso";

const accounts: [string, string][] = [
  ["admin@acme.test", "Acme admin (TOTP)"],
  ["alice@acme.test", "Acme requires 2FA; Alice has none yet"],
  ["bob@acme.test", "TOTP"],
  ["carol@acme.test", "SMS"],
  ["dave@globex.test", "Globex uses single sign-on"],
  ["erin@initech.test", "Initech does not require 2FA"],
];

type Of<N extends ChallengeState["state"]> = Extract<ChallengeState, { state: N }>;

/** Sign-in; with `resume`, the session this page already has continues (after a reload). */
export function showLogin(app: App, resume = false): void {
  const flow = new ChallengeFlow(app.client, browserSupportsWebAuthn() ? { passkey: passkeySignIn(app.client) } : {});
  const body = h("div", { id: "sign-in" });
  const heading = h("span", {}, "Sign in");
  const titles: Record<ChallengeState["state"], string> = {
    entering_password: "Sign in",
    choosing_method: "Confirm it is you",
    entering_code: "Enter your code",
    entering_recovery_code: "Use a recovery code",
    expired: "The code expired",
    locked_out: "Too many attempts",
    signed_in: "Signed in",
    enrollment_required: "Set up two-factor authentication",
    sso_required: "Sign in with your organisation",
  };
  const viewFor = (state: ChallengeState): View<ChallengeState> | null => {
    heading.textContent = titles[state.state];
    document.title = `${titles[state.state]} · mfa-wasm demo`;
    switch (state.state) {
      case "entering_password":
        return passwordView(app, flow);
      case "choosing_method":
        return choosingView(flow, state) as View<ChallengeState>;
      case "entering_code":
        return challengeView(app, flow, state) as View<ChallengeState>;
      case "entering_recovery_code":
        return recoverView(flow) as View<ChallengeState>;
      case "expired":
        return expiredView(flow, state) as View<ChallengeState>;
      case "locked_out":
        return lockedView(flow, state) as View<ChallengeState>;
      case "signed_in":
        app.signedIn = true;
        if (state.method === "recovery_code") {
          const left = state.recoveryCodesRemaining ?? 0;
          app.notice = `Signed in with a recovery code. ${plural(left, "recovery code", "recovery codes")} left.${state.offerRegeneration ? " If you still have your device, get a new set below; if not, change your method." : ""}`;
        }
        void app.route();
        return null;
      case "enrollment_required":
        app.signedIn = true;
        if (state.reason === "recovery_codes_used") app.notice = "That was your last recovery code: set up two-factor authentication again.";
        showEnroll(app);
        return null;
      case "sso_required":
        app.signedIn = false;
        showSso(app, state.organization, state.signInUrl);
        return null;
    }
  };
  let undo = (): void => {};
  app.show({ title: "Sign in", node: h("div", {}, body), cleanup: () => undo() });
  // The screen's heading follows the flow's state.
  document.querySelector("#main h1")?.replaceChildren(heading);
  undo = bindFlow(flow, body, viewFor);
  if (resume) void flow.resume();
}

function passwordView(app: App, flow: ChallengeFlow): View<ChallengeState> {
  const email = field("email", "Email", { type: "email", autocomplete: "username", required: true });
  const password = field("password", "Password", { type: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h("form", { novalidate: true }, email.wrap, password.wrap, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void flow.signIn(email.input.value, password.input.value).then(() => {
      password.input.value = "";
    });
  });
  const rows = accounts.map(([who, what]) => h("tr", {}, h("td", {}, who), h("td", {}, what)));
  const demo = app.dev
    ? h("section", { "aria-labelledby": "demo-accounts" },
        h("h2", { id: "demo-accounts" }, "Demo accounts"),
        h("p", {}, "Every password is correct-horse-battery."),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Email"), h("th", { scope: "col" }, "Setup"))), h("tbody", {}, ...rows)))
    : null;
  return {
    node: h("div", {}, form, demo),
    focus: email.input,
    field: password.input,
    fields: { email: email.input, password: password.input },
    update: (state) => {
      submit.disabled = state.pending !== undefined;
    },
  };
}

export type { Of };
