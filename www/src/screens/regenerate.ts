// New recovery codes: a fresh proof with the person's own factor (the server accepts no recovery
// code here: a lost set is replaced by whoever still has the device), then the new set, once.
import type { SecondFactorProof } from "mfa-wasm";
import type { App } from "../app";
import { h } from "../dom";
import { recoveryCodesPanel } from "./codes";
import { showHome } from "./home";
import { proofForm } from "./proof";

export function showRegenerate(app: App): void {
  const factor = app.status?.factors[0];
  if (!factor) return;
  const back = h("button", { type: "button", class: "secondary", id: "regenerate-back", onclick: () => showHome(app) }, "Back to your account");
  const form = proofForm(app.client, factor.method, factor.phoneHint, "Get new codes", async (proof) => {
    const { recoveryCodes } = await app.client.regenerateRecoveryCodes({ proof: proof as SecondFactorProof });
    const panel = recoveryCodesPanel(recoveryCodes, { issuer: app.status?.org.name, account: app.status?.user.email }, () => {
      app.notice = "Your new recovery codes are ready. The old ones no longer work.";
      void app.route();
    });
    app.show({ title: "Your new recovery codes", node: panel.node });
    panel.focus.focus();
  }, false);
  app.show({
    title: "Get new recovery codes",
    node: h("div", {}, h("p", {}, "Confirm it is you. Your current recovery codes stop working as soon as the new ones are made."), form.node, back),
    cleanup: form.cleanup,
  });
}
