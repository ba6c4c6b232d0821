//! The Rust side of MfaClient (src/client/), run in Node (tests/client_node.rs) and in headless
//! Chrome and Firefox (tests/client_browser.rs) on wasm-pack's development build: the contract's
//! operations, the checks and normalisation of requests, the checks of answers, the typed errors
//! of error answers and the `baseUrl` rule, and one exchange with the real reference server
//! (`MFA_SERVER_URL`, required at build time: without it the suite does not compile, rather than
//! test nothing). The class and its transport are TypeScript: the artefact suites
//! (tests/wasm/client) test them, with all of this, on what ships.

use js_sys::{Object, Promise, Reflect, JSON};
use mfa_wasm::client::{
    client_answer, client_base_url, client_error, client_operations, client_request,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

pub const SERVER: &str = env!(
    "MFA_SERVER_URL",
    "set MFA_SERVER_URL to a fresh `mfa-server --dev` (README, Tests)"
);

#[wasm_bindgen(inline_js = r#"
export async function send(url, method, body) {
  const headers = { "content-type": "application/json", "x-mfa-csrf": "1" };
  const res = await fetch(url, { method, body, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
"#)]
extern "C" {
    fn send(url: &str, method: &str, body: Option<String>) -> Promise;
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

/// The index, method and path of operation `name`.
fn op(name: &str) -> (u32, String, String, bool) {
    let lines = String::from(client_operations());
    let (i, line) = lines
        .lines()
        .enumerate()
        .find(|(_, l)| l.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("no operation {name} in {lines}"));
    let parts: Vec<&str> = line.split(' ').collect();
    (i as u32, parts[1].into(), parts[2].into(), parts[3] == "1")
}

fn field_and_reason(err: &JsValue) -> (String, String, String) {
    let text = |k| get(err, k).as_string().unwrap_or_default();
    (text("code"), text("field"), text("reason"))
}

#[wasm_bindgen_test]
fn the_operations_are_the_contracts() {
    let lines = String::from(client_operations());
    for name in [
        "login",
        "getStatus",
        "listFactors",
        "verifyChallenge",
        "recover",
        "logout",
    ] {
        let (_, method, path, _) = op(name);
        assert!(path.starts_with("/api/"), "{name} {path}");
        assert!(
            method == "GET" || method == "POST" || method == "PUT",
            "{name} {method}"
        );
    }
    assert!(!op("getStatus").3, "no request body");
    assert!(op("login").3);
    assert!(
        !lines.contains("getSmsOutbox"),
        "the development operations are not the API"
    );
}

#[wasm_bindgen_test]
fn requests_are_checked_and_normalised_before_anything_is_sent() {
    let (verify, ..) = op("verifyChallenge");
    let body = client_request(
        verify,
        json(r#"{"challengeId":"c1","code":"１２３ ４５６"}"#),
    )
    .unwrap();
    assert_eq!(
        String::from(body.unwrap()),
        r#"{"challengeId":"c1","code":"123456"}"#
    );
    let err = client_request(verify, json(r#"{"code":"123456"}"#)).unwrap_err();
    assert_eq!(
        field_and_reason(&err),
        (
            "invalid_input".into(),
            "challengeId".into(),
            "missing_field".into()
        )
    );
    let err = client_request(verify, json(r#"{"challengeId":"c1","code":"12a456"}"#)).unwrap_err();
    assert_eq!(
        field_and_reason(&err),
        (
            "invalid_input".into(),
            "code".into(),
            "invalid_character".into()
        )
    );
    let (login, ..) = op("login");
    let err = client_request(
        login,
        json(r#"{"email":"a@b.c","password":"p","admin":true}"#),
    )
    .unwrap_err();
    assert_eq!(field_and_reason(&err).2, "unknown_field");
    let (status, ..) = op("getStatus");
    assert!(client_request(status, JsValue::UNDEFINED)
        .unwrap()
        .is_none());
    assert_eq!(
        field_and_reason(&client_request(999, JsValue::UNDEFINED).unwrap_err()).1,
        "operation"
    );
}

#[wasm_bindgen_test]
fn answers_and_error_answers_are_read_by_the_contract() {
    let (login, ..) = op("login");
    assert!(client_answer(
        login,
        json(r#"{"status":"sso_required","organization":"Globex"}"#)
    )
    .unwrap());
    assert!(!client_answer(login, json(r#"{"status":"sso_required"}"#)).unwrap());
    assert!(!client_answer(login, json(r#"{"status":"teapot"}"#)).unwrap());
    let not_found = client_error(404, json(r#"{"code":"not_found","message":"x"}"#), None);
    assert_eq!(
        (
            get(&not_found, "code").as_string().unwrap(),
            get(&not_found, "status").as_f64()
        ),
        ("not_found".into(), Some(404.0))
    );
    let limited = client_error(
        429,
        json(r#"{"code":"rate_limited","message":"x"}"#),
        Some(7.0),
    );
    assert_eq!(get(&limited, "retryAfterSeconds").as_f64(), Some(7.0));
    let input = client_error(400, json(r#"{"code":"invalid_input","message":"x"}"#), None);
    assert_eq!(
        field_and_reason(&input),
        (
            "invalid_input".into(),
            "body".into(),
            "invalid_value".into()
        )
    );
    let internal = client_error(500, json(r#"{"code":"internal","message":"x"}"#), None);
    assert_eq!(get(&internal, "code").as_string().unwrap(), "server");
    assert_eq!(
        get(&client_error(404, JsValue::UNDEFINED, None), "code")
            .as_string()
            .unwrap(),
        "protocol"
    );
}

#[wasm_bindgen_test]
fn the_base_url_rule() {
    for ok in ["https://a.example", "http://127.0.0.1:8080", "/"] {
        assert!(client_base_url(ok).is_ok(), "{ok}");
    }
    for (bad, reason) in [
        ("//evil.example", "invalid_url"),
        ("/\\evil.example", "invalid_url"),
        ("/\t/evil.example", "invalid_url"),
        ("http://[::1]@evil.example", "insecure"),
    ] {
        assert_eq!(
            field_and_reason(&client_base_url(bad).unwrap_err()).2,
            reason,
            "{bad:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn one_exchange_with_the_reference_server() {
    // A request body made by client_request, sent by fetch; the answers read by client_answer and
    // client_error. (A wrong password first: the error answer, typed.)
    let (login, method, path, _) = op("login");
    let url = format!("{}{path}", SERVER.trim_end_matches('/'));
    let request = |password: &str| {
        let o = Object::new();
        Reflect::set(&o, &"email".into(), &"erin@initech.test".into()).unwrap();
        Reflect::set(&o, &"password".into(), &password.into()).unwrap();
        client_request(login, o.into()).unwrap().map(String::from)
    };
    let wrong = JsFuture::from(send(&url, &method, request("wrong-password")))
        .await
        .unwrap();
    let status = get(&wrong, "status").as_f64().unwrap() as u16;
    let err = client_error(status, get(&wrong, "body"), None);
    assert_eq!(
        get(&err, "code").as_string().unwrap(),
        "invalid_credentials"
    );
    let right = JsFuture::from(send(&url, &method, request("correct-horse-battery")))
        .await
        .unwrap();
    assert_eq!(get(&right, "status").as_f64(), Some(200.0));
    assert!(client_answer(login, get(&right, "body")).unwrap());
    assert_eq!(
        get(&get(&right, "body"), "status").as_string().unwrap(),
        "authenticated"
    );
}
