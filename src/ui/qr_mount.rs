//! `mountQr`: the QR code of a Key URI as inline SVG inside an element. The SVG is this
//! package's own output (one `<path>`, an escaped `<title>`), so it is the only markup ever
//! assigned with `innerHTML` here; nothing the caller passes is parsed as HTML.

use super::wrong_type;
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(typescript_custom_section)]
const TS_QR_MOUNT: &str = r##"
/**
 * Renders `qrSvg(uri, options)` into `element`, replacing its children. Works under a strict
 * Content-Security-Policy (no `data:` URI, no inline style). Clear the element
 * (`element.replaceChildren()`) once enrolment is over: the QR code holds the secret.
 * @example
 * mountQr(document.querySelector("#qr")!, started.otpauthUri, { title: "Scan with your authenticator app" });
 */
export function mountQr(element: Element, uri: string, options?: QrOptions): void;
"##;

/// `mountQr(element, uri, options?)`.
#[wasm_bindgen(js_name = mountQr, skip_typescript)]
pub fn mount_qr(element: JsValue, uri: JsValue, options: JsValue) -> Result<(), JsValue> {
    let element: Element = element
        .dyn_into()
        .map_err(|_| wrong_type("element", "expected an Element"))?;
    crate::js::string(&uri, "uri")?;
    // qrSvg checks the options, with the same errors.
    let svg = crate::qr::render(uri, options, false)?;
    element.set_inner_html(&svg);
    Ok(())
}
