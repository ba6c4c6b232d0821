//! Faults on PostgreSQL (issue 10): the database restarts in the middle of a run, one of two
//! server processes is killed with SIGKILL under load, and an instance waits for another's
//! migrations longer than a request may wait. They need the private cluster of
//! scripts/test/postgres.sh (which exports `MFA_TEST_DB` and `PG_DIR`), so they are ignored by
//! default and run with:
//!
//! ```sh
//! scripts/test/postgres.sh run cargo test -p mfa-server --test faults -- --ignored
//! ```
//!
//! Without the cluster they fail (no silent pass).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NEEDS: &str = "needs the cluster: scripts/test/postgres.sh run cargo test -p mfa-server --test faults -- --ignored";

/// The tests of this file run one at a time: a restart would cut the other one's database.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn admin_url() -> String {
    postgres_admin_url().expect(NEEDS)
}

/// Runs a function of scripts/test/postgres.sh on the test cluster (`pg_down`, `pg_up`).
fn cluster(function: &str) {
    assert!(std::env::var("PG_DIR").is_ok(), "{NEEDS}");
    let status = Command::new("bash")
        .arg("-c")
        .arg(format!("source ../scripts/test/postgres.sh && {function}"))
        .status()
        .unwrap();
    assert!(status.success(), "{function} failed");
}

/// An instance that starts while another holds the migration lock (the advisory lock of
/// `server/src/store/postgres/mod.rs`, `migrate`) for 6 s, longer than a request's 5 s
/// `statement_timeout`, waits and opens: migrations lift the timeout for their transaction
/// (docs/postgres.md "Timeouts"). Without that it would be cancelled (`Unavailable`).
#[tokio::test]
#[ignore = "needs the PostgreSQL cluster of scripts/test/postgres.sh"]
async fn migrations_may_wait_longer_than_a_request() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let db = fresh_postgres_database(&admin_url()).await;
    let (other, connection) = tokio_postgres::connect(&db, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    other
        .execute("SELECT pg_advisory_lock(1684107617)", &[])
        .await
        .unwrap();
    let released = Arc::new(AtomicBool::new(false));
    let holder = {
        let released = released.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(6)).await;
            released.store(true, Ordering::SeqCst);
            other
                .execute("SELECT pg_advisory_unlock(1684107617)", &[])
                .await
                .unwrap();
        })
    };
    let opened = mfa_server::store::Store::open(&db).await;
    assert!(
        released.load(Ordering::SeqCst),
        "the migration waited for the other instance's lock"
    );
    assert!(opened.is_ok(), "{opened:?}");
    holder.await.unwrap();
}

