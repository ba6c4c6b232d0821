//! Transport failures and local validation: a server that is down, slow or off-contract, a
//! caller's abort, Retry-After in both forms, and codes refused before they are sent.

use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn code_request(value: &str) -> JsValue {
    obj(&[("challengeId", s("c1")), ("code", s(value))])
}

#[wasm_bindgen_test]
fn the_constructor_refuses_insecure_and_malformed_options() {
    let refused = |fields: &[(&str, JsValue)]| {
        let err = MfaClient::new(obj(fields)).err().expect("refused");
        (
            get(&err, "code").as_string().unwrap(),
            get(&err, "field").as_string().unwrap_or_default(),
            get(&err, "reason").as_string().unwrap_or_default(),
        )
    };
    assert_eq!(
        refused(&[("baseUrl", s("http://example.com"))]),
        ("invalid_input".into(), "baseUrl".into(), "insecure".into())
    );
    assert_eq!(
        refused(&[("baseUrl", s("http://10.0.0.1:8080"))]).2,
        "insecure"
    );
    assert_eq!(
        refused(&[("baseUrl", s("ftp://example.com"))]).2,
        "invalid_url"
    );
    // Scheme-relative URLs (`//host`, `/\host`) would send codes to another host (issue 11).
    for url in ["//evil.example", "/\\evil.example", "/\t/evil.example"] {
        assert_eq!(
            refused(&[("baseUrl", s(url))]),
            (
                "invalid_input".into(),
                "baseUrl".into(),
                "invalid_url".into()
            ),
            "{url:?}"
        );
    }
    assert_eq!(refused(&[]).1, "baseUrl");
    assert_eq!(
        refused(&[
            ("baseUrl", s("https://a.example")),
            ("timeoutMs", JsValue::from(0))
        ])
        .1,
        "timeoutMs"
    );
    assert_eq!(
        refused(&[
            ("baseUrl", s("https://a.example")),
            ("credentials", s("sometimes"))
        ])
        .1,
        "credentials"
    );
    assert_eq!(
        refused(&[
            ("baseUrl", s("https://a.example")),
            ("fetch", s("not a function"))
        ])
        .1,
        "fetch"
    );
    assert_eq!(
        refused(&[
            ("baseUrl", s("https://a.example")),
            ("headers", obj(&[("X-A", JsValue::from(1))]))
        ])
        .1,
        "headers"
    );
    for ok in [
        "https://a.example",
        "http://127.0.0.1:8080",
        "http://localhost",
        "http://[::1]:3000/x",
        "/",
    ] {
        assert!(MfaClient::new(obj(&[("baseUrl", s(ok))])).is_ok(), "{ok}");
    }
}

