//! The contract: the checked-in OpenAPI document matches the code; bad input of every kind gets
//! a 4xx with the typed error body (never a panic, never a 5xx); CSRF, CORS and cookie rules.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `api/openapi.json` is what the code generates. `UPDATE_OPENAPI=1` rewrites it.
#[test]
fn openapi_document_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.json");
    let generated = mfa_server::openapi::json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(checked_in == generated, "api/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p mfa-server --test contract` or `cargo run -p mfa-server -- --write-openapi api/openapi.json`");
}

#[test]
fn openapi_document_has_the_contract_operations() {
    let doc: Value = serde_json::from_str(&mfa_server::openapi::json()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    for id in [
        "login",
        "logout",
        "getStatus",
        "startTotpEnrollment",
        "confirmTotpEnrollment",
        "startSmsEnrollment",
        "resendSms",
        "confirmSmsEnrollment",
        "startChallenge",
        "verifyChallenge",
        "recover",
        "regenerateRecoveryCodes",
        "changeMethod",
        "setOrgPolicy",
        "resetMemberMfa",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let codes = &doc["components"]["schemas"]["ErrorCode"]["enum"];
    for code in [
        "invalid_code",
        "rate_limited",
        "locked_out",
        "challenge_expired",
        "enrollment_required",
        "mfa_required",
        "sso_managed",
        "not_enrolled",
        "unauthorized",
        "forbidden",
        "invalid_input",
        "not_found",
        "conflict",
        "internal",
    ] {
        assert!(
            codes.as_array().unwrap().iter().any(|c| c == code),
            "{code}"
        );
    }
}

/// Malformed JSON, wrong types, unknown fields, oversized and non-JSON bodies: 4xx, typed body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_typed_4xx() {
    let t = start(|_| {}).await;
    let c = t.client();
    let url = format!("{}/api/login", t.url());
    let raw = |body: &'static str| {
        c.http
            .post(&url)
            .header("X-MFA-CSRF", "1")
            .header("content-type", "application/json")
            .body(body)
    };
    for (body, reason, field) in [
        ("{", "malformed_json", "body"),
        ("", "malformed_json", "body"),
        (
            r#"{"email":"a@b.c","password":"x"} trailing"#,
            "malformed_json",
            "body",
        ),
        (
            r#"{"email":"a@b.c","password":5}"#,
            "invalid_type",
            "password",
        ),
        (
            r#"{"email":"a@b.c","password":null}"#,
            "invalid_type",
            "password",
        ),
        (r#"{"email":"a@b.c"}"#, "missing_field", "password"),
        (
            r#"{"email":"a@b.c","password":"x","admin":true}"#,
            "unknown_field",
            "admin",
        ),
        ("[1,2]", "invalid_type", "[0]"),
        ("\"\\ud800\"", "malformed_json", "body"),
        // A NUL (PostgreSQL's text cannot hold one; it answered 500 there).
        (
            r#"{"email":"a\u0000@b.c","password":"x"}"#,
            "invalid_value",
            "email",
        ),
    ] {
        let (status, err, _) = c.send(raw(body)).await;
        assert_eq!(
            (status, code_of(&err)),
            (StatusCode::BAD_REQUEST, "invalid_input"),
            "{body}: {err}"
        );
        assert_eq!(
            (err["reason"].as_str(), err["field"].as_str()),
            (Some(reason), Some(field)),
            "{body}: {err}"
        );
    }
    let (status, err, _) = c
        .send(
            c.http
                .post(&url)
                .header("X-MFA-CSRF", "1")
                .body(r#"{"email":"a","password":"b"}"#),
        )
        .await;
    assert_eq!(
        (status, err["reason"].as_str()),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("unsupported_media_type")
        )
    );
    let big = format!(r#"{{"email":"a@b.c","password":"{}"}}"#, "x".repeat(20_000));
    let (status, err, _) = c
        .send(
            c.http
                .post(&url)
                .header("X-MFA-CSRF", "1")
                .header("content-type", "application/json")
                .body(big),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );

    // Codes: only 6 ASCII digits; JSON numbers, nulls and arrays are type errors (docs/security.md K8).
    let (bob, _) = t.login("bob@acme.test").await;
    let challenge = bob.start_challenge("totp").await;
    for (code, reason) in [
        (json!(123456), "invalid_type"),
        (json!(null), "invalid_type"),
        (json!(["123456"]), "invalid_type"),
        (json!("１２３４５６"), "invalid_character"),
        (json!("123 456"), "invalid_character"),
        (json!("12345"), "too_short"),
        (json!("1234567"), "too_long"),
        (json!(""), "empty"),
    ] {
        // Raw JSON values, not strings: the wrong types must be refused too.
        let (status, err, _) = bob
            .post(
                "/api/challenge/verify",
                json!({ "challengeId": challenge, "code": code }),
            )
            .await;
        assert_eq!(
            (status, err["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some(reason)),
            "{code}: {err}"
        );
    }
    // None of those counted as an attempt.
    let (status, err, _) = bob.verify_challenge(&challenge, "000000").await;
    if status == StatusCode::UNAUTHORIZED {
        assert_eq!(err["attemptsRemaining"], 4);
    }

    // Unknown paths and methods answer the typed body too.
    let (status, err, _) = c.get("/api/nope").await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, err, _) = c.get("/api/login").await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    let (status, _, _) = c.get("/api/health").await;
    assert_eq!(status, StatusCode::OK, "still up");
}

/// ASVS 5.0 3.5.1-3.5.3: custom header required, Origin verified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csrf_refusals() {
    let t = start(|_| {}).await;
    let c = t.client();
    let login = json!({ "email": "erin@initech.test", "password": PASSWORD });
    let url = format!("{}/api/login", t.url());

    let (status, err, _) = c.send(c.http.post(&url).json(&login)).await;
    assert_eq!(
        (status, code_of(&err), err["reason"].as_str()),
        (StatusCode::FORBIDDEN, "forbidden", Some("csrf_header"))
    );
    let (status, err, _) = c
        .send(c.http.post(&url).header("X-MFA-CSRF", "0").json(&login))
        .await;
    assert_eq!(
        (status, err["reason"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf_header"))
    );
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
    ] {
        let (status, err, _) = c
            .send(
                c.http
                    .post(&url)
                    .header("X-MFA-CSRF", "1")
                    .header("Origin", origin)
                    .json(&login),
            )
            .await;
        assert_eq!(
            (status, err["reason"].as_str()),
            (StatusCode::FORBIDDEN, Some("origin")),
            "{origin}"
        );
    }
    let (status, err, _) = c
        .send(
            c.http
                .post(&url)
                .header("X-MFA-CSRF", "1")
                .header("Sec-Fetch-Site", "cross-site")
                .json(&login),
        )
        .await;
    assert_eq!(
        (status, err["reason"].as_str()),
        (StatusCode::FORBIDDEN, Some("origin"))
    );

    // The server's own origin is fine.
    let (status, _, _) = c
        .send(
            c.http
                .post(&url)
                .header("X-MFA-CSRF", "1")
                .header("Origin", t.url())
                .json(&login),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // A signed-in session cannot be made to log out (or anything else) without the header.
    let (status, _, _) = c.send(c.http.post(format!("{}/api/logout", t.url()))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(c.status().await["session"], "authenticated");
}

/// CORS is open only to configured origins (and loopback ports in development mode).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_allows_only_configured_origins() {
    let preflight = |c: &Client, url: String, origin: &'static str| {
        c.http
            .request(reqwest::Method::OPTIONS, url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-mfa-csrf")
            .send()
    };
    let dev = start(|_| {}).await;
    let c = dev.client();
    for origin in ["http://127.0.0.1:41234", "http://localhost:8000"] {
        let r = preflight(&c, format!("{}/api/login", dev.url()), origin)
            .await
            .unwrap();
        assert_eq!(r.headers()["access-control-allow-origin"], origin);
        assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    }
    let r = preflight(
        &c,
        format!("{}/api/login", dev.url()),
        "https://evil.example",
    )
    .await
    .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = c
        .http
        .get(format!("{}/api/health", dev.url()))
        .header("Origin", "http://localhost:8000")
        .send()
        .await
        .unwrap();
    let exposed = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("date") && exposed.contains("retry-after"),
        "{exposed}"
    );

    let prod = start(|c| {
        c.dev = false;
        c.cors_origins = vec!["https://app.example".into()];
    })
    .await;
    let r = preflight(
        &c,
        format!("{}/api/login", prod.url()),
        "http://127.0.0.1:41234",
    )
    .await
    .unwrap();
    assert!(
        r.headers().get("access-control-allow-origin").is_none(),
        "loopback is a development convenience only"
    );
    let r = preflight(
        &c,
        format!("{}/api/login", prod.url()),
        "https://app.example",
    )
    .await
    .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    let (status, _, _) = c
        .send(
            c.http
                .post(format!("{}/api/login", prod.url()))
                .header("X-MFA-CSRF", "1")
                .header("Origin", "https://app.example")
                .json(&json!({ "email": "erin@initech.test", "password": PASSWORD })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an allowed origin passes the CSRF origin check"
    );
}

/// ASVS 5.0 3.3.1-3.3.4 and 7.2.4: HttpOnly, SameSite=Lax, Secure under HTTPS, new token on
/// authentication; the old token stops working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookies_are_protected_and_rotated() {
    let t = start(|_| {}).await;
    let c = t.client();
    let (status, _, headers) = c
        .post(
            "/api/login",
            json!({ "email": "bob@acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("mfa_session=")
            && cookie.contains("; HttpOnly")
            && cookie.contains("; SameSite=Lax")
            && cookie.contains("; Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP here");
    let pending_token = cookie.split(';').next().unwrap().to_owned();

    // A password-only session cannot reach second-factor-protected operations (docs/security.md K10).
    let (status, err, _) = c
        .post(
            "/api/recovery-codes/regenerate",
            json!({ "proof": { "method": "totp", "code": "123456" } }),
        )
        .await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::FORBIDDEN, "mfa_required")
    );
    let (status, err, _) = c.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::FORBIDDEN, "mfa_required")
    );

    let challenge = c.start_challenge("totp").await;
    let (status, _, headers) = c.verify_challenge(&challenge, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(status, StatusCode::OK);
    let rotated = headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(rotated, pending_token);
    let stale = reqwest::Client::new();
    let r = stale
        .get(format!("{}/api/status", t.url()))
        .header("Cookie", &pending_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the pre-MFA token is dead"
    );
    let r = stale
        .get(format!("{}/api/status", t.url()))
        .header("Cookie", &rotated)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Logout ends the session.
    let (status, _, headers) = c.post("/api/logout", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let r = stale
        .get(format!("{}/api/status", t.url()))
        .header("Cookie", &rotated)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let secure = start(|c| c.secure_cookies = true).await;
    let (_, _, headers) = secure
        .client()
        .post(
            "/api/login",
            json!({ "email": "erin@initech.test", "password": PASSWORD }),
        )
        .await;
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-mfa_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
}

/// `--static-dir` serves the demo at `/`; API paths keep their typed answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_dir_is_served_beside_the_api() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    let path = dir.path().to_owned();
    let t = start(move |c| c.static_dir = Some(path)).await;
    let r = reqwest::get(format!("{}/", t.url())).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("<title>demo</title>"));
    let (status, err, _) = t.client().get("/api/nope").await;
    assert_eq!(
        (status, code_of(&err)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, _, _) = t.client().get("/api/health").await;
    assert_eq!(status, StatusCode::OK);
}
