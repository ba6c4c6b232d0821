//! Unit tests of the store: what the HTTP tests cannot reach (states the API never creates,
//! answers only a race produces) and the store's own health check. They run on in-memory
//! SQLite, and on PostgreSQL when `MFA_TEST_DB` is set (`fresh_store`), except the two about
//! SQLite's own errors and file, and the one about PostgreSQL URLs.

use super::*;
use crate::crypto::recovery::Stored;
use mfa_wire::{MfaMethod, Role, SessionState};

const NOW: u64 = 1_900_000_000;

mod fresh_pg;

/// A new, migrated store: a new database on the cluster of `MFA_TEST_DB` when the suites run on
/// PostgreSQL, in-memory SQLite otherwise.
async fn fresh_store() -> Store {
    let admin = fresh_pg::postgres_admin_url();
    let db = match &admin {
        Some(admin) => fresh_pg::fresh_postgres_database(admin).await,
        None => ":memory:".into(),
    };
    let store = Store::open(&db).await.unwrap();
    assert_eq!(store.is_postgres(), admin.is_some(), "the engine asked for");
    store
}

/// The rows of `table`, on either engine (a table name from the test, never input).
async fn count_rows(store: &Store, table: &'static str) -> i64 {
    match store.pg() {
        Some(pg) => pg.count_rows(table).await.unwrap(),
        None => store.run(move |db| db.count_rows(table)).await.unwrap(),
    }
}

/// A fresh store with one organisation and one user, `usr_a`.
async fn store_with_user() -> Store {
    let store = fresh_store().await;
    assert!(!store.has_orgs().await.unwrap());
    let org = Org {
        id: "org_a".into(),
        name: "A".into(),
        require_mfa: true,
        sso: false,
    };
    store.create_org(&org).await.unwrap();
    assert!(store.has_orgs().await.unwrap());
    let user = User {
        id: "usr_a".into(),
        org_id: "org_a".into(),
        email: "a@a.test".into(),
        password_hash: "unused".into(),
        role: Role::Member,
        must_enroll: false,
    };
    store.create_user(&user, NOW).await.unwrap();
    store
}

fn factor(id: &str, method: MfaMethod, active: bool) -> FactorRow {
    FactorRow {
        id: id.into(),
        user_id: "usr_a".into(),
        method,
        active,
        secret_ct: Some(vec![0x5e; 48]),
        phone: Some("+15555550100".into()),
        created_at: NOW,
        expires_at: (!active).then_some(NOW + 600),
    }
}

use super::Store;

#[tokio::test]
async fn debug_names_the_store_only() {
    assert_eq!(format!("{:?}", fresh_store().await), "Store");
}

/// Waits are bounded on both engines (docs/postgres.md "Timeouts"): SQLite waits 5 s for
/// another writer; PostgreSQL cancels a statement after 5 s (a cancelled one is `unavailable`,
/// 503, not `internal`) and ends a connection idle in a transaction after 10 s, so a stalled
/// instance cannot keep a user's row locked for the others (ASVS 5.0 15.4.2).
#[tokio::test]
async fn waits_are_bounded() {
    let store = fresh_store().await;
    match store.pg() {
        Some(pg) => {
            let (statement, idle, cancelled) = pg.timeouts().await.unwrap();
            assert_eq!((statement.as_str(), idle.as_str()), ("5s", "10s"));
            assert_eq!(cancelled, StoreError::Unavailable);
        }
        None => assert_eq!(store.run(|db| db.busy_timeout_ms()).await.unwrap(), 5000),
    }
}

/// The URL's own `options` come after ours, so an operator's setting wins.
#[test]
fn an_operators_session_options_win() {
    let mut config: tokio_postgres::Config =
        "postgres://u@h/d?options=-c%20statement_timeout%3D1min"
            .parse()
            .unwrap();
    super::postgres::with_session_options(&mut config);
    assert_eq!(
        config.get_options(),
        Some("-c statement_timeout=5s -c idle_in_transaction_session_timeout=10s -c statement_timeout=1min")
    );
    let mut plain: tokio_postgres::Config = "postgres://u@h/d".parse().unwrap();
    super::postgres::with_session_options(&mut plain);
    assert_eq!(
        plain.get_options(),
        Some("-c statement_timeout=5s -c idle_in_transaction_session_timeout=10s")
    );
}

/// A full disk is `unavailable` (503, retry later), not `internal`: a real SQLite write refused
/// by a page limit (what a full disk answers: SQLITE_FULL), next to a busy database and a
/// constraint violation (a defect, so `internal`).
#[test]
fn a_full_disk_is_unavailable() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (b BLOB); PRAGMA max_page_count = 2;")
        .unwrap();
    let full = conn
        .execute("INSERT INTO t VALUES (zeroblob(100000))", [])
        .unwrap_err();
    assert_eq!(
        full.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DiskFull)
    );
    assert_eq!(StoreError::from(full), StoreError::Unavailable);
    let busy =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    assert_eq!(StoreError::from(busy), StoreError::Unavailable);
    conn.execute_batch("PRAGMA max_page_count = 1000; CREATE TABLE u (x INTEGER UNIQUE); INSERT INTO u VALUES (1);")
        .unwrap();
    let constraint = conn.execute("INSERT INTO u VALUES (1)", []).unwrap_err();
    assert_eq!(StoreError::from(constraint), StoreError::Internal);
}

