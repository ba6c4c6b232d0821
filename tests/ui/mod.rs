//! The UI suite (tests/ui_browser.rs): helpers shared by its modules, and stand-ins for the
//! browser APIs a headless browser cannot use for real (clipboard, WebOTP, printing, downloads).

mod clipboard_and_web_otp;
mod code_fields;
mod flow;
mod flow_server;
mod qr_and_countdown;
mod recovery_codes;

pub use js_sys::{Array, Function, Object, Promise, Reflect};
pub use mfa_core::totp::Totp;
pub use mfa_wasm::error::is_mfa_error;
pub use mfa_wasm::ui::{
    clipboard, code_input, countdown, flow::EnrollmentFlow, qr_mount, recovery_file, web_otp,
};
pub use wasm_bindgen::prelude::*;
pub use wasm_bindgen_futures::JsFuture;
pub use wasm_bindgen_test::wasm_bindgen_test;
pub use web_sys::{Document, Element, Event, HtmlInputElement};

// The helpers and stand-ins are the artefact suites' own (tests/wasm/support), one copy for both.
#[wasm_bindgen(module = "/tests/wasm/support/dom.js")]
extern "C" {
    pub fn recorder() -> Function;
    pub fn paste(el: &Element, text: &str) -> bool;
    pub fn composing(el: &Element);
    pub fn replaced(obj: &JsValue, key: &str, value: &JsValue, run: &Function) -> Promise;
    pub fn rejecting(name: &str) -> JsValue;
    #[wasm_bindgen(js_name = clipboardSpy)]
    pub fn clipboard_spy() -> JsValue;
    #[wasm_bindgen(js_name = downloadSpy)]
    pub fn download_spy() -> JsValue;
    #[wasm_bindgen(js_name = printSpy)]
    pub fn print_spy() -> JsValue;
}

#[wasm_bindgen(module = "/tests/wasm/support/fake-client.js")]
extern "C" {
    #[wasm_bindgen(js_name = mfaError)]
    pub fn mfa_error(code: &str) -> JsValue;
    #[wasm_bindgen(js_name = fakeClient)]
    pub fn fake_client(secret: &str, uri: &str) -> JsValue;
    #[wasm_bindgen(js_name = failWith)]
    pub fn fail_with(client: &JsValue, method: &str, error: &JsValue);
}

#[wasm_bindgen(module = "/tests/wasm/support/client.js")]
extern "C" {
    /// The latest development SMS code for `to`; rejects when there is none.
    #[wasm_bindgen(js_name = outboxCode)]
    pub fn outbox_code(base: &str, to: &str) -> Promise;
}

#[wasm_bindgen(module = "/tests/wasm/support/wait.js")]
extern "C" {
    pub fn delay(ms: f64) -> Promise;
}

pub const U: JsValue = JsValue::UNDEFINED;
pub const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const URI: &str = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
pub const CODES: [&str; 2] = ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"];

pub fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

pub fn strings(values: &[&str]) -> JsValue {
    values.iter().map(|v| s(v)).collect::<Array>().into()
}

pub fn calls(recorder: &Function) -> Vec<String> {
    Array::from(&get(recorder, "calls"))
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}

/// The error of a call expected to fail.
#[track_caller]
pub fn refusal<T>(result: Result<T, JsValue>) -> JsValue {
    match result {
        Ok(_) => panic!("expected an MfaError"),
        Err(err) => err,
    }
}

/// The code of a thrown or rejected MfaError, checking it is one.
#[track_caller]
pub fn code<T>(result: Result<T, JsValue>) -> String {
    let err = refusal(result);
    assert!(is_mfa_error(err.clone()), "not an MfaError");
    text(&err, "code")
}

#[track_caller]
pub fn field<T>(result: Result<T, JsValue>) -> String {
    get(&refusal(result), "field")
        .as_string()
        .unwrap_or_default()
}

pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

pub async fn sleep(ms: f64) {
    settle(delay(ms)).await.unwrap();
}

/// Waits until `condition()` holds, polling every 20 ms; fails naming `what` after 10 s (a
/// slow machine waits longer instead of failing).
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 10_000.0;
    while !condition() {
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting for {what}"
        );
        sleep(20.0).await;
    }
}

/// Runs `run` with `obj[key]` replaced by `value`.
pub async fn with_replaced(
    obj: &JsValue,
    key: &str,
    value: &JsValue,
    run: impl FnOnce() -> Promise + 'static,
) -> Result<JsValue, JsValue> {
    let run = Closure::once_into_js(run);
    settle(replaced(obj, key, value, run.unchecked_ref())).await
}

pub fn input(kind_attrs: &[(&str, &str)]) -> HtmlInputElement {
    let el: HtmlInputElement = doc().create_element("input").unwrap().unchecked_into();
    for (k, v) in kind_attrs {
        el.set_attribute(k, v).unwrap();
    }
    doc().body().unwrap().append_child(&el).unwrap();
    el
}

pub fn type_in(el: &HtmlInputElement, value: &str) {
    el.set_value(value);
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
}
