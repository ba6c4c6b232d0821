//! Secrets at rest (issue 9 rows 10 and 11): outside development mode the server key comes from
//! `--key-file` or `MFA_SERVER_KEY` and never from a file beside the database; the database and
//! key files are created 0600; client-supplied TOTP secrets that are evidently not random are
//! refused.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the binary (not in development mode) until it prints its address, then stops it; or
/// returns how it failed.
fn run(args: &[&str], key_env: Option<&str>) -> Result<(), String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mfa-server"));
    command
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("MFA_SERVER_KEY")
        .env("MFA_SERVER_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(key) = key_env {
        command.env("MFA_SERVER_KEY", key);
    }
    let mut child = command.spawn().expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    match lines.next() {
        Some(Ok(line)) if line.starts_with("mfa-server listening on ") => {
            child.kill().unwrap();
            child.wait().unwrap();
            Ok(())
        }
        _ => {
            let Output { stderr, status, .. } = child.wait_with_output().unwrap();
            assert!(!status.success());
            Err(String::from_utf8_lossy(&stderr).into_owned())
        }
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_key_never_sits_beside_the_database() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("mfa.db");
    let db = db.to_str().unwrap();

    // No key at all: refused, with the way out.
    let err = run(&["--db", db], None).unwrap_err();
    assert!(err.contains("no server key: pass --key-file"), "{err}");
    assert!(
        !data.path().join("mfa.db.key").exists(),
        "no key was made beside it"
    );

    // A key file in the database's directory: refused, with the reason.
    let beside = data.path().join("server.key");
    let err = run(&["--db", db, "--key-file", beside.to_str().unwrap()], None).unwrap_err();
    assert!(err.contains("is inside the database's directory"), "{err}");
    assert!(!beside.exists());

    // A key file elsewhere: created 0600; the database 0600 too, and its WAL.
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("server.key");
    run(&["--db", db, "--key-file", key.to_str().unwrap()], None).unwrap();
    assert_eq!(mode(&key), 0o600);
    assert_eq!(mode(Path::new(db)), 0o600, "the database file");
    let wal = data.path().join("mfa.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "the WAL file");
    }
    // The environment variable works too.
    run(&["--db", db], Some(&"cd".repeat(32))).unwrap();
}

/// Row 11: 20 zero bytes used to be accepted as a TOTP secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn degenerate_client_secrets_are_refused() {
    let t = start(|_| {}).await;
    let (erin, _) = t.login("erin@initech.test").await;
    let zeros = "A".repeat(32); // base32 of 20 zero bytes
    let pattern = "MFRGCYTBMJQWEYLCMFRGCYTBMJQWEYLC"; // "abababab..." (2 distinct bytes)
    for secret in [zeros.as_str(), pattern] {
        let (status, body, _) = erin
            .post("/api/enrollment/totp", json!({ "secret": secret }))
            .await;
        assert_eq!(
            (status, code_of(&body), body["reason"].as_str()),
            (
                StatusCode::BAD_REQUEST,
                "invalid_input",
                Some("weak_secret")
            ),
            "{secret}: {body}"
        );
    }
    let (status, body, _) = erin
        .post("/api/enrollment/totp", json!({ "secret": BOB_SECRET }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Issue 9 "Defaults for deployment": the server's TOTP HMAC is RustCrypto's (mfa-core's
/// `rustcrypto` feature); the wasm package keeps the compact one.
#[test]
fn the_server_computes_totp_with_rustcrypto() {
    assert_eq!(mfa_core::totp::HMAC_BACKEND, "rustcrypto");
    // RFC 6238 Appendix B through the server's own TOTP path (SHA1, 8 digits).
    let totp = mfa_core::totp::Totp::from_key(
        b"12345678901234567890".to_vec(),
        mfa_core::totp::Algorithm::Sha1,
        8,
        30,
    )
    .unwrap();
    assert_eq!(totp.code(59), "94287082");
    assert_eq!(totp.code(20_000_000_000), "65353130");
}
