//! QR codes: what `qrSvg`, `qrDataUri` and `mountQr` (ts/qr.ts) call.

use crate::error::to_js;
use crate::js::{int, JsResult};
use alloc::string::String;
use js_sys::JsString;
use mfa_core::qr::{self, Ecc, SvgOptions};
use wasm_bindgen::prelude::*;

/// The QR code of `text` as inline SVG, or as a `data:image/svg+xml` URI; absent options take
/// `mfa_core::qr::SvgOptions`'s defaults.
// One primitive-typed argument per option: the exports take no JS objects (ts/qr.ts checks and
// spreads the options object), so the options are arguments.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn qr_svg(
    text: &str,
    ecc: Option<String>,
    margin: Option<f64>,
    dark: Option<String>,
    light: Option<String>,
    title: Option<String>,
    size: Option<f64>,
    data_uri: bool,
) -> JsResult<JsString> {
    let ecc = match ecc {
        Some(level) => Ecc::parse(&level).map_err(to_js)?,
        None => Ecc::M,
    };
    let defaults = SvgOptions::default();
    let opts = SvgOptions {
        ecc,
        margin: int(margin, "margin", defaults.margin, 0..=qr::MAX_MARGIN)?,
        dark: dark.as_deref().unwrap_or(defaults.dark),
        light: light.as_deref().unwrap_or(defaults.light),
        title: title.as_deref().unwrap_or(defaults.title),
        size: int(size, "size", defaults.size, 0..=qr::MAX_SIZE)?,
    };
    if data_uri {
        qr::data_uri(text, &opts)
    } else {
        qr::svg(text, &opts)
    }
    .map(JsString::from)
    .map_err(to_js)
}
