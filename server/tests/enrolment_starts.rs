//! Parallel starts of one user's enrolment (found by the two-instance tests of issue 10): the
//! pending factor and its challenge (SMS code, WebAuthn ceremony) are written in one transaction,
//! so a start never fails with a 500 because another start replaced its factor between the two
//! writes (the challenge then pointed at a deleted factor). Robustness rule: bad timing gets a
//! clear answer, never an internal error (OWASP ASVS 5.0 16.5.1).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_enrolment_starts_of_one_user_never_fail() {
    let t = start(|c| {
        // Only the rule under test may answer: the SMS budgets are raised out of the way.
        c.policy.sms_per_user_limit = 1000;
        c.policy.sms_per_number_limit = 1000;
        c.policy.sms_enroll_per_user_number_limit = 1000;
        c.policy.sms_per_source_limit = 1000;
        c.policy.sms_global_limit = 1000;
        c.origin = Some("http://localhost:8443".into());
    })
    .await;
    let (alice, _) = t.login("alice@acme.test").await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let c = alice.clone();
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                c.post("/api/enrollment/webauthn", json!({})).await
            } else {
                let phone = json!({ "phoneNumber": "+15555550142" });
                c.post("/api/enrollment/sms", phone).await
            }
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        let (status, body, _) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        statuses.push(status);
    }
    assert_eq!(statuses.len(), 30);
}
