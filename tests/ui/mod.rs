//! The Rust sides of the DOM helpers (feature `ui`: the recovery-codes sheet) and of the flows
//! (feature `flow`: the check of a started TOTP enrolment), in headless Chrome and Firefox
//! (tests/ui_browser.rs) on wasm-pack's development build. The helpers and the flows themselves
//! are TypeScript: the artefact suites (tests/wasm/ui, tests/wasm/flow) test them on what ships.

use js_sys::{Array, Reflect};
use mfa_wasm::flow::flow_totp_key;
use mfa_wasm::ui::recovery_file::recovery_sheet;
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

fn strings(items: &[&str]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

#[wasm_bindgen_test]
fn the_recovery_sheet_checks_the_codes_and_writes_the_file() {
    let sheet = recovery_sheet(
        strings(&["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"]),
        Some("ACME Co".into()),
        Some("alice".into()),
    )
    .unwrap();
    let item = |i: u32| sheet.get(i).as_string().unwrap_or_default();
    assert_eq!(item(0), "ACME Co recovery codes for alice");
    assert!(item(1).starts_with("ACME Co recovery codes for alice\r\n\r\n"));
    assert!(item(1).ends_with("AAAA-BBBB-CCCC-DDDD\r\nEEEE-FFFF-GGGG-HHHH\r\n"));
    assert_eq!(item(2), "acme-co-recovery-codes.txt");
    // A line break in a code could forge lines of the file: refused, as is anything not text.
    assert_eq!(
        code(recovery_sheet(strings(&["AAAA\r\nforged"]), None, None).unwrap_err()),
        ("invalid_input".into(), "codes".into())
    );
    assert_eq!(
        code(recovery_sheet(strings(&[]), None, None).unwrap_err()).1,
        "codes"
    );
    assert_eq!(
        code(recovery_sheet("x".into(), None, None).unwrap_err()).1,
        "codes"
    );
    assert_eq!(
        code(recovery_sheet(strings(&["A"]), Some("a\nb".into()), None).unwrap_err()).1,
        "issuer"
    );
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
