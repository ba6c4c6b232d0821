//! `copyText` and `webOtp`: as the headless browsers are, and through stand-ins.

use super::*;

#[wasm_bindgen_test]
async fn copy_text_uses_the_async_clipboard_or_rejects_with_a_typed_error() {
    let navigator: JsValue = web_sys::window().unwrap().navigator().into();
    // As the headless browser is (Chrome and Firefox alike): no user gesture and no focus, so
    // the browser refuses. A typed error, and never the text in the message.
    let err = refusal(settle(clipboard::copy_text(s("SECRET-TEXT"))).await);
    assert!(is_mfa_error(err.clone()));
    assert_eq!(text(&err, "code"), "not_allowed");
    assert!(!text(&err, "message").contains("SECRET-TEXT"));
    let missing = with_replaced(&navigator, "clipboard", &U, || clipboard::copy_text(s("x"))).await;
    assert_eq!(code(missing), "unsupported");
    let denied = obj(&[("writeText", rejecting("NotAllowedError"))]);
    let refused = with_replaced(&navigator, "clipboard", &denied, || {
        clipboard::copy_text(s("x"))
    })
    .await;
    assert_eq!(code(refused), "not_allowed");
    let spy = clipboard_spy();
    with_replaced(&navigator, "clipboard", &spy, || {
        clipboard::copy_text(s("GEZD GNBV"))
    })
    .await
    .unwrap();
    assert_eq!(
        Array::from(&get(&spy, "written")).to_vec(),
        [s("GEZD GNBV")]
    );
    assert_eq!(
        field(settle(clipboard::copy_text(JsValue::from(42))).await),
        "text"
    );
}

fn abort_signal(aborted: bool) -> web_sys::AbortSignal {
    let controller = web_sys::AbortController::new().unwrap();
    if aborted {
        controller.abort();
    }
    controller.signal()
}

#[wasm_bindgen_test]
async fn web_otp_is_unsupported_without_otp_credential() {
    let window: JsValue = web_sys::window().unwrap().into();
    let has_it = !get(&window, "OTPCredential").is_undefined();
    if !has_it {
        // Firefox: as it is.
        assert_eq!(code(settle(web_otp::web_otp(U)).await), "unsupported");
    } else {
        // Chrome has it: an aborted signal rejects at once with `aborted`, and a request
        // waiting for an SMS (none comes) rejects with `aborted` when its signal aborts.
        let opts = obj(&[("signal", abort_signal(true).into())]);
        assert_eq!(code(settle(web_otp::web_otp(opts)).await), "aborted");
        let controller = web_sys::AbortController::new().unwrap();
        let waiting = web_otp::web_otp(obj(&[("signal", controller.signal().into())]));
        sleep(200.0).await;
        controller.abort();
        assert_eq!(code(settle(waiting).await), "aborted");
    }
    let gone = with_replaced(&window, "OTPCredential", &U, || web_otp::web_otp(U)).await;
    assert_eq!(code(gone), "unsupported");
    assert_eq!(
        field(settle(web_otp::web_otp(obj(&[("signal", s("stop"))]))).await),
        "signal"
    );
}

/// `webOtp` against a stand-in `navigator.credentials` whose `get` answers `answer`.
async fn web_otp_with(answer: &JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let window: JsValue = web_sys::window().unwrap().into();
    let navigator: JsValue = web_sys::window().unwrap().navigator().into();
    let credentials = obj(&[("get", answer.clone())]);
    let ctor = Function::new_no_args("");
    let navigator2 = navigator.clone();
    with_replaced(&window, "OTPCredential", &ctor.into(), move || {
        let run = move || web_otp::web_otp(options);
        replaced(
            &navigator2,
            "credentials",
            &credentials,
            Closure::once_into_js(run).unchecked_ref(),
        )
    })
    .await
}

#[wasm_bindgen_test]
async fn web_otp_asks_for_an_sms_otp_and_checks_the_code_strictly() {
    let requests = recorder();
    let answer = |code: &str| {
        let requests = requests.clone();
        let credential = obj(&[("code", s(code)), ("type", s("otp"))]);
        Closure::<dyn Fn(JsValue) -> Promise>::new(move |req: JsValue| {
            requests.call1(&JsValue::NULL, &req).unwrap();
            Promise::resolve(&credential)
        })
        .into_js_value()
    };
    let signal = abort_signal(false);
    let ok = web_otp_with(&answer("123456"), obj(&[("signal", signal.clone().into())])).await;
    assert_eq!(ok.unwrap(), "123456");
    let request = Array::from(&get(&requests, "calls")).get(0);
    assert_eq!(
        Array::from(&get(&get(&request, "otp"), "transport")).to_vec(),
        [s("sms")]
    );
    assert_eq!(get(&request, "signal"), JsValue::from(signal));
    for (tampered, reason) in [
        ("12345a", "invalid_character"),
        ("１２３４５６", "invalid_character"),
        ("12345", "too_short"),
        ("1234567", "too_long"),
    ] {
        let err = web_otp_with(&answer(tampered), U).await.unwrap_err();
        assert_eq!(
            (
                text(&err, "code"),
                text(&err, "field"),
                text(&err, "reason")
            ),
            ("invalid_input".into(), "code".into(), reason.into())
        );
        assert!(!text(&err, "message").contains(tampered));
    }
    assert_eq!(
        web_otp_with(&answer("12345678"), obj(&[("length", JsValue::from(8))]))
            .await
            .unwrap(),
        "12345678"
    );
    assert_eq!(
        code(web_otp_with(&rejecting("AbortError"), U).await),
        "aborted"
    );
    assert_eq!(
        code(web_otp_with(&rejecting("NotAllowedError"), U).await),
        "not_allowed"
    );
    let null =
        Closure::<dyn Fn() -> Promise>::new(|| Promise::resolve(&JsValue::NULL)).into_js_value();
    assert_eq!(code(web_otp_with(&null, U).await), "not_allowed");
}
