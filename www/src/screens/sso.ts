// An organisation on single sign-on: its identity provider owns sign-in and two-factor
// authentication, so the hand-off is a link to it (the server's `--sso-url`), when it names one.
import type { App } from "../app";
import { h } from "../dom";
import { showLogin } from "./login";

export function showSso(app: App, organization: string, signInUrl?: string): void {
  const back = h("button", { type: "button", class: "secondary", onclick: () => showLogin(app) }, "Back to sign in");
  const go = signInUrl === undefined ? null : h("a", { class: "button", id: "continue-sso", href: signInUrl }, `Continue with ${organization}'s single sign-on`);
  app.show({
    title: "Sign in with your organisation",
    node: h("div", {},
      h("p", { class: "note", id: "sso-message" }, `${organization} uses single sign-on. Your identity provider handles two-factor authentication, so there is nothing to set up here.`),
      go,
      back),
  });
}