/// Polls `GET /api/status` with `client` in the background, keeping every status.
fn poll(client: Client, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<Vec<StatusCode>> {
    tokio::spawn(async move {
        let mut seen = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let response = client
                .http
                .get(format!("{}/api/status", client.base))
                .send()
                .await;
            match response {
                Ok(r) => seen.push(r.status()),
                Err(e) => panic!("no answer: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        seen
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the PostgreSQL cluster of scripts/test/postgres.sh"]
async fn a_database_restart_answers_503_meanwhile_and_loses_nothing() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let _ = admin_url();
    let t = start(|_| {}).await;
    assert!(t.server.state.store.is_postgres());
    let bob = t.signed_in_bob().await;
    // Accepted before the restart: a recovery code spent.
    let code = t.seeded_recovery_codes("carol")[0].clone();
    let (carol, _) = t.login("carol@acme.test").await;
    let (status, _, _) = carol.post("/api/recover", json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK);

    let stop = Arc::new(AtomicBool::new(false));
    let load = poll(bob.clone(), stop.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster("pg_down");
    // While it is down: 503 `unavailable` with Retry-After, never 500.
    for path in ["/api/status"] {
        let (status, body, _) = bob.get(path).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            "{body}"
        );
    }
    let wrong = json!({ "email": "erin@initech.test", "password": "wrong" });
    let (status, body, _) = t.client().post("/api/login", wrong).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        "{body}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let down_at = Instant::now();
    cluster("pg_up");
    // The server reconnects by itself.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body, _) = bob.get("/api/status").await;
        if status == StatusCode::OK {
            assert_eq!(body["session"], "authenticated", "the session survived");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no reconnection: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("answering again {:?} after pg_up", down_at.elapsed());
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let seen = load.await.unwrap();
    let unavailable = count_of(&seen, StatusCode::SERVICE_UNAVAILABLE);
    println!(
        "background polls: {} answers, {unavailable} were 503",
        seen.len()
    );
    assert!(unavailable > 0, "the poller saw the outage");
    assert_eq!(
        count_of(&seen, StatusCode::OK) + unavailable,
        seen.len(),
        "{seen:?}"
    );
    // Nothing accepted was lost: the spent code stays spent.
    let (status, _, _) = t
        .login("carol@acme.test")
        .await
        .0
        .post("/api/recover", json!({ "code": code }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let left = t.server.state.store.recovery_remaining("usr_carol").await;
    assert_eq!(left.unwrap(), 9);
}

/// A server process on `db`, with the shared key file; its base URL.
fn spawn_process(db: &str, key_file: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mfa-server"))
        .args(["--listen", "127.0.0.1:0", "--dev", "--db", db, "--key-file"])
        .arg(key_file)
        .env("MFA_SERVER_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("mfa-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn bob_challenge(base: &str) -> (Client, String) {
    let client = Client::new(base);
    let (status, body, _) = client
        .post(
            "/api/login",
            json!({ "email": "bob@acme.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("mfa_required"))
    );
    let challenge = client.start_challenge("totp").await;
    (client, challenge)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the PostgreSQL cluster of scripts/test/postgres.sh"]
async fn killing_one_of_two_instances_under_load_accepts_no_replay() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let db = fresh_postgres_database(&admin_url()).await;
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "5a".repeat(32)).unwrap();
    let (mut a, url_a) = spawn_process(&db, &key_file);
    let (mut b, url_b) = spawn_process(&db, &key_file);

    // 40 sessions, half on each instance, each with a challenge; one code for all.
    let mut attempts = Vec::new();
    for i in 0..40 {
        attempts.push(bob_challenge(if i % 2 == 0 { &url_a } else { &url_b }).await);
    }
    let (poller, _) = bob_challenge(&url_b).await;
    let stop = Arc::new(AtomicBool::new(false));
    let load = poll(poller, stop.clone());
    let now = unix_now();
    let code = totp_code(BOB_SECRET, now);
    let killed = Arc::new(Mutex::new(None));
    let answered_by_a = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let results = all_at_once(41, |i| {
        let attempt = attempts.get(i).cloned();
        let (code, killed, pid) = (code.clone(), killed.clone(), a.id());
        let answered_by_a = answered_by_a.clone();
        async move {
            let Some((client, challenge)) = attempt else {
                // The 41st task kills instance A while the verifications run: once A has
                // answered a few (or after 2 s).
                let give_up = Instant::now() + Duration::from_secs(2);
                while answered_by_a.load(Ordering::Relaxed) < 3 && Instant::now() < give_up {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                let status = Command::new("kill").args(["-9", &pid.to_string()]).status();
                *killed.lock().unwrap() = Some(status.unwrap().success());
                return (i, None);
            };
            let sent = client
                .http
                .post(format!("{}/api/challenge/verify", client.base))
                .header("X-MFA-CSRF", "1")
                .json(&json!({ "challengeId": challenge, "code": code }))
                .send()
                .await;
            if sent.is_ok() && i % 2 == 0 {
                answered_by_a.fetch_add(1, Ordering::Relaxed);
            }
            (i, sent.ok().map(|r| r.status()))
        }
    })
    .await;
    assert_eq!(*killed.lock().unwrap(), Some(true));
    let _ = a.wait();
    let on_b: Vec<StatusCode> = results
        .iter()
        .filter(|(i, _)| i % 2 == 1 && *i < 40)
        .map(|(_, s)| s.expect("B answers every request"))
        .collect();
    let on_a: Vec<Option<StatusCode>> = results
        .iter()
        .filter(|(i, _)| i % 2 == 0 && *i < 40)
        .map(|(_, s)| *s)
        .collect();
    let allowed = [
        StatusCode::OK,
        StatusCode::UNAUTHORIZED,
        StatusCode::TOO_MANY_REQUESTS,
    ];
    assert!(on_b.iter().all(|s| allowed.contains(s)), "{on_b:?}");
    // After the kill, the same code on B, in 10 more sessions.
    let mut later = Vec::new();
    for _ in 0..10 {
        let (client, challenge) = bob_challenge(&url_b).await;
        later.push(client.verify_challenge(&challenge, &code).await.0);
    }
    stop.store(true, Ordering::Relaxed);
    let polled = load.await.unwrap();
    let successes = count_of(&on_b, StatusCode::OK)
        + on_a.iter().filter(|s| **s == Some(StatusCode::OK)).count()
        + count_of(&later, StatusCode::OK);
    println!(
        "A answered {} of 20 before its kill; B {} of 20; later {later:?}; B polled {} times; successes seen {successes}",
        on_a.iter().flatten().count(),
        on_b.len(),
        polled.len()
    );
    assert!(
        polled.iter().all(|s| *s == StatusCode::OK),
        "B kept answering: {polled:?}"
    );
    // The database is the oracle: the code's step was consumed exactly once, and if A died
    // between its commit and its answer, nobody saw that success, and nobody may succeed later.
    let (client, connection) = tokio_postgres::connect(&db, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let row = client
        .query_one(
            "SELECT last_step FROM factors WHERE user_id = 'usr_bob' AND status = 'active'",
            &[],
        )
        .await
        .unwrap();
    let last_step: i64 = row.get(0);
    let step = i64::try_from(now / 30).unwrap();
    assert!(successes <= 1, "a replay was accepted: {successes}");
    if successes == 0 {
        assert_eq!(
            last_step, step,
            "no success seen, so A must have committed it unseen"
        );
    }
    let _ = b.kill();
    let _ = b.wait();
}
