//! The one wasm suite, run in Node (tests/node.rs) and in headless Chrome and Firefox
//! (tests/browser.rs). It calls the exports exactly as JS does: with JsValue arguments. What
//! needs a document is in tests/common/dom.rs, built into the browser target only.

#[path = "../../testdata/rfc_vectors.rs"]
mod vectors;

use js_sys::{Object, Reflect};
use mfa_wasm::{error::is_mfa_error, validate};

/// The exports that answer a JS string, seen as Rust strings for the assertions (the exports
/// return `JsString`: the string is made once, in JS, bench/NOTES.md).
macro_rules! as_strings {
    ($module:ident: $($name:ident($($arg:ident),*);)*) => {
        mod $module {
            #[allow(unused_imports)]
            pub use mfa_wasm::$module::*;
            use wasm_bindgen::JsValue;
            $(pub fn $name($($arg: JsValue),*) -> Result<String, JsValue> {
                mfa_wasm::$module::$name($($arg),*).map(String::from)
            })*
        }
    };
}
as_strings!(secret: generate_secret(a); normalize_secret(a); format_secret(a););
as_strings!(totp: totp_code(a, b););
as_strings!(uri: build_otpauth_uri(a););
as_strings!(qr: qr_svg(a, b); qr_data_uri(a, b););
use vectors::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const U: JsValue = JsValue::UNDEFINED;

pub(crate) fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

pub(crate) fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

pub(crate) fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(number: f64) -> JsValue {
    JsValue::from_f64(number)
}

/// The `code` of a thrown error, checking it is a real MfaError.
fn code_of<T: core::fmt::Debug>(result: Result<T, JsValue>) -> String {
    let err = result.expect_err("expected an MfaError");
    assert!(is_mfa_error(err.clone()), "not an MfaError");
    assert!(err.is_instance_of::<js_sys::Error>());
    let code = get(&err, "code").as_string().unwrap();
    if code == "invalid_input" {
        // Every invalid_input names its field and a reason of the vocabulary (issue 11).
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

fn field_of<T: core::fmt::Debug>(result: Result<T, JsValue>) -> String {
    get(&result.expect_err("expected an MfaError"), "field")
        .as_string()
        .unwrap_or_default()
}

// --- secrets ---------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn generate_secret_uses_the_csprng_and_refuses_short_secrets() {
    let a = secret::generate_secret(U).unwrap();
    let b = secret::generate_secret(U).unwrap();
    assert_eq!(a.len(), 32); // 20 bytes
    assert_ne!(a, b);
    assert!(a
        .bytes()
        .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)));
    assert_eq!(secret::generate_secret(n(16.0)).unwrap().len(), 26);
    assert_eq!(
        code_of(secret::generate_secret(n(15.0))),
        "secret_too_short"
    );
    assert_eq!(code_of(secret::generate_secret(n(20.5))), "invalid_input");
    assert_eq!(code_of(secret::generate_secret(s("20"))), "invalid_input");
    let reason = |r: Result<String, JsValue>| get(&r.unwrap_err(), "reason").as_string();
    assert_eq!(
        reason(secret::generate_secret(s("20"))).as_deref(),
        Some("invalid_type")
    );
    assert_eq!(
        reason(secret::generate_secret(n(20.5))).as_deref(),
        Some("out_of_range")
    );
    assert_eq!(
        code_of(secret::generate_secret(n(f64::NAN))),
        "invalid_input"
    );
    assert_eq!(code_of(secret::generate_secret(n(1e12))), "invalid_input");
}

#[wasm_bindgen_test]
fn normalize_and_format_secret() {
    assert_eq!(
        secret::normalize_secret(s(" jbsw-y3dp ehpk 3pxp== ")).unwrap(),
        "JBSWY3DPEHPK3PXP"
    );
    assert_eq!(
        secret::format_secret(s("gezdgnbvgy3tqojqgezdgnbvgy3tqojq")).unwrap(),
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    );
    for bad in ["", "JBSW0", "not base32!"] {
        assert_eq!(
            code_of(secret::normalize_secret(s(bad))),
            "invalid_secret",
            "{bad}"
        );
    }
    assert_eq!(code_of(secret::normalize_secret(U)), "invalid_input");
    assert_eq!(code_of(secret::normalize_secret(n(1.0))), "invalid_input");
}

#[wasm_bindgen_test]
fn errors_never_carry_the_secret() {
    let err = secret::normalize_secret(s("SECRETVALUE1")).unwrap_err();
    let message = get(&err, "message").as_string().unwrap();
    assert!(!message.contains("SECRETVALUE"), "{message}");
    assert_eq!(get(&err, "name").as_string().unwrap(), "MfaError");
}

