// Recovery codes, shown once: download, copy or print them (each with a visible confirmation),
// then "I have saved them" before going on. Used after an enrolment and after regenerating.
import { copyText, downloadRecoveryCodes, printRecoveryCodes, recoveryCodesText } from "mfa-wasm";
import { alertError, announce, h } from "../dom";
import { describe } from "../messages";

/** The codes, their actions and the "saved" gate; `onDone` runs from the Continue button. */
export function recoveryCodesPanel(codes: readonly string[], options: { issuer?: string; account?: string }, onDone: () => void): { node: HTMLElement; focus: HTMLElement } {
  // The heading takes the focus (a list cannot: WCAG 2.4.3), and is what a screen reader reads first.
  const heading = h("h2", { id: "codes-title", tabindex: "-1" }, "Save your recovery codes");
  const list = h("ol", { class: "codes", id: "recovery-codes", "aria-labelledby": "codes-title" }, ...codes.map((c) => h("li", {}, c)));
  const done = h("p", { id: "codes-action-done", class: "confirmation", role: "status", hidden: true });
  const act = (label: string, confirmation: string, id: string, run: () => Promise<void> | void) =>
    h("button", { type: "button", class: "secondary", id, onclick: async () => {
      try {
        await run();
        done.textContent = confirmation;
        done.hidden = false;
        announce(confirmation);
      } catch (e) {
        alertError(describe(e));
      }
    } }, label);
  const saved = h("input", { type: "checkbox", id: "saved-codes" });
  const next = h("button", { type: "button", id: "acknowledge", disabled: true, onclick: onDone }, "Continue");
  saved.addEventListener("change", () => { next.disabled = !saved.checked; });
  const node = h("div", {},
    heading,
    h("p", { class: "warning" }, "Each code signs you in once if you lose your device. They will not be shown again."),
    list,
    act("Download", "Downloaded: keep the file somewhere safe.", "download-codes", () => downloadRecoveryCodes(codes, options)),
    act("Copy", "Copied to the clipboard.", "copy-codes", () => copyText(recoveryCodesText(codes, options))),
    act("Print", "Sent to the printer.", "print-codes", () => printRecoveryCodes(codes, options)),
    done,
    h("div", {}, saved, h("label", { for: "saved-codes", class: "inline-label" }, "I have saved my recovery codes")),
    next);
  return { node, focus: heading };
}
