// Organisation settings for admins: require 2FA, single sign-on, reset a member's 2FA. Each
// change asks for the admin's password again (ASVS 5.0 7.5.1); a downgrade of the policy and a
// reset are confirmed first, naming what they do; an admin cannot reset themself here (the
// server refuses it too: changeMethod needs a proof of the admin's own factor).
import { isMfaError } from "mfa-wasm";
import type { App } from "../app";
import { field, h, setFieldError } from "../dom";
import { describe, plural } from "../messages";
import { showHome } from "./home";

const note = (id: string): HTMLElement => h("p", { id, class: "confirmation", role: "status", hidden: true });
const say = (el: HTMLElement, text: string): void => { el.textContent = text; el.hidden = false; };

export function showAdmin(app: App): void {
  const org = app.status?.org;
  if (!org) return;
  const require = h("input", { type: "checkbox", id: "require-mfa", checked: org.requireMfa });
  const sso = h("input", { type: "checkbox", id: "sso", checked: org.sso });
  const password = field("admin-password", "Your password, to confirm", { type: "password", autocomplete: "current-password" });
  const save = h("button", { type: "submit", id: "save-policy" }, "Save settings");
  const warning = h("p", { id: "policy-warning", class: "warning", role: "alert", hidden: true });
  const saved = note("policy-saved");
  let downgradeConfirmed = false;
  const policy = h("form", { "aria-labelledby": "policy-title", novalidate: true },
    h("h2", { id: "policy-title" }, `Policy for ${org.name}`),
    h("div", {}, require, h("label", { for: "require-mfa", class: "inline-label" }, "Require two-factor authentication for every member")),
    h("div", {}, sso, h("label", { for: "sso", class: "inline-label" }, "Use single sign-on (the identity provider handles 2FA)")),
    password.wrap, warning, save, saved);
  const changed = (): void => {
    downgradeConfirmed = false;
    warning.hidden = true;
    save.textContent = "Save settings";
  };
  require.addEventListener("change", changed);
  sso.addEventListener("change", changed);
  policy.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.hidden = true;
    const current = app.status?.org ?? org;
    const risks = [
      current.requireMfa && !require.checked ? "Members will no longer be asked for a second factor when they sign in." : "",
      !current.sso && sso.checked ? "Two-factor authentication moves to your identity provider: members' factors here stop being asked for." : "",
    ].filter(Boolean);
    if (risks.length && !downgradeConfirmed) {
      say(warning, `${risks.join(" ")} Select "Save anyway" to confirm.`);
      save.textContent = "Save anyway";
      downgradeConfirmed = true;
      return;
    }
    try {
      const updated = await app.client.setOrgPolicy({ password: password.input.value, requireMfa: require.checked, sso: sso.checked });
      password.input.value = "";
      setFieldError(password.input, null);
      if (app.status) app.status.org = updated;
      changed();
      say(saved, `Saved. Two-factor authentication ${updated.requireMfa ? "required" : "optional"}; single sign-on ${updated.sso ? "on" : "off"}.`);
    } catch (e) {
      setFieldError(password.input, describe(e));
      password.input.focus();
    }
  });

  const member = field("member-email", "Member's email", { type: "email" });
  const memberPassword = field("reset-password", "Your password, to confirm", { type: "password", autocomplete: "current-password" });
  const resetButton = h("button", { type: "submit", id: "reset-member" }, "Reset");
  const confirmText = h("p", { id: "reset-confirm", class: "warning", role: "alert", hidden: true });
  const done = note("reset-done");
  let pending: string | null = null;
  member.input.addEventListener("input", () => {
    pending = null;
    confirmText.hidden = true;
    resetButton.textContent = "Reset";
  });
  const reset = h("form", { "aria-labelledby": "reset-title", novalidate: true },
    h("h2", { id: "reset-title" }, "Reset a member's two-factor authentication"),
    h("p", {}, "Use this when a member lost their device and their recovery codes. They set it up again at their next login."),
    member.wrap, memberPassword.wrap, confirmText, resetButton, done);
  reset.addEventListener("submit", async (event) => {
    event.preventDefault();
    done.hidden = true;
    const email = member.input.value.trim().toLowerCase();
    setFieldError(member.input, null);
    if (email === app.status?.user.email.toLowerCase()) {
      setFieldError(member.input, "You cannot reset your own two-factor authentication here: use Change method on your account page.");
      member.input.focus();
      return;
    }
    if (pending !== email) {
      pending = email;
      say(confirmText, `Reset two-factor authentication for ${email}? Their second factor and recovery codes are removed, their sessions end, and they set it up again at their next login.`);
      resetButton.textContent = `Reset ${email}`;
      return;
    }
    try {
      const result = await app.client.resetMemberMfa({ memberEmail: email, password: memberPassword.input.value });
      memberPassword.input.value = "";
      setFieldError(memberPassword.input, null);
      confirmText.hidden = true;
      resetButton.textContent = "Reset";
      pending = null;
      say(done, `Two-factor authentication was reset for ${email} (${plural(result.factorsRemoved, "factor", "factors")} removed).`);
    } catch (e) {
      const wrongMember = isMfaError(e) && e.code === "not_found";
      const target = wrongMember ? member.input : memberPassword.input;
      setFieldError(target, wrongMember ? "No member of your organisation has that email." : describe(e));
      target.focus();
    }
  });
  const back = h("button", { type: "button", class: "secondary", onclick: () => showHome(app) }, "Back");
  app.show({ title: "Organisation settings", node: h("div", {}, policy, reset, back) });
}
