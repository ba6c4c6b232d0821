// Signed in: the current setup, recovery codes left, changing method, and the admin page.
import type { App } from "../app";
import { h } from "../dom";
import { plural } from "../messages";
import { showAdmin } from "./admin";
import { showEnroll } from "./enroll";
import { showRegenerate } from "./regenerate";
import { mailOutboxPanel } from "./outbox";
import { proofForm } from "./proof";

export function showHome(app: App): void {
  const status = app.status;
  if (!status) return;
  const name = (f: (typeof status.factors)[number]): string =>
    f.method === "totp" ? "Authenticator app" : f.method === "webauthn" ? "Passkey or security key" : `Text message to ${f.phoneHint ?? "your phone"}`;
  const factors = status.factors.map((f) => h("li", {}, name(f), ` (since ${f.createdAt.slice(0, 10)})`));
  const remaining = status.recoveryCodesRemaining;
  const low = status.factors.length > 0 && remaining <= 3
    ? h("p", { class: "warning" }, remaining === 0 ? "You have no recovery codes left." : `Only ${plural(remaining, "recovery code", "recovery codes")} left: get a new set below.`)
    : null;
  const change = h("button", { type: "button", id: "change-method", onclick: () => showChangeMethod(app) }, "Change method");
  const regenerate = h("button", { type: "button", class: "secondary", id: "regenerate", onclick: () => showRegenerate(app) }, "Get new recovery codes");
  const admin = status.user.role === "admin" ? h("button", { type: "button", class: "secondary", id: "open-admin", onclick: () => showAdmin(app) }, "Organisation settings") : null;
  const node = h("div", {},
    h("p", { id: "welcome" }, `Signed in as ${status.user.email} (${status.org.name}).`),
    h("h2", {}, "Two-factor authentication"),
    factors.length ? h("ul", { id: "factors" }, ...factors) : h("p", { id: "factors" }, status.org.requireMfa ? "Not set up." : "Not set up (optional in your organisation)."),
    h("p", { id: "recovery-remaining" }, `Recovery codes left: ${remaining}`),
    low,
    factors.length ? change : h("button", { type: "button", id: "set-up", onclick: () => void showEnroll(app) }, "Set up two-factor authentication"),
    factors.length ? regenerate : null,
    admin,
    app.dev ? mailOutboxPanel() : null);
  app.show({ title: "Your account", node });
}

function showChangeMethod(app: App): void {
  const factor = app.status?.factors[0];
  if (!factor) return;
  const form = proofForm(app.client, factor.method, factor.phoneHint, "Continue", async (proof) => {
    const change = await app.client.changeMethod({ proof });
    await showEnroll(app, { changeUntil: change.expiresAt });
  });
  const cancel = h("button", { type: "button", class: "secondary", id: "change-cancel", onclick: () => showHome(app) }, "Back to your account");
  app.show({
    title: "Change your two-factor method",
    node: h("div", {}, h("p", {}, "First confirm it is you. Your current method and recovery codes keep working until the new method is set up."), form.node, cancel),
    cleanup: form.cleanup,
  });
}
