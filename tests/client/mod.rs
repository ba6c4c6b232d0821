//! MfaClient's suite, run in Node (tests/client_node.rs) and in headless Chrome and Firefox
//! (tests/client_browser.rs), against the real reference server (`MFA_SERVER_URL`) and, for
//! transport failures, a server that misbehaves on purpose (`MFA_FIXTURE_URL`,
//! tests/fixtures/misbehaving_server.py). scripts/test.sh starts both.

mod fixtures;
mod scenario;

use js_sys::{Object, Promise, Reflect};
use mfa_wasm::client::MfaClient;
use mfa_wasm::error::is_mfa_error;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

pub const SERVER: &str = match option_env!("MFA_SERVER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18080",
};
pub const FIXTURE: &str = match option_env!("MFA_FIXTURE_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18081",
};

#[wasm_bindgen(inline_js = r#"
export function is_node() { return typeof window === "undefined" && typeof process !== "undefined"; }
// Node's fetch keeps no cookies: a minimal jar, so sessions work there as in a browser.
export function cookie_fetch() {
  const jar = new Map();
  return async (url, init) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0];
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      if (value === "" || /max-age=0/i.test(c)) jar.delete(name); else jar.set(name, value);
    }
    return res;
  };
}
// A fetch that records that it was called and never answers.
export function counting_fetch() {
  const f = (url, init) => { f.calls += 1; return new Promise(() => {}); };
  f.calls = 0;
  return f;
}
export function delay(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
"#)]
extern "C" {
    fn is_node() -> bool;
    fn cookie_fetch() -> JsValue;
    pub fn counting_fetch() -> JsValue;
    pub fn delay(ms: f64) -> Promise;
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

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// A client for `base` as a page would make it: cookies through the browser
/// (`credentials: "include"`, the test page being another loopback origin), or a jar in Node.
pub fn client_for(base: &str, timeout_ms: f64) -> MfaClient {
    let mut fields = vec![
        ("baseUrl", s(base)),
        ("timeoutMs", JsValue::from(timeout_ms)),
        ("credentials", s("include")),
    ];
    if is_node() {
        fields.push(("fetch", cookie_fetch()));
    }
    MfaClient::new(obj(&fields)).expect("valid options")
}

pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// The value of a fulfilment; a rejection fails the test with its code and status.
#[track_caller]
pub fn ok(result: Result<JsValue, JsValue>) -> JsValue {
    match result {
        Ok(value) => value,
        Err(err) => panic!(
            "rejected: {:?} (status {:?})",
            get(&err, "code").as_string(),
            get(&err, "status").as_f64()
        ),
    }
}

/// The `code` of a rejection, checking it is an MfaError.
#[track_caller]
pub fn code(result: &Result<JsValue, JsValue>) -> String {
    let err = result.as_ref().expect_err("expected a rejection");
    assert!(is_mfa_error(err.clone()), "not an MfaError");
    get(err, "code").as_string().unwrap()
}

/// The `message`, `field` and `reason` of an error never contain `secret`.
pub fn assert_not_leaked(result: &Result<JsValue, JsValue>, secret: &str) {
    if let Err(err) = result {
        for key in ["message", "field", "reason", "until"] {
            let text = get(err, key).as_string().unwrap_or_default();
            assert!(!text.contains(secret), "{key} leaks input");
        }
    }
}
