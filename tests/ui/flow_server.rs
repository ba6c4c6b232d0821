//! `EnrollmentFlow` with `MfaClient` against the real reference server. It needs a fresh
//! `mfa-server --dev --db :memory:` (it enrols erin and alice, who start with no factor) at
//! `MFA_UI_SERVER_URL`, required when the suite is built (`env!`): without it the suite does
//! not compile, rather than pass having checked nothing.

use super::flow::state_of;
use super::*;

const UI_SERVER: &str = env!(
    "MFA_UI_SERVER_URL",
    "set MFA_UI_SERVER_URL to a fresh `mfa-server --dev` (README, Tests)"
);

/// Calls `method` on a JS object with one argument.
fn call(target: &JsValue, method: &str, arg: &JsValue) -> Promise {
    let f: Function = get(target, method).unchecked_into();
    f.call1(target, arg).unwrap().unchecked_into()
}

async fn log_in(client: &JsValue, email: &str) -> String {
    let request = obj(&[
        ("email", s(email)),
        ("password", s("correct-horse-battery")),
    ]);
    text(
        &settle(call(client, "login", &request)).await.unwrap(),
        "status",
    )
}

#[wasm_bindgen_test]
async fn flow_against_the_reference_server() {
    let base = UI_SERVER;
    let options = obj(&[("baseUrl", s(base)), ("credentials", s("include"))]);
    let client: JsValue = mfa_wasm::client::MfaClient::new(options).unwrap().into();

    // TOTP: erin signs in by password and adds an authenticator app.
    assert_eq!(log_in(&client, "erin@initech.test").await, "authenticated");
    let flow = EnrollmentFlow::new(client.clone(), U).unwrap();
    settle(flow.choose_method(s("totp"))).await.unwrap();
    let qr = flow.state();
    assert_eq!(text(&qr, "state"), "showing_qr");
    let totp = Totp::new(&text(&qr, "secret"), Default::default(), 6, 30).unwrap();
    let now = || {
        get(&client, "serverTime")
            .unchecked_into::<Function>()
            .call0(&client)
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let wrong = (0..100u32)
        .map(|n| format!("{:06}", 271_828 + n))
        .find(|c| (-10..=10).all(|k: i64| *c != totp.code((now() as i64 + 30 * k) as u64)))
        .unwrap();
    settle(flow.submit_code(s(&wrong))).await.unwrap();
    assert_eq!(text(&get(&flow.state(), "error"), "code"), "invalid_code");
    settle(flow.retry()).await.unwrap();
    settle(flow.submit_code(s(&totp.code(now() as u64))))
        .await
        .unwrap();
    let confirmed = flow.state();
    assert_eq!(
        text(&confirmed, "state"),
        "confirmed",
        "{:?}",
        get(&confirmed, "error")
    );
    let codes = Array::from(&get(&confirmed, "recoveryCodes"));
    assert_eq!(codes.length(), 10);
    assert!(codes.iter().all(|c| mfa_core::validate::recovery_code(
        &c.as_string().unwrap(),
        Default::default()
    )
    .is_ok()));
    flow.acknowledge_recovery_codes().unwrap();
    assert_eq!(text(&get(&flow.state(), "factor"), "method"), "totp");

    // SMS: alice must enrol at login; the code comes from the development outbox. Resending at
    // once is refused by the server (cool-down): the error state carries `retryAfterSeconds`.
    assert_eq!(
        log_in(&client, "alice@acme.test").await,
        "enrollment_required"
    );
    let flow = EnrollmentFlow::new(client.clone(), U).unwrap();
    settle(flow.choose_method(s("sms"))).await.unwrap();
    settle(flow.submit_phone(s("+1 555 555 0199")))
        .await
        .unwrap();
    assert_eq!(
        state_of(&flow),
        "code_sent",
        "{:?}",
        get(&flow.state(), "error")
    );
    settle(flow.resend()).await.unwrap();
    let error = get(&flow.state(), "error");
    assert_eq!(text(&error, "code"), "rate_limited");
    assert!(get(&error, "retryAfterSeconds").as_f64().unwrap() > 0.0);
    settle(flow.retry()).await.unwrap();
    let code = settle(outbox_code(base, "+15555550199"))
        .await
        .unwrap()
        .as_string()
        .unwrap();
    settle(flow.submit_code(s(&code))).await.unwrap();
    assert_eq!(
        state_of(&flow),
        "confirmed",
        "{:?}",
        get(&flow.state(), "error")
    );
    assert_eq!(text(&get(&flow.state(), "factor"), "method"), "sms");
    flow.acknowledge_recovery_codes().unwrap();
    assert_eq!(state_of(&flow), "done");
}
