//! MfaClient's suite, run in Node (tests/client_node.rs) and in headless Chrome and Firefox
//! (tests/client_browser.rs), against the real reference server (`MFA_SERVER_URL`) and, for
//! transport failures, a server that misbehaves on purpose (`MFA_FIXTURE_URL`,
//! tests/fixtures/misbehaving_server.py). scripts/test.sh starts both; both URLs are required
//! at build time (`env!`).

mod fixtures;
mod scenario;

use js_sys::{Object, Promise, Reflect};
use mfa_wasm::client::MfaClient;
use mfa_wasm::error::is_mfa_error;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Read when the suite is built: without them it does not compile, rather than test nothing.
pub const SERVER: &str = env!(
    "MFA_SERVER_URL",
    "set MFA_SERVER_URL to a fresh `mfa-server --dev` (README, Tests)"
);
pub const FIXTURE: &str = env!(
    "MFA_FIXTURE_URL",
    "set MFA_FIXTURE_URL to tests/fixtures/misbehaving_server.py (README, Tests)"
);

// The helpers are the artefact suites' own (tests/wasm/support), one copy for both.
#[wasm_bindgen(inline_js = r#"
export function is_node() { return typeof window === "undefined" && typeof process !== "undefined"; }
"#)]
extern "C" {
    fn is_node() -> bool;
}

#[wasm_bindgen(module = "/tests/wasm/support/client.js")]
extern "C" {
    /// Node's fetch keeps no cookies: a minimal jar, so sessions work there as in a browser.
    #[wasm_bindgen(js_name = cookieFetch)]
    fn cookie_fetch() -> JsValue;
    /// A fetch that records that it was called and never answers.
    #[wasm_bindgen(js_name = countingFetch)]
    pub fn counting_fetch() -> JsValue;
    /// The latest development SMS code for `to`; rejects when there is none.
    #[wasm_bindgen(js_name = outboxCode)]
    pub fn outbox_code(base: &str, to: &str) -> Promise;
}

#[wasm_bindgen(module = "/tests/wasm/support/wait.js")]
extern "C" {
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
