//! The Rust wasm suite of the core, run in Node (tests/node.rs) and in headless Chrome and
//! Firefox (tests/browser.rs) on wasm-pack's development build: the internal exports the
//! TypeScript layer (ts/) calls, with the values it passes. Quick to run while developing; the
//! breadth is in the artefact suites (tests/wasm), which run on what ships. What needs a
//! document is in tests/common/dom.rs, built into the browser target only.

#[path = "../../testdata/rfc_vectors.rs"]
mod vectors;

use js_sys::Reflect;
use mfa_wasm::{qr, secret, totp, uri, validate};
use vectors::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

pub(crate) fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// The `code` of a thrown error, checking it is an MfaError: an `Error` named "MfaError", and
/// for `invalid_input` a field and a reason of the vocabulary.
fn code_of<T: core::fmt::Debug>(result: Result<T, JsValue>) -> String {
    let err = result.expect_err("expected an MfaError");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("MfaError"));
    let code = get(&err, "code").as_string().unwrap();
    if code == "invalid_input" {
        assert!(get(&err, "field")
            .as_string()
            .is_some_and(|f| !f.is_empty()));
        let reason = get(&err, "reason").as_string().unwrap_or_default();
        assert!(
            mfa_core::Reason::parse(&reason).is_some(),
            "reason {reason:?}"
        );
    }
    code
}

fn field_and_reason<T: core::fmt::Debug>(result: Result<T, JsValue>) -> (String, String) {
    let err = result.expect_err("expected an MfaError");
    let text = |k| get(&err, k).as_string().unwrap_or_default();
    (text("field"), text("reason"))
}

fn code(secret: &str, algorithm: &str, digits: f64, at: f64) -> String {
    totp::totp_code(secret, Some(algorithm.into()), Some(digits), None, at)
        .unwrap()
        .into()
}

#[wasm_bindgen_test]
fn rfc6238_appendix_b_all_18_rows() {
    for (time, algorithm, expected) in RFC6238 {
        let seed = match algorithm {
            "SHA1" => SEED_SHA1_B32,
            "SHA256" => SEED_SHA256_B32,
            _ => SEED_SHA512_B32,
        };
        assert_eq!(
            code(seed, algorithm, 8.0, time as f64),
            expected,
            "{time} {algorithm}"
        );
        let offset = totp::totp_verify(
            seed,
            Some(algorithm.into()),
            Some(8.0),
            None,
            expected,
            None,
            time as f64,
        );
        assert_eq!(offset.unwrap(), Some(0));
    }
}

#[wasm_bindgen_test]
fn rfc4226_appendix_d_through_totp_steps() {
    for (count, expected) in RFC4226_HOTP.iter().enumerate() {
        assert_eq!(
            code(SEED_SHA1_B32, "SHA1", 6.0, 30.0 * count as f64),
            *expected
        );
    }
}

#[wasm_bindgen_test]
fn verify_window_and_wrong_shapes() {
    let verify = |code: &str, window: Option<f64>| {
        totp::totp_verify(
            SEED_SHA1_B32,
            None,
            None,
            None,
            code,
            window,
            1_234_567_890.0,
        )
        .unwrap()
    };
    let previous = code(SEED_SHA1_B32, "SHA1", 6.0, 1_234_567_860.0);
    assert_eq!(verify(&previous, None), Some(-1));
    assert_eq!(verify(&previous, Some(0.0)), None);
    for bad in ["", "1", "abcdef", "1234567"] {
        assert_eq!(verify(bad, None), None, "{bad}");
    }
    let wide = totp::totp_verify(SEED_SHA1_B32, None, None, None, "123456", Some(11.0), 0.0);
    assert_eq!(
        field_and_reason(wide),
        ("window".into(), "out_of_range".into())
    );
}

