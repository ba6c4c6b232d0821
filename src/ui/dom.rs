//! The browser calls of the UI helpers, written in `dom.js` (bundled into the package's glue):
//! what they do is only calls of platform APIs, smaller in JS than bound from Rust. The Rust
//! callers check every argument first and build every text.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/ui/dom.js")]
extern "C" {
    /// `navigator.clipboard.writeText(text)`: `unsupported` or `not_allowed` on refusal.
    #[wasm_bindgen(js_name = copyText)]
    pub(crate) fn copy_text(text: &JsValue) -> Promise;
    /// The WebOTP request; resolves to exactly `length` ASCII digits.
    #[wasm_bindgen(js_name = webOtp)]
    pub(crate) fn web_otp(signal: &JsValue, length: u32) -> Promise;
    /// Saves `text` as a `.txt` file named `file_name`.
    #[wasm_bindgen(js_name = downloadText, catch)]
    pub(crate) fn download_text(text: &str, file_name: &str) -> Result<(), JsValue>;
    /// Prints a title, lines and codes from a hidden iframe removed afterwards.
    #[wasm_bindgen(js_name = printSheet)]
    pub(crate) fn print_sheet(title: &str, lines: &Array, codes: &Array) -> Promise;
    /// Starts the countdown's loop; returns its `stop()`.
    #[wasm_bindgen(catch)]
    pub(crate) fn countdown(
        on_tick: &Function,
        period: u32,
        now: &JsValue,
    ) -> Result<Function, JsValue>;
}
