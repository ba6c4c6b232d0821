//! The single-sign-on hand-off: an SSO organisation's member is told where to continue
//! (`signInUrl`, from `--sso-url`), and only addresses a browser may safely be sent to are
//! accepted for it (OWASP ASVS 5.0 1.2.2).

mod common;

use common::*;
use mfa_server::config::parse_sso_url;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sso_member_is_sent_to_the_identity_provider() {
    let t = start(|c| c.sso_url = Some("https://idp.globex.test/sign-in".into())).await;
    let (status, body, _) = t
        .client()
        .post(
            "/api/login",
            json!({ "email": "dave@globex.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "status": "sso_required", "organization": "Globex", "signInUrl": "https://idp.globex.test/sign-in" })
        )
    );
}

#[test]
fn only_safe_sign_in_addresses_are_accepted() {
    for ok in [
        "https://idp.example/sso?org=globex",
        "http://localhost:8080/idp.html",
        "http://127.0.0.1/x",
        "http://[::1]:9/x",
        "/idp.html",
    ] {
        assert_eq!(parse_sso_url(ok).as_deref(), Ok(ok), "{ok}");
    }
    for refused in [
        "",
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "/\\evil.example/x",
        "http://idp.example/x",
        "http://localhost@evil.example/x",
        "https://user@idp.example/x",
        "https://idp.example\\@evil.example/",
        "https:///x",
        "/idp.html\t",
        "/idp .html",
        "idp.html",
    ] {
        assert!(parse_sso_url(refused).is_err(), "{refused:?} accepted");
    }
}
