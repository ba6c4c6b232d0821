// Signed in: the current setup, recovery codes left, changing method, and the admin page.
import { getPasskey } from "mfa-wasm/webauthn";
import type { ReverificationProof } from "mfa-wasm";
import type { App } from "../app";
import { alertError, announce, h } from "../dom";
import { describe } from "../messages";
import { showAdmin } from "./admin";
import { showEnroll } from "./enroll";
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
    ? h("p", { class: "warning" }, remaining === 0 ? "You have no recovery codes left." : `Only ${remaining} recovery codes left: consider changing your method to get a new set.`)
    : null;
  const change = h("button", { type: "button", id: "change-method", onclick: () => showChangeMethod(app) }, "Change method");
  const admin = status.user.role === "admin" ? h("button", { type: "button", class: "secondary", id: "open-admin", onclick: () => showAdmin(app) }, "Organisation settings") : null;
  const node = h("div", {},
    h("p", { id: "welcome" }, `Signed in as ${status.user.email} (${status.org.name}).`),
    h("h2", {}, "Two-factor authentication"),
    factors.length ? h("ul", { id: "factors" }, ...factors) : h("p", { id: "factors" }, status.org.requireMfa ? "Not set up." : "Not set up (optional in your organisation)."),
    h("p", { id: "recovery-remaining" }, `Recovery codes left: ${remaining}`),
    low,
    factors.length ? change : h("button", { type: "button", id: "set-up", onclick: () => void showEnroll(app) }, "Set up two-factor authentication"),
    admin,
    app.dev ? mailOutboxPanel() : null);
  app.show({ title: "Your account", node });
}

function showChangeMethod(app: App): void {
  const change = async (proof: ReverificationProof): Promise<void> => {
    try {
      const reset = await app.client.changeMethod({ proof });
      announce(`Your previous setup was removed (${reset.factorsRemoved}). Set up the new method now.`);
      await showEnroll(app);
    } catch (e) {
      alertError(describe(e));
    }
  };
  const form = proofForm(true, "Reset and choose a new method", change);
  // A passkey proves it too: a step-up challenge, the ceremony, the assertion as the proof.
  const hasPasskey = app.status?.factors.some((f) => f.method === "webauthn") ?? false;
  const passkey = hasPasskey
    ? h("button", { type: "button", id: "proof-passkey", onclick: async () => {
      try {
        const { challengeId, publicKey } = await app.client.startChallenge({ method: "webauthn" });
        if (!publicKey) throw new Error("no options");
        await change({ method: "webauthn", challengeId, credential: await getPasskey(publicKey) });
      } catch (e) {
        alertError(describe(e));
      }
    } }, "Confirm with your passkey or security key")
    : null;
  const cancel = h("button", { type: "button", class: "secondary", onclick: () => showHome(app) }, "Cancel");
  app.show({
    title: "Change your two-factor method",
    node: h("div", {}, h("p", {}, "Confirm it is you. Your current method and recovery codes are then removed, and you set up the new one."), passkey, form.node, cancel),
    cleanup: form.cleanup,
  });
}
