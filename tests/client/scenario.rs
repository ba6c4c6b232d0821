//! Every operation of the contract and every server-side error code, against the real reference
//! server, from this runtime (Node, Chrome or Firefox). One sequential test: in a browser all
//! clients share the cookie jar of 127.0.0.1, so the scenarios must not overlap.

use super::*;
use mfa_wasm::totp::totp_code;
use wasm_bindgen_test::wasm_bindgen_test;

const PASSWORD: &str = "correct-horse-battery";
const BOB_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ADMIN_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

async fn sms_code(to: &str) -> String {
    ok(settle(outbox_code(SERVER, to)).await)
        .as_string()
        .expect("an SMS in the outbox")
}

fn login_request(email: &str, password: &str) -> JsValue {
    obj(&[("email", s(email)), ("password", s(password))])
}

fn none() -> JsValue {
    JsValue::UNDEFINED
}

/// The TOTP code at the server's time plus `steps` periods.
fn code_at(client: &MfaClient, secret: &str, steps: f64) -> String {
    totp_code(
        obj(&[("secret", s(secret))]),
        JsValue::from(client.server_time() + 30.0 * steps),
    )
    .unwrap()
    .into()
}

/// A 6-digit code that matches none of the steps the server accepts now (±1).
fn wrong_code(client: &MfaClient, secret: &str) -> String {
    let accepted: Vec<String> = (-1..=1)
        .map(|k| code_at(client, secret, f64::from(k)))
        .collect();
    (0..1000u32)
        .map(|n| format!("{:06}", 100_000 + n * 7))
        .find(|c| !accepted.contains(c))
        .unwrap()
}

/// The `--pending-ttl-seconds` of the suite's server (scripts/test/servers.sh).
const PENDING_TTL_SECONDS: f64 = 4.0;

/// Lets the server's pending enrolments expire: waits their lifetime plus 2 s, whole seconds
/// of margin over the server's one-second clock. (With the server's development clock, this
/// becomes one `POST /api/dev/clock`.)
async fn expire_pending() {
    JsFuture::from(delay((PENDING_TTL_SECONDS + 2.0) * 1000.0))
        .await
        .unwrap();
}

