//! Durability under SIGKILL: the real binary is killed while requests are in flight, restarted on
//! the same database file, and every write it acknowledged before the kill is there: the
//! confirmed enrolment with its key, replay guard and recovery codes, every session it answered
//! a login with, and an account lock; the file passes `PRAGMA integrity_check`. A process kill
//! leaves the page cache to the kernel, so this cannot tell whether commits reached the disk:
//! `durability.rs` checks that (synchronous=FULL) with strace.

mod binary;

use binary::*;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_with_requests_in_flight_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let mut server = spawn(&db, &[]);
    let url = server.url.clone();

    // Alice enrols TOTP.
    let alice = Api::new(&url);
    let login = json!({ "email": "alice@acme.test", "password": PASSWORD });
    let (status, body, _) = alice.post("/api/login", login.clone()).await.unwrap();
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("enrollment_required"))
    );
    let (status, started, _) = alice.post("/api/enrollment/totp", json!({})).await.unwrap();
    assert_eq!(status, 200, "{started}");
    let secret = started["secret"].as_str().unwrap().to_owned();
    let used = code(&secret, now());
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "code": used });
    let (status, confirmed, _) = alice
        .post("/api/enrollment/totp/confirm", confirm)
        .await
        .unwrap();
    assert_eq!(status, 200, "{confirmed}");

    // Load: three clients sign Erin in over and over (each acknowledged login is a session the
    // restarted server must know), one guesses Carol's password until her account is locked.
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let locked = Arc::new(AtomicBool::new(false));
    let mut load = Vec::new();
    for _ in 0..3 {
        let (url, sessions) = (url.clone(), sessions.clone());
        load.push(tokio::spawn(async move {
            let erin = json!({ "email": "erin@initech.test", "password": PASSWORD });
            while let Ok((200, _, Some(token))) =
                Api::new(&url).post("/api/login", erin.clone()).await
            {
                sessions.lock().unwrap().push(token);
            }
        }));
    }
    let (carol_url, carol_locked) = (url.clone(), locked.clone());
    load.push(tokio::spawn(async move {
        let carol = Api::new(&carol_url);
        let guess = json!({ "email": "carol@acme.test", "password": "guess" });
        while let Ok((status, _, _)) = carol.post("/api/login", guess.clone()).await {
            carol_locked.store(status == 429, Ordering::SeqCst);
        }
    }));
    for _ in 0..600 {
        if sessions.lock().unwrap().len() >= 20 && locked.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        locked.load(Ordering::SeqCst),
        "Carol's account locked under load"
    );
    server.kill();
    for task in load {
        task.await.unwrap();
    }
    let sessions = sessions.lock().unwrap().clone();
    assert!(
        sessions.len() >= 20,
        "{} acknowledged logins",
        sessions.len()
    );

    // Restart on the same file.
    let mut server = spawn(&db, &[]);
    let url = server.url.clone();
    let api = Api::new(&url);
    for token in &sessions {
        let (status, body, _) = api.status_of(token).await.unwrap();
        assert_eq!(
            (status, body["user"]["email"].as_str()),
            (200, Some("erin@initech.test")),
            "an acknowledged session was lost"
        );
    }
    let right = json!({ "email": "carol@acme.test", "password": PASSWORD });
    let (status, body, _) = api.post("/api/login", right).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("locked_out")),
        "the lock survived"
    );

    // Alice's enrolment, with its key and its replay guard, and her recovery codes.
    let alice = Api::new(&url);
    let (status, body, _) = alice.post("/api/login", login.clone()).await.unwrap();
    assert_eq!(
        (status, &body),
        (
            200,
            &json!({ "status": "mfa_required", "methods": ["totp"] })
        )
    );
    let (_, challenge, _) = alice
        .post("/api/challenge", json!({ "method": "totp" }))
        .await
        .unwrap();
    let verify = |code: String| json!({ "challengeId": challenge["challengeId"], "code": code });
    let (status, _, _) = alice
        .post("/api/challenge/verify", verify(used))
        .await
        .unwrap();
    assert_eq!(
        status, 401,
        "the confirming code stays used across the restart"
    );
    let next = code(&secret, now() + 30);
    let (status, body, _) = alice
        .post("/api/challenge/verify", verify(next))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let other = Api::new(&url);
    other.post("/api/login", login).await.unwrap();
    let recover = json!({ "code": confirmed["recoveryCodes"][0] });
    let (status, body, _) = other.post("/api/recover", recover).await.unwrap();
    assert_eq!(
        (status, body["recoveryCodesRemaining"].as_u64()),
        (200, Some(9)),
        "{body}"
    );

    server.kill();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.path().join("mfa.db.key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is private");
    }
    assert_eq!(integrity(&db), "ok");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}
