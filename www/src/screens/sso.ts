// An organisation on single sign-on: its identity provider owns two-factor authentication.
import type { App } from "../app";
import { h } from "../dom";
import { showLogin } from "./login";

export function showSso(app: App, organization: string): void {
  const back = h("button", { type: "button", class: "secondary", onclick: () => showLogin(app) }, "Back to sign in");
  app.show({
    title: "Sign in with your organisation",
    node: h("div", {},
      h("p", { class: "note", id: "sso-message" }, `${organization} uses single sign-on. Your identity provider handles two-factor authentication, so there is nothing to set up here.`),
      back),
  });
}