// --- TOTP ------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn rfc6238_appendix_b_all_18_rows() {
    for (time, alg, expected) in RFC6238 {
        let (_, seed) = seed_for(alg);
        let params = obj(&[
            ("secret", s(seed)),
            ("algorithm", s(alg)),
            ("digits", n(8.0)),
        ]);
        assert_eq!(
            totp::totp_code(params.clone(), n(time as f64)).unwrap(),
            expected,
            "{time} {alg}"
        );
        let verified =
            totp::verify_totp(params, s(expected), obj(&[("at", n(time as f64))])).unwrap();
        assert_eq!(verified.as_f64(), Some(0.0));
    }
}

#[wasm_bindgen_test]
fn rfc4226_appendix_d_through_totp_steps() {
    // HOTP counter c is the TOTP step at time 30c with period 30.
    for (count, expected) in RFC4226_HOTP.iter().enumerate() {
        let params = obj(&[("secret", s(SEED_SHA1_B32))]);
        assert_eq!(
            totp::totp_code(params, n(30.0 * count as f64)).unwrap(),
            *expected
        );
    }
}

#[wasm_bindgen_test]
fn google_authenticator_vector_with_lower_case_secret() {
    let params = obj(&[("secret", s(GOOGLE_AUTH_SECRET))]);
    assert_eq!(
        totp::totp_code(params, n(GOOGLE_AUTH_TIME as f64)).unwrap(),
        GOOGLE_AUTH_CODE
    );
}