#[wasm_bindgen_test]
async fn malformed_codes_never_reach_the_server() {
    let fetch = counting_fetch();
    let client = MfaClient::new(obj(&[
        ("baseUrl", s("https://never.example")),
        ("fetch", fetch.clone()),
    ]))
    .unwrap();
    for (value, reason) in [
        ("12345", "too_short"),
        ("1234567", "too_long"),
        ("12a456", "invalid_character"),
        ("", "empty"),
    ] {
        let result = settle(client.verify_challenge(code_request(value), JsValue::UNDEFINED)).await;
        assert_eq!(code(&result), "invalid_input");
        assert_eq!(
            get(result.as_ref().unwrap_err(), "field")
                .as_string()
                .unwrap(),
            "code"
        );
        assert_eq!(
            get(result.as_ref().unwrap_err(), "reason")
                .as_string()
                .unwrap(),
            reason
        );
        assert_not_leaked(&result, "12345");
    }
    let recovery =
        settle(client.recover(obj(&[("code", s("ABCD-EFGH"))]), JsValue::UNDEFINED)).await;
    assert_eq!(
        get(recovery.as_ref().unwrap_err(), "reason")
            .as_string()
            .unwrap(),
        "too_short"
    );
    let phone = settle(
        client.start_sms_enrollment(obj(&[("phoneNumber", s("555 0132"))]), JsValue::UNDEFINED),
    )
    .await;
    assert_eq!(
        get(phone.as_ref().unwrap_err(), "reason")
            .as_string()
            .unwrap(),
        "missing_country_code"
    );
    let proof = obj(&[(
        "proof",
        obj(&[("method", s("recovery_code")), ("code", s("nope"))]),
    )]);
    assert_eq!(
        get(
            settle(client.change_method(proof, JsValue::UNDEFINED))
                .await
                .as_ref()
                .unwrap_err(),
            "field"
        )
        .as_string()
        .unwrap(),
        "proof.code"
    );
    // Contract violations are refused locally too: wrong types, unknown and missing fields.
    let unknown = settle(client.login(
        obj(&[
            ("email", s("a@b.c")),
            ("password", s("p")),
            ("admin", JsValue::TRUE),
        ]),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        get(unknown.as_ref().unwrap_err(), "reason")
            .as_string()
            .unwrap(),
        "unknown_field"
    );
    let missing = settle(client.login(obj(&[("email", s("a@b.c"))]), JsValue::UNDEFINED)).await;
    assert_eq!(
        ["field", "reason"].map(|k| get(missing.as_ref().unwrap_err(), k).as_string()),
        [Some("password".into()), Some("missing_field".into())]
    );
    let wrong_type = settle(client.login(
        obj(&[("email", JsValue::from(1)), ("password", s("hunter2"))]),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(code(&wrong_type), "invalid_input");
    assert_not_leaked(&wrong_type, "hunter2");
    assert_eq!(get(&fetch, "calls").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn a_server_that_is_down_is_a_network_error() {
    // Port 9 (discard) is closed on loopback: the connection is refused.
    let client = client_for("http://127.0.0.1:9", 5000.0);
    assert_eq!(
        code(&settle(client.get_status(JsValue::UNDEFINED)).await),
        "network"
    );
}

#[wasm_bindgen_test]
async fn a_slow_server_is_a_timeout() {
    let client = client_for(&format!("{FIXTURE}/slow"), 300.0);
    assert_eq!(
        code(&settle(client.get_status(JsValue::UNDEFINED)).await),
        "timeout"
    );
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts() {
    let client = client_for(&format!("{FIXTURE}/slow"), 5000.0);
    let controller = web_sys::AbortController::new().unwrap();
    let call = client.get_status(obj(&[("signal", controller.signal().into())]));
    JsFuture::from(delay(50.0)).await.unwrap();
    controller.abort();
    assert_eq!(code(&settle(call).await), "aborted");
    // An already-aborted signal rejects at once.
    assert_eq!(
        code(&settle(client.get_status(obj(&[("signal", controller.signal().into())]))).await),
        "aborted"
    );
}

#[wasm_bindgen_test]
async fn answers_outside_the_contract_are_protocol_errors() {
    for kind in ["bad-json", "bad-shape", "teapot"] {
        let client = client_for(&format!("{FIXTURE}/{kind}"), 5000.0);
        let result = settle(client.get_status(JsValue::UNDEFINED)).await;
        assert_eq!(code(&result), "protocol", "{kind}");
    }
    let client = client_for(&format!("{FIXTURE}/html-502"), 5000.0);
    let result = settle(client.get_status(JsValue::UNDEFINED)).await;
    assert_eq!(code(&result), "server");
    assert_eq!(
        get(result.as_ref().unwrap_err(), "status").as_f64(),
        Some(502.0)
    );
}

#[wasm_bindgen_test]
async fn retry_after_is_read_as_seconds_and_as_an_http_date() {
    let secs =
        settle(client_for(&format!("{FIXTURE}/limit-secs"), 5000.0).get_status(JsValue::UNDEFINED))
            .await;
    assert_eq!(code(&secs), "rate_limited");
    assert_eq!(
        get(secs.as_ref().unwrap_err(), "retryAfterSeconds").as_f64(),
        Some(7.0)
    );
    let date =
        settle(client_for(&format!("{FIXTURE}/limit-date"), 5000.0).get_status(JsValue::UNDEFINED))
            .await;
    assert_eq!(code(&date), "rate_limited");
    let seconds = get(date.as_ref().unwrap_err(), "retryAfterSeconds")
        .as_f64()
        .unwrap();
    assert!((80.0..=92.0).contains(&seconds), "{seconds}");
}

#[wasm_bindgen_test]
async fn a_wrong_device_clock_is_named_as_the_likely_cause() {
    // The server's clock is 5 minutes ahead of this device: from the device's point of view, its
    // own clock is 300 s behind, so a "wrong" code was most likely right for the wrong time.
    let client = client_for(&format!("{FIXTURE}/skewed"), 5000.0);
    assert!(client.clock_skew_seconds().is_none());
    let result = settle(client.verify_challenge(code_request("123456"), JsValue::UNDEFINED)).await;
    assert_eq!(code(&result), "invalid_code");
    let err = result.as_ref().unwrap_err();
    assert_eq!(get(err, "attemptsRemaining").as_f64(), Some(4.0));
    let skew = get(err, "clockSkewSeconds").as_f64().unwrap();
    assert!((-302.0..=-298.0).contains(&skew), "{skew}");
    assert_eq!(get(err, "clockSkewSuspected"), JsValue::TRUE);
    assert_eq!(client.clock_skew_seconds(), Some(skew));
    // Local self-checks and countdowns use the server's time.
    let server_now = client.server_time();
    let local_now = js_sys::Date::now() / 1000.0;
    assert!((server_now - local_now - 300.0).abs() <= 2.0);
    let params = obj(&[("secret", s("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))]);
    let at_server = mfa_wasm::totp::totp_code(params.clone(), JsValue::from(server_now)).unwrap();
    let check: JsValue = client
        .self_check_totp(params, at_server.into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    assert_eq!(get(&check, "offset").as_f64(), Some(0.0));
    assert_eq!(get(&check, "clockSkewed"), JsValue::TRUE);
}