/// `integrity_ok` says yes for a sound file and no (or fails) for a damaged one.
#[tokio::test]
async fn integrity_check_sees_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    let path = path.to_str().unwrap();
    let store = Store::open(path).await.unwrap();
    for i in 0..400 {
        let org = super::Org {
            id: format!("org_{i}"),
            name: "x".repeat(100),
            require_mfa: false,
            sso: false,
        };
        store.create_org(&org).await.unwrap();
    }
    assert!(store.integrity_ok().await.unwrap());
    // Every commit into the file itself (the database thread may outlive `drop` for a moment).
    store.run(|db| db.checkpoint()).await.unwrap();
    drop(store);
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 8 * 4096, "several pages");
    // Garbage over a page of orgs (written last, so near the end; the schema and the empty
    // tables' root pages come first and are left intact).
    let page = bytes.len() - 4 * 4096;
    bytes[page + 100..page + 4096].fill(0xa5);
    std::fs::write(path, &bytes).unwrap();
    let damaged = Store::open(path).await.unwrap();
    assert!(!matches!(damaged.integrity_ok().await, Ok(true)));
}

#[tokio::test]
async fn rows_print_no_secrets() {
    let row = factor("fac_a", MfaMethod::Totp, true);
    let text = format!("{row:?}");
    assert!(text.contains("fac_a") && text.contains("Totp"), "{text}");
    assert!(
        !text.contains("94") && !text.contains("5e"),
        "no sealed secret: {text}"
    );
    let store = store_with_user().await;
    store.create_active_factor(&row).await.unwrap();
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::MfaRequired,
            b"h",
            NOW,
            NOW + 600,
        )
        .await
        .unwrap();
    let challenge = NewChallenge {
        id: "chl_a".into(),
        session_id: "ses_a".into(),
        user_id: "usr_a".into(),
        factor_id: "fac_a".into(),
        purpose: Purpose::Login,
        code_hash: Some(vec![0x77; 32]),
        now: NOW,
        expires_at: NOW + 300,
        ceremony: None,
    };
    store.create_challenge(challenge).await.unwrap();
    let stored = store.challenge("chl_a").await.unwrap().unwrap();
    assert_eq!(
        stored.purpose,
        Purpose::Login,
        "read back as it was written"
    );
    let text = format!("{stored:?}");
    assert!(text.contains("chl_a") && text.contains("Login"), "{text}");
    assert!(
        !text.contains("119") && !text.contains("77"),
        "no code hash: {text}"
    );
}

/// When two resends race past the route's cooldown check, the store refuses the later one and
/// says how long is left of the cooldown since the send that won.
#[tokio::test]
async fn a_refused_resend_gets_the_cooldown_left() {
    let store = store_with_user().await;
    store
        .create_active_factor(&factor("fac_s", MfaMethod::Sms, true))
        .await
        .unwrap();
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::MfaRequired,
            b"h",
            NOW,
            NOW + 600,
        )
        .await
        .unwrap();
    let challenge = NewChallenge {
        id: "chl_s".into(),
        session_id: "ses_a".into(),
        user_id: "usr_a".into(),
        factor_id: "fac_s".into(),
        purpose: Purpose::Login,
        code_hash: Some(vec![1; 32]),
        now: NOW,
        expires_at: NOW + 300,
        ceremony: None,
    };
    store.create_challenge(challenge).await.unwrap();
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[2; 32], NOW + 10, NOW + 310, 30)
            .await
            .unwrap(),
        Err(20)
    );
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[2; 32], NOW + 30, NOW + 330, 30)
            .await
            .unwrap(),
        Ok(())
    );
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[3; 32], NOW + 31, NOW + 331, 30)
            .await
            .unwrap(),
        Err(29)
    );
}

