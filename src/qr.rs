//! `qrSvg`, `qrDataUri`.

use crate::error::to_js;
use crate::js::{opt_int, opt_string, string, JsResult, Options};
use alloc::string::String;
use js_sys::JsString;
use mfa_core::qr::{self, Ecc, SvgOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_QR: &str = r##"
/** Options of `qrSvg` and `qrDataUri`. */
export interface QrOptions {
  /** Error correction: "L", "M" (default), "Q" or "H". */
  ecc?: "L" | "M" | "Q" | "H";
  /** Quiet zone in modules, 0 to 64; default 4. */
  margin?: number;
  /** Colour of the dark modules; default "#000". */
  dark?: string;
  /** Background; default "#fff"; "none" leaves it out. */
  light?: string;
  /** Accessible name (an escaped `<title>`); default "QR code". */
  title?: string;
}

/**
 * A QR code as an inline SVG string: one path, `viewBox` in modules, `role="img"` with a title.
 * Needs no `data:` URI, so it works under a strict Content-Security-Policy.
 * @example element.innerHTML = qrSvg(buildOtpauthUri(key), { title: "Scan with your authenticator app" });
 */
export function qrSvg(text: string, options?: QrOptions): string;

/**
 * The same SVG as a `data:image/svg+xml` URI, for `<img src>`.
 * @example img.src = qrDataUri(uri);
 */
export function qrDataUri(text: string, options?: QrOptions): string;
"##;

pub(crate) fn render(text: JsValue, options: JsValue, data_uri: bool) -> JsResult<String> {
    let text = string(&text, "text")?;
    let opts = Options::new(&options, "options")?;
    let ecc = match opt_string(&opts.get("ecc"), "ecc")? {
        Some(level) => Ecc::parse(&level).map_err(to_js)?,
        None => Ecc::M,
    };
    let defaults = SvgOptions::default();
    let dark = opt_string(&opts.get("dark"), "dark")?;
    let light = opt_string(&opts.get("light"), "light")?;
    let title = opt_string(&opts.get("title"), "title")?;
    let svg_opts = SvgOptions {
        ecc,
        margin: opt_int(
            &opts.get("margin"),
            "margin",
            defaults.margin,
            0..=qr::MAX_MARGIN,
        )?,
        dark: dark.as_deref().unwrap_or(defaults.dark),
        light: light.as_deref().unwrap_or(defaults.light),
        title: title.as_deref().unwrap_or(defaults.title),
    };
    if data_uri {
        qr::data_uri(&text, &svg_opts)
    } else {
        qr::svg(&text, &svg_opts)
    }
    .map_err(to_js)
}

/// `qrSvg(text, { ecc = "M", margin = 4, dark?, light?, title? })`.
#[wasm_bindgen(js_name = qrSvg, skip_typescript)]
pub fn qr_svg(text: JsValue, options: JsValue) -> JsResult<JsString> {
    render(text, options, false).map(JsString::from)
}

/// `qrDataUri(text, options)`.
#[wasm_bindgen(js_name = qrDataUri, skip_typescript)]
pub fn qr_data_uri(text: JsValue, options: JsValue) -> JsResult<JsString> {
    render(text, options, true).map(JsString::from)
}