#[wasm_bindgen_test]
fn verify_window_and_malformed_codes() {
    let params = obj(&[("secret", s(SEED_SHA1_B32))]);
    let t = 1_234_567_890.0;
    let previous = totp::totp_code(params.clone(), n(t - 30.0)).unwrap();
    let next = totp::totp_code(params.clone(), n(t + 30.0)).unwrap();
    let at = |w: f64| obj(&[("at", n(t)), ("window", n(w))]);
    assert_eq!(
        totp::verify_totp(params.clone(), s(&previous), at(1.0))
            .unwrap()
            .as_f64(),
        Some(-1.0)
    );
    assert_eq!(
        totp::verify_totp(params.clone(), s(&next), at(1.0))
            .unwrap()
            .as_f64(),
        Some(1.0)
    );
    assert!(totp::verify_totp(params.clone(), s(&previous), at(0.0))
        .unwrap()
        .is_null());
    // Spaced input is normalised; wrong shapes are null, never accepted.
    let current = totp::totp_code(params.clone(), n(t)).unwrap();
    let spaced = format!("{} {}", &current[..3], &current[3..]);
    assert_eq!(
        totp::verify_totp(params.clone(), s(&spaced), at(1.0))
            .unwrap()
            .as_f64(),
        Some(0.0)
    );
    for bad in ["", "1", &current[..5], "abcdef", &format!("{current}0")] {
        assert!(
            totp::verify_totp(params.clone(), s(bad), at(1.0))
                .unwrap()
                .is_null(),
            "{bad}"
        );
    }
    assert_eq!(
        code_of(totp::verify_totp(params.clone(), n(123456.0), at(1.0))),
        "invalid_input"
    );
    assert_eq!(
        code_of(totp::verify_totp(params, s(&current), at(11.0))),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn totp_defaults_to_now_and_handles_far_future_times() {
    let params = obj(&[("secret", s(SEED_SHA1_B32))]);
    let now = js_sys::Date::now() / 1000.0;
    let code = totp::totp_code(params.clone(), U).unwrap();
    assert!(
        totp::verify_totp(params.clone(), s(&code), obj(&[("at", n(now))]))
            .unwrap()
            .as_f64()
            .is_some()
    );
    // Past 2^32 seconds (RFC 6238 §4: T beyond 32 bits).
    let far = obj(&[("secret", s(SEED_SHA1_B32)), ("digits", n(8.0))]);
    assert_eq!(
        totp::totp_code(far, n(20_000_000_000.0)).unwrap(),
        "65353130"
    );
}

#[wasm_bindgen_test]
fn totp_parameters_are_checked() {
    let with = |k: &str, v: JsValue| obj(&[("secret", s(SEED_SHA1_B32)), (k, v)]);
    assert_eq!(
        code_of(totp::totp_code(with("digits", n(5.0)), n(0.0))),
        "invalid_digits"
    );
    assert_eq!(
        code_of(totp::totp_code(with("digits", n(9.0)), n(0.0))),
        "invalid_digits"
    );
    assert_eq!(
        code_of(totp::totp_code(with("period", n(0.0)), n(0.0))),
        "invalid_period"
    );
    assert_eq!(
        code_of(totp::totp_code(with("period", n(-30.0)), n(0.0))),
        "invalid_input"
    );
    assert_eq!(
        code_of(totp::totp_code(with("algorithm", s("MD5")), n(0.0))),
        "unsupported_algorithm"
    );
    assert_eq!(
        totp::totp_code(with("algorithm", s("sha256")), n(59.0))
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        code_of(totp::totp_code(with("digits", s("6")), n(0.0))),
        "invalid_input"
    );
    assert_eq!(
        code_of(totp::totp_code(obj(&[("secret", s("MZXW6YTBOI"))]), n(0.0))),
        "secret_too_short"
    );
    assert_eq!(code_of(totp::totp_code(U, n(0.0))), "invalid_input");
    assert_eq!(
        code_of(totp::totp_code(s("GEZDGNBV"), n(0.0))),
        "invalid_input"
    );
    assert_eq!(
        field_of(totp::totp_code(
            obj(&[("secret", s(SEED_SHA1_B32))]),
            n(-1.0)
        )),
        "unixSeconds"
    );
    assert_eq!(
        field_of(totp::totp_code(
            obj(&[("secret", s(SEED_SHA1_B32))]),
            n(f64::INFINITY)
        )),
        "unixSeconds"
    );
}

#[wasm_bindgen_test]
fn seconds_remaining_counts_down() {
    assert_eq!(totp::seconds_remaining(U, n(59.0)).unwrap(), 1);
    assert_eq!(totp::seconds_remaining(U, n(60.0)).unwrap(), 30);
    assert_eq!(totp::seconds_remaining(n(60.0), n(61.5)).unwrap(), 59);
    let now = totp::seconds_remaining(U, U).unwrap();
    assert!((1..=30).contains(&now));
    assert_eq!(
        code_of(totp::seconds_remaining(n(0.0), U)),
        "invalid_period"
    );
}

// --- Key URIs --------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn build_then_parse_round_trips() {
    let key = obj(&[
        ("secret", s(SEED_SHA256_B32)),
        ("issuer", s("ACME Co & Sons")),
        ("account", s("alice+test@example.com")),
        ("algorithm", s("SHA256")),
        ("digits", n(8.0)),
        ("period", n(60.0)),
    ]);
    let built = uri::build_otpauth_uri(key.clone()).unwrap();
    assert!(built
        .starts_with("otpauth://totp/ACME%20Co%20%26%20Sons:alice%2Btest%40example.com?secret="));
    let parsed: JsValue = uri::parse_otpauth_uri(s(&built)).unwrap().into();
    for field in [
        "secret",
        "issuer",
        "account",
        "algorithm",
        "digits",
        "period",
    ] {
        assert_eq!(get(&parsed, field), get(&key, field), "{field}");
    }
}

#[wasm_bindgen_test]
fn parse_tolerates_real_exports() {
    let parsed: JsValue = uri::parse_otpauth_uri(s("OTPAUTH://TOTP/Big%20Corporation%3A%20alice%40bigco.com?SECRET=jbsw y3dp ehpk 3pxp==&ALGORITHM=sha1&foo=bar")).unwrap().into();
    assert_eq!(
        get(&parsed, "issuer").as_string().unwrap(),
        "Big Corporation"
    );
    assert_eq!(
        get(&parsed, "account").as_string().unwrap(),
        "alice@bigco.com"
    );
    assert_eq!(
        get(&parsed, "secret").as_string().unwrap(),
        "JBSWY3DPEHPK3PXP"
    );
    assert_eq!(get(&parsed, "digits").as_f64(), Some(6.0));
    let no_issuer: JsValue =
        uri::parse_otpauth_uri(s("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP"))
            .unwrap()
            .into();
    assert!(get(&no_issuer, "issuer").is_undefined());
    assert!(!Reflect::has(&no_issuer, &"issuer".into()).unwrap());
}

#[wasm_bindgen_test]
fn uri_errors_are_typed() {
    assert_eq!(
        code_of(uri::parse_otpauth_uri(s(
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP"
        ))),
        "invalid_uri"
    );
    assert_eq!(
        code_of(uri::parse_otpauth_uri(s("otpauth://totp/a?digits=6"))),
        "invalid_secret"
    );
    assert_eq!(
        code_of(uri::parse_otpauth_uri(s(
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0"
        ))),
        "invalid_period"
    );
    assert_eq!(code_of(uri::parse_otpauth_uri(U)), "invalid_input");
    let key = |issuer: &str, account: &str| {
        obj(&[
            ("secret", s(SEED_SHA1_B32)),
            ("issuer", s(issuer)),
            ("account", s(account)),
        ])
    };
    assert_eq!(
        code_of(uri::build_otpauth_uri(key("AC:ME", "alice"))),
        "invalid_label"
    );
    assert_eq!(
        field_of(uri::build_otpauth_uri(key("ACME", "al:ice"))),
        "account"
    );
    assert_eq!(
        code_of(uri::build_otpauth_uri(obj(&[
            ("secret", s(SEED_SHA1_B32)),
            ("account", s("a"))
        ]))),
        "invalid_input"
    );
}

// --- QR --------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn qr_svg_is_compact_accessible_and_csp_safe() {
    let text = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
    let svg = qr::qr_svg(s(text), obj(&[("title", s("Scan <me> & \"go\""))])).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(!svg.starts_with("<?xml"));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title>Scan &lt;me&gt; &amp; &quot;go&quot;</title>"));
    assert!(!svg.contains("<rect") && !svg.contains("data:"));
    assert_eq!(svg.matches("<path").count(), 2); // background + one path of runs
    let uri = qr::qr_data_uri(s(text), U).unwrap();
    assert!(uri.starts_with("data:image/svg+xml,%3Csvg"));
}

