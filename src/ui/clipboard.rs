//! `copyText`: the Async Clipboard API only (docs/security.md, "Clipboard"). There is no fallback
//! to `document.execCommand("copy")` with a hidden textarea: that puts the text in the DOM and
//! works around the browser's own rules. The clipboard is never read.

use crate::js::string;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIPBOARD: &str = r##"
/**
 * Writes `text` to the clipboard with `navigator.clipboard.writeText`. Call it from a click:
 * browsers need a secure context and a user gesture. Rejects with an `MfaError`:
 * `unsupported` when the API is missing (an insecure page, an old browser), `not_allowed` when
 * the browser refuses (no user gesture, permission denied, the page not focused). The system
 * clipboard cannot be cleared afterwards: for recovery codes, prefer download or print.
 * @example
 * copyButton.addEventListener("click", () => {
 *   copyText(formatSecret(secret)).then(() => (status.textContent = "Copied"), (e) => showError(e));
 * });
 */
export function copyText(text: string): Promise<void>;
"##;

/// `copyText(text)`: a Promise of `undefined`, or a rejected `MfaError` (`invalid_input` for a
/// text that is not a string, then `unsupported` or `not_allowed` from the browser, dom.js).
#[wasm_bindgen(js_name = copyText, skip_typescript)]
pub fn copy_text(text: JsValue) -> Promise {
    match string(&text, "text") {
        Ok(_) => super::dom::copy_text(&text),
        Err(err) => Promise::reject(&err),
    }
}
