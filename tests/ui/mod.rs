//! The Rust side of the flows (feature `flow`, which `ui` implies: the check of a started TOTP
//! enrolment), in headless Chrome and Firefox (tests/ui_browser.rs) on wasm-pack's development
//! build. The flows and the DOM helpers themselves are TypeScript with no Rust of their own
//! beyond this and the core: the artefact suites (tests/wasm/flow, tests/wasm/ui) test them on
//! what ships.

use js_sys::{Array, Reflect};
use mfa_wasm::flow::flow_totp_key;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const URI: &str = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";

fn code(err: JsValue) -> (String, String) {
    let text = |k: &str| {
        Reflect::get(&err, &k.into())
            .unwrap()
            .as_string()
            .unwrap_or_default()
    };
    (text("code"), text("field"))
}

#[wasm_bindgen_test]
fn a_started_totp_enrolment_must_be_self_consistent() {
    let key = flow_totp_key(SECRET, URI, 6.0, 30.0).unwrap();
    assert_eq!(key.get(0).as_string().unwrap(), SECRET);
    assert_eq!(
        key.get(6).as_string().unwrap(),
        "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
    );
    // The QR code must hold the key shown for typing, with the same digits and period.
    let protocol = |r: Result<Array, JsValue>| code(r.unwrap_err()).0;
    assert_eq!(
        protocol(flow_totp_key(
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            URI,
            6.0,
            30.0
        )),
        "protocol"
    );
    assert_eq!(protocol(flow_totp_key(SECRET, URI, 8.0, 30.0)), "protocol");
    assert_eq!(protocol(flow_totp_key(SECRET, URI, 6.0, 60.0)), "protocol");
    assert_eq!(
        protocol(flow_totp_key(
            SECRET,
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP",
            6.0,
            30.0
        )),
        "protocol"
    );
}
