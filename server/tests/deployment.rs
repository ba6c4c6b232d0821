//! Defaults for deployment (issue 9): `Secure` and `__Host-` cookies unless the server listens
//! on loopback only (ASVS 5.0 3.3.1, 3.3.3), and the static demo served with a CSP that allows
//! its own WebAssembly and nothing inline, no framing, `nosniff` and no Referer (ASVS 5.0
//! 3.4.3-3.4.6).

mod common;

use common::*;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// The cookies a login sets on a binary listening on `listen`.
async fn login_cookies(listen: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mfa-server"))
        .args(["--dev", "--db", ":memory:", "--listen", listen])
        .env("MFA_SERVER_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port = first.rsplit(':').next().unwrap().to_owned();
    std::thread::spawn(move || lines.for_each(drop));
    let answer = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/login"))
        .header("X-MFA-CSRF", "1")
        .json(&json!({ "email": "erin@initech.test", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success());
    let cookies = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();
    cookies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_secure_unless_the_server_listens_on_loopback() {
    let exposed = login_cookies("0.0.0.0:0").await;
    assert_eq!(exposed.len(), 2, "{exposed:?}");
    for cookie in &exposed {
        assert!(cookie.starts_with("__Host-"), "{cookie}");
        assert!(cookie.contains("; Secure"), "{cookie}");
        assert!(
            cookie.contains("; Path=/") && cookie.contains("; HttpOnly"),
            "{cookie}"
        );
    }
    let local = login_cookies("127.0.0.1:0").await;
    assert!(local.iter().all(|c| !c.contains("Secure")), "{local:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_served_with_a_content_security_policy() {
    let www = tempfile::tempdir().unwrap();
    std::fs::write(
        www.path().join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    let dir = www.path().to_path_buf();
    let t = start(move |c| c.static_dir = Some(dir)).await;
    let page = reqwest::get(format!("{}/", t.url())).await.unwrap();
    assert!(page.status().is_success());
    let header = |name: &str| page.headers()[name].to_str().unwrap().to_owned();
    let csp = header("content-security-policy");
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-frame-options"), "DENY");
    // API answers cannot be framed either.
    let api = reqwest::get(format!("{}/api/health", t.url()))
        .await
        .unwrap();
    let csp = api.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}
