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

#[wasm_bindgen(inline_js = r#"
export function recorder() { const f = (v) => { f.calls.push(v); }; f.calls = []; return f; }
export function paste(el, text) {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  // Firefox ignores `clipboardData` here and takes its own `dataType`/`data` instead.
  const init = { clipboardData: data, dataType: "text/plain", data: text, bubbles: true, cancelable: true };
  const e = new ClipboardEvent("paste", init);
  el.dispatchEvent(e);
  return e.defaultPrevented;
}
export function composing(el) { el.dispatchEvent(new InputEvent("input", { isComposing: true })); }
export function delay(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
// Replaces `obj[key]` for the duration of `run()` (a Promise), then restores it.
export async function replaced(obj, key, value, run) {
  const own = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { value, configurable: true, writable: true });
  try { return await run(); } finally {
    if (own) Object.defineProperty(obj, key, own); else delete obj[key];
  }
}
export function rejecting(name) { return () => Promise.reject(new DOMException("refused", name)); }
export function clipboard_spy() {
  const spy = { written: [], writeText: (t) => { spy.written.push(t); return Promise.resolve(); } };
  return spy;
}
// Spies on URL.createObjectURL/revokeObjectURL and catches the download click.
export function download_spy() {
  const spy = { created: [], revoked: [], clicked: [] };
  const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
  URL.createObjectURL = (blob) => { const u = create(blob); spy.created.push([u, blob]); return u; };
  URL.revokeObjectURL = (u) => { spy.revoked.push(u); revoke(u); };
  const onClick = (e) => {
    const a = e.target;
    spy.clicked.push({ href: a.href, download: a.download, connected: a.isConnected });
    e.preventDefault();
  };
  window.addEventListener("click", onClick, true);
  spy.restore = () => { URL.createObjectURL = create; URL.revokeObjectURL = revoke; window.removeEventListener("click", onClick, true); };
  return spy;
}
// Catches the print iframe: when it loads, its print() is replaced by one that records the text.
export function print_spy() {
  const spy = { printed: [], frames: [] };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) {
      if (node.tagName !== "IFRAME") continue;
      spy.frames.push(node);
      node.addEventListener("load", () => {
        node.contentWindow.print = () => spy.printed.push(node.contentDocument.body.innerText);
      }, { capture: true });
    }
  });
  observer.observe(document.body, { childList: true });
  spy.restore = () => observer.disconnect();
  return spy;
}
export function mfa_error(code) { const e = new Error("fake"); e.name = "MfaError"; e.code = code; return e; }
// A stand-in for MfaClient's enrolment methods, recording every request.
export function fake_client(secret, uri) {
  const calls = [];
  const client = { calls, skew: 0 };
  const record = (name, answer) => (req) => { calls.push([name, req]); return Promise.resolve(answer()); };
  const sent = () => ({ challengeId: "c" + calls.length, phoneHint: "+1•••••••0132", expiresAt: "2030-01-01T00:10:00Z", resendAfterSeconds: 30 });
  const confirmed = () => ({ factor: { id: "f1", method: "totp", createdAt: "2030-01-01T00:00:00Z" },
    recoveryCodes: ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"], user: { id: "u1", email: "alice@example.com" } });
  client.serverTime = () => Date.now() / 1000 - client.skew;
  client.startTotpEnrollment = record("startTotpEnrollment", () => ({ enrollmentId: "e1", secret, otpauthUri: uri,
    algorithm: "SHA1", digits: 6, period: 30, expiresAt: "2030-01-01T00:10:00Z" }));
  client.confirmTotpEnrollment = record("confirmTotpEnrollment", confirmed);
  client.startSmsEnrollment = record("startSmsEnrollment", sent);
  client.resendSms = record("resendSms", sent);
  client.confirmSmsEnrollment = record("confirmSmsEnrollment", confirmed);
  return client;
}
export function fail_with(client, method, error) { client[method] = () => Promise.reject(error); }
// The latest SMS code for `to` from the reference server's development outbox ("@host #123456").
export async function outbox_code(base, to) {
  const { messages } = await (await fetch(base + "/api/dev/sms-outbox")).json();
  const last = messages.filter((m) => m.to === to).pop();
  const match = last && /^@\S+ #(\d{6})$/.exec(last.body.split("\n").pop());
  return match ? match[1] : null;
}
"#)]
extern "C" {
    pub fn recorder() -> Function;
    pub fn paste(el: &Element, text: &str) -> bool;
    pub fn composing(el: &Element);
    pub fn delay(ms: f64) -> Promise;
    pub fn replaced(obj: &JsValue, key: &str, value: &JsValue, run: &Function) -> Promise;
    pub fn rejecting(name: &str) -> JsValue;
    pub fn clipboard_spy() -> JsValue;
    pub fn download_spy() -> JsValue;
    pub fn print_spy() -> JsValue;
    pub fn mfa_error(code: &str) -> JsValue;
    pub fn fake_client(secret: &str, uri: &str) -> JsValue;
    pub fn fail_with(client: &JsValue, method: &str, error: &JsValue);
    pub fn outbox_code(base: &str, to: &str) -> Promise;
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
