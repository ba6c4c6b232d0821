//! `EnrollmentFlow` with a stand-in client: transitions, the local self-check, errors.

use super::*;

fn flow_with(client: &JsValue) -> EnrollmentFlow {
    EnrollmentFlow::new(client.clone(), obj(&[("account", s("alice@example.com"))])).unwrap()
}

pub(super) fn state_of(flow: &EnrollmentFlow) -> String {
    text(&flow.state(), "state")
}

/// The names of the states a subscriber saw.
fn seen(recorder: &Function) -> Vec<String> {
    Array::from(&get(recorder, "calls"))
        .iter()
        .map(|v| text(&v, "state"))
        .collect()
}

fn requests(client: &JsValue) -> Vec<(String, JsValue)> {
    Array::from(&get(client, "calls"))
        .iter()
        .map(|c| {
            (
                Array::from(&c).get(0).as_string().unwrap(),
                Array::from(&c).get(1),
            )
        })
        .collect()
}

fn code_now(offset_steps: i64) -> String {
    let now = js_sys::Date::now() / 1000.0 + 30.0 * offset_steps as f64;
    Totp::new(SECRET, Default::default(), 6, 30)
        .unwrap()
        .code(now as u64)
}

/// A well-formed code that matches no step within ±10 of now.
fn wrong_code() -> String {
    let near: Vec<String> = (-10..=10).map(code_now).collect();
    (0..100u32)
        .map(|n| format!("{:06}", 314_159 + n))
        .find(|c| !near.contains(c))
        .unwrap()
}

#[wasm_bindgen_test]
async fn flow_totp_self_checks_then_confirms_and_drops_the_codes() {
    let client = fake_client(SECRET, URI);
    let flow = flow_with(&client);
    let listener = recorder();
    let _unsubscribe = flow.subscribe(listener.clone().into()).unwrap();
    assert_eq!(state_of(&flow), "choosing_method");
    settle(flow.choose_method(s("totp"))).await.unwrap();
    let qr = flow.state();
    assert_eq!(seen(&listener), ["pending", "showing_qr"]);
    assert_eq!(
        flow.state(),
        qr,
        "the same object until the next transition"
    );
    assert!(Object::is_frozen(qr.unchecked_ref::<Object>()));
    assert_eq!(
        (text(&qr, "secret"), text(&qr, "formattedSecret")),
        (
            SECRET.into(),
            "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP".into()
        )
    );
    assert!(text(&qr, "qrSvg").starts_with("<svg") && text(&qr, "otpauthUri") == URI);
    assert_eq!(
        (text(&qr, "issuer"), text(&qr, "account")),
        ("ACME Co".into(), "alice@example.com".into())
    );
    assert_eq!(get(&qr, "period"), JsValue::from(30));

    settle(flow.submit_code(s(&wrong_code()))).await.unwrap();
    let error = flow.state();
    assert_eq!(
        (text(&error, "state"), text(&error, "from")),
        ("error".into(), "showing_qr".into())
    );
    assert_eq!(text(&get(&error, "error"), "code"), "invalid_code");
    assert_eq!(
        get(&get(&error, "error"), "clockSkewSuspected"),
        JsValue::FALSE
    );
    assert_eq!(requests(&client).len(), 1, "a wrong code is not sent");
    settle(flow.retry()).await.unwrap();
    assert_eq!(flow.state(), qr, "back to the same QR code");

    let code = code_now(0);
    settle(flow.submit_code(s(&format!("{} {}", &code[..3], &code[3..]))))
        .await
        .unwrap();
    assert_eq!(seen(&listener)[4..], ["confirming", "confirmed"]);
    let (name, request) = requests(&client).pop().unwrap();
    assert_eq!(
        (
            name.as_str(),
            text(&request, "enrollmentId"),
            text(&request, "code")
        ),
        ("confirmTotpEnrollment", "e1".into(), code)
    );
    let confirmed = flow.state();
    let codes = get(&confirmed, "recoveryCodes");
    assert_eq!(Array::from(&codes).to_vec(), [s(CODES[0]), s(CODES[1])]);
    assert!(Object::is_frozen(codes.unchecked_ref::<Object>()));
    assert_eq!(text(&confirmed, "issuer"), "ACME Co");
    flow.acknowledge_recovery_codes().unwrap();
    let done = flow.state();
    assert_eq!(
        (text(&done, "state"), text(&done, "method")),
        ("done".into(), "totp".into())
    );
    assert!(
        get(&done, "recoveryCodes").is_undefined(),
        "the codes are dropped"
    );
    assert_eq!(text(&get(&done, "factor"), "id"), "f1");
}