#[wasm_bindgen_test]
fn qr_options_are_checked() {
    assert_eq!(
        code_of(qr::qr_svg(s("x"), obj(&[("ecc", s("X"))]))),
        "invalid_input"
    );
    assert_eq!(
        field_of(qr::qr_svg(
            s("x"),
            obj(&[("dark", s("red\" onload=\"alert(1)"))])
        )),
        "dark"
    );
    assert_eq!(
        field_of(qr::qr_svg(s("x"), obj(&[("margin", n(-1.0))]))),
        "margin"
    );
    assert_eq!(
        code_of(qr::qr_svg(s(&"A".repeat(5000)), U)),
        "data_too_long"
    );
    assert_eq!(code_of(qr::qr_svg(n(1.0), U)), "invalid_input");
    assert_eq!(code_of(qr::qr_svg(s("x"), n(1.0))), "invalid_input");
}

// --- validation ------------------------------------------------------------------------------

fn ok_value(result: Result<Object, JsValue>) -> String {
    let r: JsValue = result.unwrap().into();
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    get(&r, "value").as_string().unwrap()
}

fn reason(result: Result<Object, JsValue>) -> String {
    let r: JsValue = result.unwrap().into();
    assert_eq!(get(&r, "ok"), JsValue::FALSE);
    get(&r, "reason").as_string().unwrap()
}

#[wasm_bindgen_test]
fn validate_codes() {
    assert_eq!(
        ok_value(validate::validate_totp_code(s(" １２３ ４５６ "), U)),
        "123456"
    );
    assert_eq!(
        ok_value(validate::validate_totp_code(s("123-456"), U)),
        "123456"
    );
    assert_eq!(
        ok_value(validate::validate_totp_code(
            s("1234 5678"),
            obj(&[("digits", n(8.0))])
        )),
        "12345678"
    );
    assert_eq!(reason(validate::validate_totp_code(s(""), U)), "empty");
    assert_eq!(
        reason(validate::validate_totp_code(s("12345"), U)),
        "too_short"
    );
    assert_eq!(
        reason(validate::validate_totp_code(s("1234567"), U)),
        "too_long"
    );
    assert_eq!(
        reason(validate::validate_totp_code(s("12e456"), U)),
        "invalid_character"
    );
    assert_eq!(
        ok_value(validate::validate_sms_code(s("000\u{a0}111"), U)),
        "000111"
    );
    assert_eq!(
        code_of(validate::validate_totp_code(
            s("123456"),
            obj(&[("digits", n(5.0))])
        )),
        "invalid_input"
    );
    assert_eq!(
        code_of(validate::validate_totp_code(n(123456.0), U)),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn validate_recovery_codes_and_phone_numbers() {
    assert_eq!(
        ok_value(validate::validate_recovery_code(
            s("abcd efgh ijkl mn0p"),
            U
        )),
        "ABCD-EFGH-IJKL-MNOP"
    );
    let two_by_five = obj(&[(
        "format",
        obj(&[("groups", n(2.0)), ("groupLength", n(5.0))]),
    )]);
    assert_eq!(
        ok_value(validate::validate_recovery_code(
            s("abcde-fghij"),
            two_by_five
        )),
        "ABCDE-FGHIJ"
    );
    assert_eq!(
        reason(validate::validate_recovery_code(s("ABCD-EFGH"), U)),
        "too_short"
    );
    assert_eq!(
        ok_value(validate::validate_phone_number(s("+1 (415) 555-0132"))),
        "+14155550132"
    );
    assert_eq!(
        reason(validate::validate_phone_number(s("415 555 0132"))),
        "missing_country_code"
    );
    assert_eq!(
        reason(validate::validate_phone_number(s("+1 415 555 0132 99999"))),
        "too_long"
    );
}
