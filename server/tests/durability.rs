//! Commits reach the disk before they are acknowledged (SQLite WAL with synchronous=FULL, so a
//! confirmed enrolment, a spent code or a failure count survives a power loss, not only a
//! process kill). A SIGKILL cannot show this: the kernel keeps the page cache. The oracle here
//! is the kernel's view: the real binary runs under `strace`, one request at a time, and before
//! the answer to every state-changing request the trace must show an fsync of the database's
//! WAL, after the answer to the previous request. With synchronous=OFF there is none, and with
//! NORMAL only at checkpoints: both fail here.
//!
//! Needs strace (Debian package `strace`, installed by scripts/setup.sh); the test fails
//! without it rather than pass unchecked.

mod binary;

use binary::*;
use serde_json::{json, Value};

/// One line of the trace that matters: a sync of the WAL or database, or an HTTP answer.
#[derive(Debug, PartialEq)]
enum Event {
    Sync,
    Answer(u16),
}

/// Reads strace's output (`-f -y -e trace=fsync,fdatasync,write,writev,sendto,sendmsg`).
fn events(trace: &str, db: &str) -> Vec<Event> {
    trace
        .lines()
        .filter_map(|line| {
            let syncs = line.contains("fsync(") || line.contains("fdatasync(");
            if syncs && line.contains(db) {
                return Some(Event::Sync);
            }
            let at = line.find("\"HTTP/1.1 ")?;
            let status = line.get(at + 10..at + 13)?.parse().ok()?;
            Some(Event::Answer(status))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_is_synced_to_disk_first() {
    let strace = std::process::Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|o| o.status.success()),
        "strace is needed (apt-get install strace; scripts/setup.sh installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mfa.db");
    let trace = dir.path().join("trace.txt");
    let trace_arg = trace.to_str().unwrap();
    let wrapper = [
        "strace",
        "-f",
        "-y",
        "-qq",
        "-s",
        "16",
        "-o",
        trace_arg,
        "-e",
        "trace=fsync,fdatasync,write,writev,sendto,sendmsg",
    ];
    let mut server = spawn(&db, &wrapper);
    let url = server.url.clone();

    // One request at a time.
    let erin = Api::new(&url);
    let mut sent: Vec<(bool, &str)> = Vec::new();
    let login = |email: &str, password: &str| json!({ "email": email, "password": password });
    // What each request was, in order: whether it writes, and what.
    let mut noted = |write: bool, what: &'static str| sent.push((write, what));
    let (status, _, _) = erin
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await
        .unwrap();
    assert_eq!(status, 200);
    noted(true, "login: a session");
    erin.get("/api/status").await.unwrap();
    noted(false, "status");
    let (_, started, _) = erin.post("/api/enrollment/totp", json!({})).await.unwrap();
    noted(true, "startTotpEnrollment: a pending factor");
    let secret = started["secret"].as_str().unwrap();
    let confirm = json!({ "enrollmentId": started["enrollmentId"], "code": code(secret, now()) });
    let (status, confirmed, _) = erin
        .post("/api/enrollment/totp/confirm", confirm)
        .await
        .unwrap();
    assert_eq!(status, 200, "{confirmed}");
    noted(true, "confirmTotpEnrollment: the factor, codes, session");
    let carol = Api::new(&url);
    let (status, _, _) = carol
        .post("/api/login", login("carol@acme.test", "guess"))
        .await
        .unwrap();
    assert_eq!(status, 401);
    noted(true, "a wrong password: the failure count");
    carol.get("/api/health").await.unwrap();
    noted(false, "health");
    let bob = Api::new(&url);
    bob.post("/api/login", login("bob@acme.test", PASSWORD))
        .await
        .unwrap();
    noted(true, "login: a session");
    let recover = json!({ "code": confirmed["recoveryCodes"][0] });
    let other = Api::new(&url);
    other
        .post("/api/login", login("erin@initech.test", PASSWORD))
        .await
        .unwrap();
    noted(true, "login: a session");
    let (status, body, _) = other.post("/api/recover", recover).await.unwrap();
    assert_eq!(status, 200, "{body}");
    noted(true, "recover: a spent code");
    let (status, _, _) = erin.post("/api/logout", Value::Null).await.unwrap();
    assert_eq!(status, 204);
    noted(true, "logout: the session ends");

    server.kill();
    let text = std::fs::read_to_string(&trace).unwrap();
    let db_name = db.to_str().unwrap();
    let events = events(&text, db_name);
    let answers: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, Event::Answer(_)))
        .collect();
    assert_eq!(
        answers.len(),
        sent.len(),
        "one answer per request in the trace: {events:?}"
    );
    let mut syncs = 0;
    let mut request = sent.iter();
    for event in &events {
        match event {
            Event::Sync => syncs += 1,
            Event::Answer(status) => {
                let (write, what) = request.next().unwrap();
                if *write {
                    assert!(syncs > 0, "{what} ({status}) was answered before any sync of {db_name}-wal: {events:?}");
                } else {
                    // The oracle discriminates: a read syncs nothing.
                    assert_eq!(syncs, 0, "{what} ({status}) synced: {events:?}");
                }
                syncs = 0;
            }
        }
    }
    assert_eq!(integrity(&db), "ok");
}
