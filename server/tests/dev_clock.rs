//! The development test clock (`--dev --test-clock`, `POST /api/dev/clock`): out-of-process test
//! suites move the server's time instead of waiting. It exists only in development mode, and
//! moving it expires what it should.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn advancing_the_clock_expires_a_pending_enrolment() {
    let t = start(|c| c.test_clock = true).await;
    // Erin is signed in (12 h session) without a factor: only the enrolment expires.
    let (erin, _) = t.login("erin@initech.test").await;
    let (status, started, _) = erin.post("/api/enrollment/totp", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let secret = started["secret"].as_str().unwrap();

    let (status, moved, _) = t
        .client()
        .post("/api/dev/clock", json!({ "advanceSeconds": 599 }))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let now = T0 + 599;
    assert_eq!(
        moved,
        json!({ "unixSeconds": now, "now": mfa_server::clock::rfc3339(now), "offsetSeconds": 599 })
    );
    // The server's clock follows the inner clock plus the offset.
    t.clock.advance(1);
    let (_, moved, _) = t
        .client()
        .post("/api/dev/clock", json!({ "advanceSeconds": 0 }))
        .await;
    assert_eq!(moved["unixSeconds"], T0 + 600);

    let (status, body, _) = erin
        .post(
            "/api/enrollment/totp/confirm",
            json!({ "enrollmentId": started["enrollmentId"], "code": totp_code(secret, T0 + 600) }),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "challenge_expired"),
        "the 10-minute enrolment expired on the moved clock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_cannot_be_moved_without_the_flag_or_outside_development_mode() {
    for dev in [true, false] {
        let t = start(|c| c.dev = dev).await;
        for body in [json!({ "advanceSeconds": 600 }), json!({ "nonsense": 1 })] {
            let (status, err, _) = t.client().post("/api/dev/clock", body).await;
            assert_eq!(
                (status, code_of(&err)),
                (StatusCode::NOT_FOUND, "not_found"),
                "dev = {dev}"
            );
        }
    }
    let mut config = mfa_server::Config::new(":memory:");
    config.key = Some([1; 32]);
    config.test_clock = true;
    let refused = mfa_server::spawn(config).await.err().expect("refused");
    assert!(refused.to_string().contains("--dev"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_advances_are_refused() {
    let t = start(|c| c.test_clock = true).await;
    let c = t.client();
    for (body, reason) in [
        (json!({ "advanceSeconds": -1 }), "invalid_value"),
        (json!({ "advanceSeconds": "60" }), "invalid_type"),
        (json!({}), "missing_field"),
        (json!({ "advanceSeconds": 60, "x": 1 }), "unknown_field"),
    ] {
        let (status, err, _) = c.post("/api/dev/clock", body.clone()).await;
        assert_eq!(
            (status, err["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some(reason)),
            "{body}"
        );
    }
    let (_, moved, _) = c
        .post("/api/dev/clock", json!({ "advanceSeconds": 0 }))
        .await;
    assert_eq!(moved["offsetSeconds"], 0, "nothing moved");
}

/// The command line: `--test-clock` without `--dev` is refused by the binary; with it, the
/// server's clock starts at the system time and moves. (The server starts in-process from the
/// parsed command line: the binary's development seed hashes with production KDF costs, seconds
/// in a debug build.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_accepts_the_flag_only_with_dev() {
    let refused = Command::new(env!("CARGO_BIN_EXE_mfa-server"))
        .args([
            "--test-clock",
            "--db",
            ":memory:",
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--dev"), "{stderr}");

    let cli = <mfa_server::Cli as clap::Parser>::parse_from([
        "mfa-server",
        "--dev",
        "--test-clock",
        "--db",
        ":memory:",
        "--listen",
        "127.0.0.1:0",
    ]);
    let mut config = mfa_server::Config::from_cli(&cli);
    config.key = Some([1; 32]);
    config.seed = false;
    let server = mfa_server::spawn(config).await.unwrap();
    let (status, moved, _) = Client::new(&server.url())
        .post("/api/dev/clock", json!({ "advanceSeconds": 3600 }))
        .await;
    assert_eq!(
        (status, moved["offsetSeconds"].as_u64()),
        (StatusCode::OK, Some(3600))
    );
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let off = moved["unixSeconds"]
        .as_u64()
        .unwrap()
        .abs_diff(system + 3600);
    assert!(off <= 5, "the clock starts at the system time: {moved}");
}