#[wasm_bindgen_test]
async fn flow_sms_checks_the_number_sends_resends_and_confirms() {
    let client = fake_client(SECRET, URI);
    let flow = flow_with(&client);
    settle(flow.choose_method(s("sms"))).await.unwrap();
    assert_eq!(state_of(&flow), "entering_phone");
    settle(flow.submit_phone(s("415 555 0132"))).await.unwrap();
    let error = get(&flow.state(), "error");
    assert_eq!(
        (
            text(&error, "code"),
            text(&error, "field"),
            text(&error, "reason")
        ),
        (
            "invalid_input".into(),
            "phoneNumber".into(),
            "missing_country_code".into()
        )
    );
    assert!(!text(&error, "message").contains("415"));
    settle(flow.retry()).await.unwrap();
    settle(flow.submit_phone(s("+1 (415) 555-0132")))
        .await
        .unwrap();
    let sent = flow.state();
    assert_eq!(
        (text(&sent, "state"), text(&sent, "phoneHint")),
        ("code_sent".into(), "+1•••••••0132".into())
    );
    let available =
        get(&sent, "resendAvailableAt").as_f64().unwrap() - js_sys::Date::now() / 1000.0;
    assert!((29.0..=31.0).contains(&available));
    assert_eq!(text(&requests(&client)[0].1, "phoneNumber"), "+14155550132");
    settle(flow.resend()).await.unwrap();
    let (name, request) = requests(&client).pop().unwrap();
    assert_eq!(
        (name.as_str(), text(&request, "challengeId")),
        ("resendSms", "c1".into())
    );
    settle(flow.submit_code(s("１２３ ４５６"))).await.unwrap();
    let (name, request) = requests(&client).pop().unwrap();
    assert_eq!(
        (
            name.as_str(),
            text(&request, "challengeId"),
            text(&request, "code")
        ),
        ("confirmSmsEnrollment", "c2".into(), "123456".into())
    );
    assert_eq!(
        (state_of(&flow), text(&flow.state(), "account")),
        ("confirmed".into(), "alice@example.com".into())
    );
}

#[wasm_bindgen_test]
async fn flow_refuses_actions_out_of_turn_and_bad_arguments() {
    let client = fake_client(SECRET, URI);
    let flow = flow_with(&client);
    assert_eq!(
        code(settle(flow.submit_code(s("123456"))).await),
        "invalid_state"
    );
    assert_eq!(code(settle(flow.resend()).await), "invalid_state");
    assert_eq!(code(settle(flow.retry()).await), "invalid_state");
    assert_eq!(code(flow.back()), "invalid_state");
    assert_eq!(code(flow.acknowledge_recovery_codes()), "invalid_state");
    assert_eq!(
        field(settle(flow.choose_method(s("email"))).await),
        "method"
    );
    let pending = flow.choose_method(s("totp"));
    assert_eq!(
        code(settle(flow.choose_method(s("totp"))).await),
        "invalid_state",
        "a double click"
    );
    assert_eq!(
        code(flow.back()),
        "invalid_state",
        "not while a request is in flight"
    );
    settle(pending).await.unwrap();
    assert_eq!(
        field(settle(flow.submit_code(JsValue::from(123456))).await),
        "code"
    );
    assert_eq!(
        state_of(&flow),
        "showing_qr",
        "a wrong type changes nothing"
    );
    flow.back().unwrap();
    assert_eq!(state_of(&flow), "choosing_method");
    assert_eq!(
        field(EnrollmentFlow::new(s("client"), U).map(drop)),
        "client"
    );
    assert_eq!(
        field(
            EnrollmentFlow::new(
                obj(&[("serverTime", Function::new_no_args("return 0").into())]),
                U
            )
            .map(drop)
        ),
        "client"
    );
    assert_eq!(field(flow.subscribe(s("listener")).map(drop)), "listener");
}

