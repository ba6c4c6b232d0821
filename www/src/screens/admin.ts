// Organisation settings for admins: require 2FA, single sign-on, reset a member's 2FA. Each
// change asks for the admin's password again (ASVS 5.0 7.5.1).
import type { App } from "../app";
import { alertError, announce, field, h } from "../dom";
import { describe } from "../messages";
import { showHome } from "./home";

export function showAdmin(app: App): void {
  const org = app.status?.org;
  if (!org) return;
  const require = h("input", { type: "checkbox", id: "require-mfa", checked: org.requireMfa });
  const sso = h("input", { type: "checkbox", id: "sso", checked: org.sso });
  const password = field("admin-password", "Your password, to confirm", { type: "password", autocomplete: "current-password" });
  const save = h("button", { type: "submit", id: "save-policy" }, "Save settings");
  const policy = h("form", { "aria-labelledby": "policy-title" },
    h("h2", { id: "policy-title" }, `Policy for ${org.name}`),
    h("div", {}, require, h("label", { for: "require-mfa", class: "inline-label" }, "Require two-factor authentication for every member")),
    h("div", {}, sso, h("label", { for: "sso", class: "inline-label" }, "Use single sign-on (the identity provider handles 2FA)")),
    password.wrap, save);
  policy.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const updated = await app.client.setOrgPolicy({ password: password.input.value, requireMfa: require.checked, sso: sso.checked });
      password.input.value = "";
      if (app.status) app.status.org = updated;
      announce(`Saved: two-factor ${updated.requireMfa ? "required" : "optional"}, single sign-on ${updated.sso ? "on" : "off"}.`);
      document.getElementById("policy-saved")?.replaceChildren(`Saved. 2FA required: ${updated.requireMfa ? "yes" : "no"}. SSO: ${updated.sso ? "on" : "off"}.`);
    } catch (e) {
      alertError(describe(e));
    }
  });
  const member = field("member-email", "Member's email", { type: "email" });
  const memberPassword = field("reset-password", "Your password, to confirm", { type: "password", autocomplete: "current-password" });
  const reset = h("form", { "aria-labelledby": "reset-title" },
    h("h2", { id: "reset-title" }, "Reset a member's two-factor authentication"),
    h("p", {}, "Use this when a member lost their device and their recovery codes. They set it up again at their next login."),
    member.wrap, memberPassword.wrap, h("button", { type: "submit", id: "reset-member" }, "Reset"));
  reset.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const done = await app.client.resetMemberMfa({ memberEmail: member.input.value, password: memberPassword.input.value });
      memberPassword.input.value = "";
      document.getElementById("reset-done")?.replaceChildren(`Reset: ${done.factorsRemoved} factor(s) removed.`);
      announce("The member's two-factor authentication was reset.");
    } catch (e) {
      alertError(describe(e));
    }
  });
  const back = h("button", { type: "button", class: "secondary", onclick: () => showHome(app) }, "Back");
  app.show({
    title: "Organisation settings",
    node: h("div", {}, policy, h("p", { id: "policy-saved", role: "status" }), reset, h("p", { id: "reset-done", role: "status" }), back),
  });
}
