//! `copyText`: the Async Clipboard API only (docs/security.md, "Clipboard"). There is no fallback
//! to `document.execCommand("copy")` with a hidden textarea: that puts the text in the DOM and
//! works around the browser's own rules. The clipboard is never read.

use super::{prop, unsupported, window};
use crate::error::new_error;
use crate::js::string;
use js_sys::{Function, Promise};
use mfa_core::ErrorCode;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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

fn refused(_: JsValue) -> JsValue {
    new_error(
        ErrorCode::NotAllowed,
        "the browser refused to write to the clipboard",
    )
}

/// Calls `writeText` at once, inside the click that asked for it (Safari checks that the
/// user gesture is still on the stack; a later microtask could lose it).
fn write(text: JsValue) -> Result<Promise, JsValue> {
    let text = string(&text, "text")?;
    let clipboard = prop(&window()?.navigator(), "clipboard");
    let write = prop(&clipboard, "writeText")
        .dyn_into::<Function>()
        .map_err(|_| {
            unsupported("the Clipboard API is not available (it needs a secure context)")
        })?;
    let pending = write.call1(&clipboard, &text.into()).map_err(refused)?;
    Ok(Promise::resolve(&pending))
}

/// `copyText(text)`: a Promise of `undefined`, or a rejected `MfaError`.
#[wasm_bindgen(js_name = copyText, skip_typescript)]
pub fn copy_text(text: JsValue) -> Promise {
    match write(text) {
        // Every refusal (NotAllowedError, SecurityError, a document without focus) is the
        // browser's rule, not a bug: one code for all, no browser message passed on.
        Ok(pending) => crate::task::promise(async move {
            JsFuture::from(pending).await.map_err(refused)?;
            Ok(JsValue::UNDEFINED)
        }),
        Err(err) => Promise::reject(&err),
    }
}
