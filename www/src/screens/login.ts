// Sign in with email and password; the answer says what follows.
import type { App } from "../app";
import { alertError, field, h } from "../dom";
import { describe } from "../messages";
import { showChallenge } from "./challenge";
import { showEnroll } from "./enroll";
import { showSso } from "./sso";

const accounts: [string, string][] = [
  ["admin@acme.test", "Acme admin (TOTP)"],
  ["alice@acme.test", "Acme requires 2FA; Alice has none yet"],
  ["bob@acme.test", "TOTP"],
  ["carol@acme.test", "SMS"],
  ["dave@globex.test", "Globex uses single sign-on"],
  ["erin@initech.test", "Initech does not require 2FA"],
];

export function showLogin(app: App): void {
  const email = field("email", "Email", { type: "email", autocomplete: "username", required: true });
  const password = field("password", "Password", { type: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h("form", { novalidate: true }, email.wrap, password.wrap, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const answer = await app.client.login({ email: email.input.value, password: password.input.value });
      password.input.value = "";
      app.signedIn = answer.status !== "sso_required";
      switch (answer.status) {
        case "authenticated":
          await app.route();
          break;
        case "mfa_required":
          showChallenge(app, answer.methods);
          break;
        case "enrollment_required":
          showEnroll(app);
          break;
        case "sso_required":
          showSso(app, answer.organization);
          break;
      }
    } catch (e) {
      alertError(describe(e));
      submit.disabled = false;
    }
  });
  const rows = accounts.map(([who, what]) => h("tr", {}, h("td", {}, who), h("td", {}, what)));
  const demo = app.dev
    ? h("section", { "aria-labelledby": "demo-accounts" },
        h("h2", { id: "demo-accounts" }, "Demo accounts"),
        h("p", {}, "Every password is correct-horse-battery."),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Email"), h("th", { scope: "col" }, "Setup"))), h("tbody", {}, ...rows)))
    : null;
  app.show({ title: "Sign in", node: h("div", {}, form, demo) });
}