/// docs/security.md K12: a second factor is never activated next to an active one, even when a
/// confirmation got past the route's check in a race; nothing of it is applied.
#[tokio::test]
async fn a_confirmation_never_adds_a_second_factor() {
    let store = store_with_user().await;
    store
        .create_active_factor(&factor("fac_t", MfaMethod::Totp, true))
        .await
        .unwrap();
    store
        .create_pending_factor(&factor("fac_p", MfaMethod::Sms, false), None)
        .await
        .unwrap();
    let old = vec![Stored {
        salt: vec![1; 16],
        hash: vec![1; 32],
    }];
    store.regenerate_recovery_codes("usr_a", old).await.unwrap();
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::Authenticated,
            b"h",
            NOW,
            NOW + 600,
        )
        .await
        .unwrap();
    let new = vec![Stored {
        salt: vec![2; 16],
        hash: vec![2; 32],
    }];
    let outcome = store
        .confirm_enrollment(Confirmation {
            user_id: "usr_a".into(),
            factor_id: "fac_p".into(),
            challenge_id: None,
            last_step: None,
            recovery: new,
            old_session_id: "ses_a".into(),
            new_session_id: "ses_b".into(),
            new_token_hash: b"h2".to_vec(),
            now: NOW + 1,
            session_expires_at: NOW + 601,
            credential: None,
        })
        .await
        .unwrap();
    assert_eq!(outcome, Confirmed::AlreadyEnrolled);
    let active: Vec<String> = store
        .active_factors("usr_a")
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(active, ["fac_t"]);
    let codes = store.unused_recovery_codes("usr_a").await.unwrap();
    assert_eq!(
        (codes.len(), codes[0].1.salt.clone()),
        (1, vec![1; 16]),
        "old codes kept"
    );
    assert!(
        store
            .session_by_token(b"h", NOW + 2)
            .await
            .unwrap()
            .is_some(),
        "session kept"
    );
}

/// Users read back whole, by email and through a session (two column offsets).
#[tokio::test]
async fn users_read_back_whole() {
    let store = store_with_user().await;
    let (user, org) = store.user_by_email("a@a.test").await.unwrap().unwrap();
    assert_eq!(
        (
            user.id.as_str(),
            user.org_id.as_str(),
            user.email.as_str(),
            org.id.as_str()
        ),
        ("usr_a", "org_a", "a@a.test", "org_a")
    );
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::Authenticated,
            b"h",
            NOW,
            NOW + 9,
        )
        .await
        .unwrap();
    let (_, by_session, _) = store.session_by_token(b"h", NOW).await.unwrap().unwrap();
    assert_eq!(by_session, user);
    assert_eq!(
        store.member_by_email("org_a", "a@a.test").await.unwrap(),
        Some(user)
    );
}

/// A second-factor attempt on an account that does not exist is never allowed: locked for the
/// first delay.
#[tokio::test]
async fn an_unknown_account_is_locked() {
    let store = store_with_user().await;
    let limit = CodeLimit {
        step: 5,
        cap: 100,
        base_lock: 900,
        max_lock: 86_400,
    };
    let reservation = store
        .reserve_code_attempt("usr_nobody", NOW, limit)
        .await
        .unwrap();
    assert_eq!(reservation, CodeReservation::Locked { until: NOW + 900 });
}

/// Ending a user's other sessions keeps the one named and counts the others.
#[tokio::test]
async fn ending_other_sessions() {
    let store = store_with_user().await;
    for (id, hash) in [("ses_1", b"h1"), ("ses_2", b"h2"), ("ses_3", b"h3")] {
        let state = SessionState::Authenticated;
        store
            .create_session(id, "usr_a", state, hash, NOW, NOW + 60)
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .delete_user_sessions("usr_a", Some("ses_2"))
            .await
            .unwrap(),
        2
    );
    assert!(store.session_by_token(b"h2", NOW).await.unwrap().is_some());
    assert!(store.session_by_token(b"h1", NOW).await.unwrap().is_none());
    assert_eq!(store.delete_user_sessions("usr_a", None).await.unwrap(), 1);
}

/// Pruning removes expired sessions and pending enrolments and SMS sends older than the window
/// (they would only pile up: every query already ignores them), and nothing current.
#[tokio::test]
async fn pruning_removes_only_what_has_ended() {
    let store = store_with_user().await;
    let state = SessionState::Authenticated;
    store
        .create_session("ses_old", "usr_a", state, b"old", NOW - 60, NOW)
        .await
        .unwrap();
    store
        .create_session("ses_new", "usr_a", state, b"new", NOW, NOW + 60)
        .await
        .unwrap();
    let mut pending = factor("fac_old", MfaMethod::Totp, false);
    pending.expires_at = Some(NOW);
    store.create_pending_factor(&pending, None).await.unwrap();
    let limits = SmsLimits {
        window: 3600,
        per_user: 9,
        enroll_per_user_number: 9,
        enroll_per_number: 9,
        signin_per_user_number: 9,
        per_source: 9,
        global: 9,
    };
    for at in [NOW - 3600, NOW - 10] {
        let send = SmsSend {
            user_id: "usr_a".into(),
            phone: "+15555550100".into(),
            purpose: SmsPurpose::SignIn,
            source: "192.0.2.1".into(),
            now: at,
        };
        store.record_sms_send(send, limits).await.unwrap().unwrap();
    }
    store.prune(NOW, 3600).await.unwrap();
    assert_eq!(count_rows(&store, "sessions").await, 1);
    assert!(store.session_by_token(b"new", NOW).await.unwrap().is_some());
    assert_eq!(count_rows(&store, "factors").await, 0);
    assert_eq!(count_rows(&store, "sms_sends").await, 1);
}

mod throttles;