#[wasm_bindgen_test]
fn values_are_checked_with_typed_errors() {
    assert_eq!(
        code_of(secret::secret_generate(Some(15.0))),
        "secret_too_short"
    );
    assert_eq!(
        field_and_reason(secret::secret_generate(Some(20.5))),
        ("byteLength".into(), "out_of_range".into())
    );
    assert_eq!(
        String::from(secret::secret_generate(None).unwrap()).len(),
        32
    );
    assert_eq!(code_of(secret::secret_normalize("JBSW0")), "invalid_secret");
    let t = |digits, period| totp::totp_code(SEED_SHA1_B32, None, digits, period, 0.0);
    assert_eq!(code_of(t(Some(5.0), None)), "invalid_digits");
    assert_eq!(code_of(t(None, Some(121.0))), "invalid_period");
    assert_eq!(
        code_of(totp::totp_code(
            SEED_SHA1_B32,
            Some("MD5".into()),
            None,
            None,
            0.0
        )),
        "unsupported_algorithm"
    );
    assert_eq!(
        field_and_reason(totp::totp_code(SEED_SHA1_B32, None, None, None, -1.0)),
        ("at".into(), "out_of_range".into())
    );
    assert_eq!(totp::totp_seconds_remaining(None, 59.0).unwrap(), 1);
    assert_eq!(
        code_of(totp::totp_seconds_remaining(Some(0.0), 59.0)),
        "invalid_period"
    );
}

#[wasm_bindgen_test]
fn key_uri_round_trip() {
    let built: String = uri::uri_build(
        SEED_SHA256_B32.into(),
        "ACME Co".into(),
        "alice@example.com".into(),
        Some("SHA256".into()),
        Some(8.0),
        Some(60.0),
    )
    .unwrap()
    .into();
    assert!(
        built.starts_with("otpauth://totp/ACME%20Co:alice%40example.com?secret="),
        "{built}"
    );
    let parsed = uri::uri_parse(&built).unwrap();
    let items: Vec<JsValue> = parsed.iter().collect();
    assert_eq!(items[0].as_string().unwrap(), SEED_SHA256_B32);
    assert_eq!(items[1].as_string().unwrap(), "ACME Co");
    assert_eq!(
        (items[4].as_f64(), items[5].as_f64()),
        (Some(8.0), Some(60.0))
    );
    assert!(
        uri::uri_parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP")
            .unwrap()
            .get(1)
            .is_undefined()
    );
    assert_eq!(
        code_of(uri::uri_build(
            SEED_SHA1_B32.into(),
            "AC:ME".into(),
            "a".into(),
            None,
            None,
            None
        )),
        "invalid_label"
    );
    assert_eq!(
        code_of(uri::uri_parse("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP")),
        "invalid_uri"
    );
}

#[wasm_bindgen_test]
fn qr_svg_is_compact_and_accessible() {
    let svg: String = qr::qr_svg(
        "hello",
        None,
        None,
        None,
        None,
        Some("Scan <me>".into()),
        None,
        false,
    )
    .unwrap()
    .into();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains("role=\"img\"") && svg.contains("<title>Scan &lt;me&gt;</title>"));
    let uri: String = qr::qr_svg("hello", None, None, None, None, None, None, true)
        .unwrap()
        .into();
    assert!(uri.starts_with("data:image/svg+xml,"));
    assert_eq!(
        field_and_reason(qr::qr_svg(
            "x",
            Some("X".into()),
            None,
            None,
            None,
            None,
            None,
            false
        )),
        ("ecc".into(), "invalid_value".into())
    );
    assert_eq!(
        code_of(qr::qr_svg(
            &"A".repeat(5000),
            None,
            None,
            None,
            None,
            None,
            None,
            false
        )),
        "data_too_long"
    );
}

#[wasm_bindgen_test]
fn validators_answer_the_value_or_throw_the_reason() {
    let value = |r: Result<js_sys::JsString, JsValue>| String::from(r.unwrap());
    let reason = |r: Result<js_sys::JsString, JsValue>| r.unwrap_err().as_string().unwrap();
    assert_eq!(
        value(validate::validate_code(" １２３ ４５６ ", None, false)),
        "123456"
    );
    assert_eq!(
        reason(validate::validate_code("12345", None, false)),
        "too_short"
    );
    assert_eq!(
        value(validate::validate_code("1234", Some(4.0), true)),
        "1234"
    );
    assert_eq!(
        field_and_reason(validate::validate_code("1234", Some(4.0), false)),
        ("digits".into(), "out_of_range".into())
    );
    assert_eq!(
        value(validate::validate_recovery_code(
            "abcd efgh ijkl mn0p",
            None,
            None
        )),
        "ABCD-EFGH-IJKL-MNOP"
    );
    assert_eq!(
        value(validate::validate_phone("+1 (415) 555-0132")),
        "+14155550132"
    );
    assert_eq!(
        reason(validate::validate_phone("415 555 0132")),
        "missing_country_code"
    );
}