#[wasm_bindgen_test]
async fn flow_turns_every_failure_into_the_error_state() {
    // A server error keeps the state to return to; an expired enrolment starts again.
    let client = fake_client(SECRET, URI);
    let flow = flow_with(&client);
    settle(flow.choose_method(s("totp"))).await.unwrap();
    fail_with(
        &client,
        "confirmTotpEnrollment",
        &mfa_error("challenge_expired"),
    );
    settle(flow.submit_code(s(&code_now(0)))).await.unwrap();
    let error = flow.state();
    assert_eq!(
        (
            text(&get(&error, "error"), "code"),
            text(&error, "from"),
            text(&error, "method")
        ),
        (
            "challenge_expired".into(),
            "showing_qr".into(),
            "totp".into()
        )
    );
    settle(flow.retry()).await.unwrap();
    assert_eq!(state_of(&flow), "showing_qr");
    assert_eq!(
        requests(&client)
            .iter()
            .filter(|(n, _)| n == "startTotpEnrollment")
            .count(),
        2
    );

    // A device clock 5 steps off: the self-check says so, and nothing is sent.
    let before = requests(&client).len();
    settle(flow.submit_code(s(&code_now(-5)))).await.unwrap();
    assert_eq!(
        get(&get(&flow.state(), "error"), "clockSkewSuspected"),
        JsValue::TRUE
    );
    assert_eq!(requests(&client).len(), before);
    flow.back().unwrap();

    // Something that is not an MfaError is wrapped; a contract mismatch is `protocol`.
    let boom = js_sys::Error::new("boom");
    fail_with(&client, "startTotpEnrollment", &boom);
    settle(flow.choose_method(s("totp"))).await.unwrap();
    let error = get(&flow.state(), "error");
    assert_eq!(
        (text(&error, "code"), get(&error, "cause")),
        ("protocol".into(), boom.into())
    );
    flow.back().unwrap();
    let other = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME";
    let liar = fake_client(SECRET, other);
    let flow = flow_with(&liar);
    settle(flow.choose_method(s("totp"))).await.unwrap();
    assert_eq!(
        text(&get(&flow.state(), "error"), "code"),
        "protocol",
        "the QR code and the secret disagree"
    );
    assert_eq!(text(&flow.state(), "from"), "choosing_method");
}

#[wasm_bindgen_test]
async fn flow_unsubscribe_and_free_stop_the_notifications() {
    let flow = flow_with(&fake_client(SECRET, URI));
    let listener = recorder();
    let unsubscribe = flow.subscribe(listener.clone().into()).unwrap();
    settle(flow.choose_method(s("sms"))).await.unwrap();
    unsubscribe.call0(&JsValue::NULL).unwrap();
    unsubscribe.call0(&JsValue::NULL).unwrap(); // twice is fine
    flow.back().unwrap();
    assert_eq!(seen(&listener), ["entering_phone"]);

    // free() (drop here): the listeners go at once; a request in flight settles unseen.
    let flow = flow_with(&fake_client(SECRET, URI));
    let listener = recorder();
    let _ = flow.subscribe(listener.clone().into()).unwrap();
    let pending = flow.choose_method(s("totp"));
    drop(flow);
    settle(pending).await.unwrap();
    assert_eq!(seen(&listener), ["pending"]);
}
