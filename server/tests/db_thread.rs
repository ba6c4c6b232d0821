//! Database work runs off the async workers (issue 9, "Database work leaves the async
//! workers"): while the database is locked by another process and writes wait on it, the
//! server still answers `/api/health`, which needs no database.

mod common;

use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_while_writes_wait_on_a_locked_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let db_path = db.to_str().unwrap().to_owned();
    let t = start(move |c| c.db = db_path).await;

    // Another process takes the write lock and holds it.
    let locker = rusqlite::Connection::open(&db).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();

    // Logins write, so they wait for the lock (up to the 5 s busy timeout).
    let emails = [
        "erin@initech.test",
        "alice@acme.test",
        "bob@acme.test",
        "carol@acme.test",
    ];
    let logins: Vec<_> = (0..8)
        .map(|i| {
            let c = t.client();
            tokio::spawn(async move {
                c.post(
                    "/api/login",
                    json!({ "email": emails[i % 4], "password": PASSWORD }),
                )
                .await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1000)).await;

    let started = Instant::now();
    let health = reqwest::Client::new()
        .get(format!("{}/api/health", t.url()))
        .send()
        .await
        .expect("health answers");
    let took = started.elapsed();
    let pending = logins.iter().filter(|l| !l.is_finished()).count();
    println!("health answered in {took:?} with {pending} of 8 logins still waiting on the lock");
    assert!(health.status().is_success());
    assert_eq!(
        pending, 8,
        "health answered only after the blocked database work finished"
    );

    locker.execute_batch("COMMIT").unwrap();
    for login in logins {
        let (status, body, _) = login.await.unwrap();
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }
}