#[track_caller]
fn str_of(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

#[track_caller]
fn num_of(value: &JsValue, key: &str) -> f64 {
    get(value, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

#[track_caller]
fn err_num(result: &Result<JsValue, JsValue>, key: &str) -> Option<f64> {
    get(result.as_ref().unwrap_err(), key).as_f64()
}

#[wasm_bindgen_test]
async fn the_whole_contract_against_the_reference_server() {
    let c = client_for(SERVER, 10_000.0);
    password_only_and_sso(&c).await;
    totp_enrolment_recovery_codes_and_method_change(&c).await;
    lockout_after_failed_codes(&c).await;
    admin_policy_sso_and_member_reset(&c).await;
}

/// erin (no 2FA required), dave (SSO org), logout, unauthorized, wrong password.
async fn password_only_and_sso(c: &MfaClient) {
    // The client does not judge email addresses; the server does, with the field at fault.
    let empty = settle(c.login(login_request("", "x"), none())).await;
    assert_eq!(code(&empty), "invalid_input");
    assert_eq!(str_of(empty.as_ref().unwrap_err(), "field"), "email");
    assert_eq!(err_num(&empty, "status"), Some(400.0));
    let bad = settle(c.login(login_request("erin@initech.test", "wrong-password"), none())).await;
    assert_eq!(code(&bad), "invalid_credentials");
    assert_not_leaked(&bad, "wrong-password");

    let erin = ok(settle(c.login(login_request("erin@initech.test", PASSWORD), none())).await);
    assert_eq!(str_of(&erin, "status"), "authenticated");
    let skew = c
        .clock_skew_seconds()
        .expect("the Date header gives a skew estimate");
    assert!(skew.abs() <= 2.0, "loopback skew {skew}");
    let status = ok(settle(c.get_status(none())).await);
    assert_eq!(str_of(&status, "session"), "authenticated");
    assert_eq!(num_of(&status, "recoveryCodesRemaining"), 0.0);
    // erin has no factor: a proof by TOTP cannot be checked.
    let proof = obj(&[(
        "proof",
        obj(&[("method", s("totp")), ("code", s("123456"))]),
    )]);
    assert_eq!(
        code(&settle(c.regenerate_recovery_codes(proof, none())).await),
        "not_enrolled"
    );
    // A member may not change the organisation's policy.
    let policy = obj(&[("password", s(PASSWORD)), ("requireMfa", JsValue::TRUE)]);
    assert_eq!(
        code(&settle(c.set_org_policy(policy, none())).await),
        "forbidden"
    );

    assert!(ok(settle(c.logout(none())).await).is_undefined());
    assert_eq!(code(&settle(c.get_status(none())).await), "unauthorized");

    let dave = ok(settle(c.login(login_request("dave@globex.test", PASSWORD), none())).await);
    assert_eq!(str_of(&dave, "status"), "sso_required");
}

/// alice: enrolment required at login, TOTP enrolment with a local self-check, recovery codes
/// shown once, regeneration, change of method by recovery code, SMS enrolment with resend
/// cooldown, then sign-in by SMS and by recovery code.
async fn totp_enrolment_recovery_codes_and_method_change(c: &MfaClient) {
    let alice = ok(settle(c.login(login_request("alice@acme.test", PASSWORD), none())).await);
    assert_eq!(str_of(&alice, "status"), "enrollment_required");
    // listFactors is for signed-in sessions only (the operation added in issue 11).
    assert_eq!(
        code(&settle(c.list_factors(none())).await),
        "enrollment_required"
    );
    let totp = obj(&[("method", s("totp"))]);
    assert_eq!(
        code(&settle(c.start_challenge(totp.clone(), none())).await),
        "enrollment_required"
    );

    let started = ok(settle(c.start_totp_enrollment(obj(&[]), none())).await);
    let secret = str_of(&started, "secret");
    let key: JsValue = mfa_wasm::uri::parse_otpauth_uri(get(&started, "otpauthUri"))
        .unwrap()
        .into();
    assert_eq!(str_of(&key, "secret"), secret);
    assert_eq!(str_of(&key, "issuer"), "Acme");
    let enrollment_id = str_of(&started, "enrollmentId");
    let confirm = |code: &str| obj(&[("enrollmentId", s(&enrollment_id)), ("code", s(code))]);

    let wrong = wrong_code(c, &secret);
    let check: JsValue = c
        .self_check_totp(obj(&[("secret", s(&secret))]), s(&wrong), none())
        .unwrap()
        .into();
    assert!(get(&check, "offset").is_null());
    let failed = settle(c.confirm_totp_enrollment(confirm(&wrong), none())).await;
    assert_eq!(code(&failed), "invalid_code");
    assert!(err_num(&failed, "attemptsRemaining").is_some());
    assert_eq!(
        get(failed.as_ref().unwrap_err(), "clockSkewSuspected"),
        JsValue::FALSE
    );
    assert_not_leaked(&failed, &wrong);

    let right = code_at(c, &secret, 0.0);
    let check: JsValue = c
        .self_check_totp(obj(&[("secret", s(&secret))]), s(&right), none())
        .unwrap()
        .into();
    assert_eq!(get(&check, "offset").as_f64(), Some(0.0));
    let confirmed = ok(settle(c.confirm_totp_enrollment(confirm(&right), none())).await);
    let codes: js_sys::Array = get(&confirmed, "recoveryCodes").into();
    assert_eq!(codes.length(), 10);
    for code in codes.iter() {
        let checked: JsValue = mfa_wasm::validate::validate_recovery_code(code.clone(), none())
            .unwrap()
            .into();
        assert_eq!(
            get(&checked, "value"),
            code,
            "recovery codes come in the documented format"
        );
    }
    // The enrolment is used up; a second factor cannot be added on top.
    assert_eq!(
        code(&settle(c.confirm_totp_enrollment(confirm(&right), none())).await),
        "conflict"
    );
    assert_eq!(
        code(&settle(c.start_totp_enrollment(obj(&[]), none())).await),
        "conflict"
    );
    let listed = ok(settle(c.list_factors(none())).await);
    let factors: js_sys::Array = get(&listed, "factors").into();
    assert_eq!(factors.length(), 1);
    assert_eq!(str_of(&factors.get(0), "method"), "totp");
    assert_eq!(
        str_of(&factors.get(0), "id"),
        str_of(&get(&confirmed, "factor"), "id")
    );
    let status = ok(settle(c.get_status(none())).await);
    assert_eq!(num_of(&status, "recoveryCodesRemaining"), 10.0);

    // Regenerating needs a fresh factor proof; the code of the next step is one the server has
    // not seen (the current one was consumed: replay protection).
    let replay = obj(&[("proof", obj(&[("method", s("totp")), ("code", s(&right))]))]);
    assert_eq!(
        code(&settle(c.regenerate_recovery_codes(replay, none())).await),
        "invalid_code"
    );
    let next = obj(&[(
        "proof",
        obj(&[
            ("method", s("totp")),
            ("code", s(&code_at(c, &secret, 1.0))),
        ]),
    )]);
    let regenerated = ok(settle(c.regenerate_recovery_codes(next, none())).await);
    let fresh: js_sys::Array = get(&regenerated, "recoveryCodes").into();
    assert_eq!(fresh.length(), 10);

    // The old set stopped working: changing method with it fails; with the new set it works.
    let by_old = obj(&[(
        "proof",
        obj(&[("method", s("recovery_code")), ("code", codes.get(0))]),
    )]);
    assert_eq!(
        code(&settle(c.change_method(by_old, none())).await),
        "invalid_code"
    );
    let by_new = obj(&[(
        "proof",
        obj(&[("method", s("recovery_code")), ("code", fresh.get(0))]),
    )]);
    let reset = ok(settle(c.change_method(by_new, none())).await);
    assert_eq!(num_of(&reset, "factorsRemoved"), 1.0);

    // A pending enrolment not confirmed in time expires.
    let pending = ok(settle(c.start_totp_enrollment(none(), none())).await);
    expire_pending().await;
    let late = obj(&[
        ("enrollmentId", get(&pending, "enrollmentId")),
        ("code", s(&code_at(c, &str_of(&pending, "secret"), 0.0))),
    ]);
    assert_eq!(
        code(&settle(c.confirm_totp_enrollment(late, none())).await),
        "challenge_expired"
    );

    // SMS enrolment, with the resend cooldown answering 429 + Retry-After.
    let phone = "+15555550142";
    let sent = ok(settle(
        c.start_sms_enrollment(obj(&[("phoneNumber", s("+1 555-555-0142"))]), none()),
    )
    .await);
    let challenge_id = str_of(&sent, "challengeId");
    let resend = settle(c.resend_sms(obj(&[("challengeId", s(&challenge_id))]), none())).await;
    assert_eq!(code(&resend), "rate_limited");
    assert!(err_num(&resend, "retryAfterSeconds").is_some_and(|s| s > 0.0));
    let sms = sms_code(phone).await;
    let confirm_sms = |code: &str| obj(&[("challengeId", s(&challenge_id)), ("code", s(code))]);
    let wrong_sms = if sms == "000000" { "111111" } else { "000000" };
    assert_eq!(
        code(&settle(c.confirm_sms_enrollment(confirm_sms(wrong_sms), none())).await),
        "invalid_code"
    );
    let confirmed = ok(settle(c.confirm_sms_enrollment(confirm_sms(&sms), none())).await);
    let sms_codes: js_sys::Array = get(&confirmed, "recoveryCodes").into();
    assert_eq!(sms_codes.length(), 10);

    // Later logins: by SMS challenge, then by recovery code (single use).
    ok(settle(c.logout(none())).await);
    let again = ok(settle(c.login(login_request("alice@acme.test", PASSWORD), none())).await);
    assert_eq!(str_of(&again, "status"), "mfa_required");
    assert_eq!(
        str_of(&ok(settle(c.get_status(none())).await), "session"),
        "mfa_required"
    );
    let challenge = ok(settle(c.start_challenge(obj(&[("method", s("sms"))]), none())).await);
    let sms = sms_code(phone).await;
    let verified = ok(settle(c.verify_challenge(
        obj(&[
            ("challengeId", get(&challenge, "challengeId")),
            ("code", s(&sms)),
        ]),
        none(),
    ))
    .await);
    assert_eq!(str_of(&get(&verified, "user"), "email"), "alice@acme.test");
    ok(settle(c.logout(none())).await);

    ok(settle(c.login(login_request("alice@acme.test", PASSWORD), none())).await);
    let recovered = ok(settle(c.recover(
        obj(&[(
            "code",
            s(&sms_codes.get(3).as_string().unwrap().to_lowercase()),
        )]),
        none(),
    ))
    .await);
    assert_eq!(num_of(&recovered, "recoveryCodesRemaining"), 9.0);
    assert_eq!(get(&recovered, "enrollmentRequired"), JsValue::FALSE);
    ok(settle(c.logout(none())).await);
    ok(settle(c.login(login_request("alice@acme.test", PASSWORD), none())).await);
    assert_eq!(
        code(&settle(c.recover(obj(&[("code", sms_codes.get(3))]), none())).await),
        "invalid_code"
    );
    ok(settle(c.logout(none())).await);
}

/// bob: wrong codes count down `attemptsRemaining`, then the account locks, and even the right
/// code is refused while it is locked.
async fn lockout_after_failed_codes(c: &MfaClient) {
    let bob = ok(settle(c.login(login_request("bob@acme.test", PASSWORD), none())).await);
    assert_eq!(str_of(&bob, "status"), "mfa_required");
    let proof = obj(&[(
        "proof",
        obj(&[("method", s("totp")), ("code", s("123456"))]),
    )]);
    assert_eq!(
        code(&settle(c.regenerate_recovery_codes(proof, none())).await),
        "mfa_required"
    );
    let challenge = ok(settle(c.start_challenge(obj(&[("method", s("totp"))]), none())).await);
    let challenge_id = get(&challenge, "challengeId");
    let verify = |code: &str| obj(&[("challengeId", challenge_id.clone()), ("code", s(code))]);
    // A challenge id this session does not have (stale, or another session's) is the contract's
    // 404 `not_found`, typed, with its status: not `server` (issue 11).
    let stale = obj(&[("challengeId", s("chl_stale")), ("code", s("123456"))]);
    let result = settle(c.verify_challenge(stale, none())).await;
    assert_eq!(
        (code(&result), err_num(&result, "status")),
        ("not_found".to_owned(), Some(404.0))
    );

    let wrong = wrong_code(c, BOB_SECRET);
    let mut remaining = Vec::new();
    let locked = loop {
        let result = settle(c.verify_challenge(verify(&wrong), none())).await;
        match code(&result).as_str() {
            "invalid_code" => remaining.push(err_num(&result, "attemptsRemaining").unwrap()),
            "locked_out" => break result,
            other => panic!("unexpected {other}"),
        }
        assert!(remaining.len() <= 10, "no lock after 10 failures");
    };
    assert!(
        remaining.windows(2).all(|w| w[1] == w[0] - 1.0),
        "{remaining:?}"
    );
    assert!(!str_of(locked.as_ref().unwrap_err(), "until").is_empty());
    assert!(err_num(&locked, "retryAfterSeconds").is_some_and(|s| s > 0.0));
    let right = code_at(c, BOB_SECRET, 0.0);
    assert_eq!(
        code(&settle(c.verify_challenge(verify(&right), none())).await),
        "locked_out"
    );
    ok(settle(c.logout(none())).await);
}

/// admin: TOTP sign-in and replay refusal, the org policy (2FA and SSO) behind a re-entered
/// password, resetting a member, and SSO refusing enrolment and challenges.
async fn admin_policy_sso_and_member_reset(c: &MfaClient) {
    assert_eq!(
        str_of(
            &ok(settle(c.login(login_request("admin@acme.test", PASSWORD), none())).await),
            "status"
        ),
        "mfa_required"
    );
    let challenge = ok(settle(c.start_challenge(obj(&[("method", s("totp"))]), none())).await);
    let code_now = code_at(c, ADMIN_SECRET, 0.0);
    let verify = obj(&[
        ("challengeId", get(&challenge, "challengeId")),
        ("code", s(&code_now)),
    ]);
    ok(settle(c.verify_challenge(verify, none())).await);

    let wrong_password = obj(&[
        ("password", s("not-the-password")),
        ("requireMfa", JsValue::TRUE),
    ]);
    assert_eq!(
        code(&settle(c.set_org_policy(wrong_password, none())).await),
        "invalid_credentials"
    );
    let policy = ok(settle(c.set_org_policy(
        obj(&[("password", s(PASSWORD)), ("requireMfa", JsValue::TRUE)]),
        none(),
    ))
    .await);
    assert_eq!(get(&policy, "requireMfa"), JsValue::TRUE);

    let reset = ok(settle(c.reset_member_mfa(
        obj(&[
            ("memberEmail", s("carol@acme.test")),
            ("password", s(PASSWORD)),
        ]),
        none(),
    ))
    .await);
    assert_eq!(num_of(&reset, "factorsRemoved"), 1.0);

    // The same TOTP code is accepted at most once (RFC 6238 §5.2), even in a new session.
    ok(settle(c.logout(none())).await);
    ok(settle(c.login(login_request("admin@acme.test", PASSWORD), none())).await);
    let challenge = ok(settle(c.start_challenge(obj(&[("method", s("totp"))]), none())).await);
    let replay = obj(&[
        ("challengeId", get(&challenge, "challengeId")),
        ("code", s(&code_now)),
    ]);
    assert_eq!(
        code(&settle(c.verify_challenge(replay, none())).await),
        "invalid_code"
    );
    let next = obj(&[
        ("challengeId", get(&challenge, "challengeId")),
        ("code", s(&code_at(c, ADMIN_SECRET, 1.0))),
    ]);
    ok(settle(c.verify_challenge(next, none())).await);

    // SSO on: the identity provider owns MFA, so the in-app 2FA operations refuse.
    let sso = ok(settle(c.set_org_policy(
        obj(&[("password", s(PASSWORD)), ("sso", JsValue::TRUE)]),
        none(),
    ))
    .await);
    assert_eq!(get(&sso, "sso"), JsValue::TRUE);
    assert_eq!(
        code(
            &settle(c.start_sms_enrollment(obj(&[("phoneNumber", s("+15555550199"))]), none()))
                .await
        ),
        "sso_managed"
    );
    let off = ok(settle(c.set_org_policy(
        obj(&[("password", s(PASSWORD)), ("sso", JsValue::FALSE)]),
        none(),
    ))
    .await);
    assert_eq!(get(&off, "sso"), JsValue::FALSE);
    ok(settle(c.logout(none())).await);
}
