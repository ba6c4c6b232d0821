//! The cap on second-factor guessing (issue 9 row 3; NIST SP 800-63B 5.2.2: no more than 100
//! consecutive failed attempts on one account): delays double after every 5 failures, the
//! 100th consecutive failure blocks the factor for good, and then only a recovery code or an
//! admin reset helps.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

/// A code that none of the accepted steps (±1) has now.
fn wrong_code(t: &TestServer) -> String {
    let taken = [
        t.code(BOB_SECRET, -30),
        t.code(BOB_SECRET, 0),
        t.code(BOB_SECRET, 30),
    ];
    (0..4)
        .map(|i| format!("{:06}", 111_111 * i))
        .find(|c| !taken.contains(c))
        .unwrap()
}

/// Guesses wrong codes, waiting out every delay, until the factor is blocked. Returns the
/// evaluated failures and the delays seen.
async fn guess_until_blocked(t: &TestServer) -> (u32, Vec<u64>) {
    let (mut evaluated, mut delays) = (0, Vec::new());
    for _ in 0..200 {
        let (c, _) = t.login("bob@acme.test").await;
        let challenge = c.start_challenge("totp").await;
        loop {
            let (status, body, headers) = c.verify_challenge(&challenge, &wrong_code(t)).await;
            evaluated += 1;
            match code_of(&body) {
                "invalid_code" => assert_eq!(status, StatusCode::UNAUTHORIZED),
                "locked_out" => {
                    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
                    delays.push(wait);
                    t.clock.advance(wait);
                    break;
                }
                "recovery_required" => {
                    assert_eq!(status, StatusCode::FORBIDDEN);
                    return (evaluated, delays);
                }
                other => panic!("unexpected {other}: {body}"),
            }
        }
    }
    panic!("never blocked after {evaluated} wrong codes; delays {delays:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_consecutive_wrong_codes_block_the_factor_until_a_recovery_code() {
    let t = start(|_| {}).await;
    let (evaluated, delays) = guess_until_blocked(&t).await;
    assert_eq!(evaluated, 100, "exactly 100 codes were evaluated");
    let mut expected = vec![900, 1800, 3600, 7200, 14_400, 28_800, 57_600];
    expected.resize(19, 86_400);
    assert_eq!(delays, expected, "the delays double up to a day");

    // The right code is refused without evaluation, today and a month later.
    for later in [0, 30 * 86_400] {
        t.clock.advance(later);
        let (c, _) = t.login("bob@acme.test").await;
        let challenge = c.start_challenge("totp").await;
        let (status, body, _) = c.verify_challenge(&challenge, &t.code(BOB_SECRET, 0)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "recovery_required")
        );
    }

    // A recovery code signs in and ends the block.
    let (c, _) = t.login("bob@acme.test").await;
    let code = &t.seeded_recovery_codes("bob")[0];
    let (status, body, _) = c.post("/api/recover", json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    t.clock.advance(30);
    let (c, _) = t.login("bob@acme.test").await;
    let challenge = c.start_challenge("totp").await;
    let (status, body, _) = c.verify_challenge(&challenge, &t.code(BOB_SECRET, 0)).await;
    assert_eq!(status, StatusCode::OK, "the factor works again: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reset_also_ends_the_block() {
    let t = start(|c| c.policy.mfa_failure_cap = 12).await;
    let (evaluated, _) = guess_until_blocked(&t).await;
    assert_eq!(evaluated, 12);
    let (admin, _) = t.login("admin@acme.test").await;
    let challenge = admin.start_challenge("totp").await;
    let (status, _, _) = admin
        .verify_challenge(&challenge, &t.code(ADMIN_SECRET, 0))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body, _) = admin
        .post(
            "/api/admin/reset-member-mfa",
            json!({ "memberEmail": "bob@acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = t.login("bob@acme.test").await;
    assert_eq!(body["status"], "enrollment_required");
}
