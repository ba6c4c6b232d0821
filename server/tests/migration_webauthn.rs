//! Migration 0006 rebuilds `factors` (a CHECK constraint gains `webauthn`): a database at
//! version 4 with factors, challenges and recovery codes keeps every row, and foreign keys are on
//! again afterwards (a DROP TABLE with them on would have cascaded to the challenges).

use mfa_server::store::Store;

const MIGRATIONS: [&str; 4] = [
    include_str!("../src/store/sqlite/migrations/0001_init.sql"),
    include_str!("../src/store/sqlite/migrations/0002_throttles.sql"),
    include_str!("../src/store/sqlite/migrations/0003_password_at.sql"),
    include_str!("../src/store/sqlite/migrations/0004_sms_budgets.sql"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_4_database_keeps_its_rows_through_the_webauthn_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mfa.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for sql in MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (id, name) VALUES ('o', 'Org');
             INSERT INTO users (id, org_id, email, password_hash, role, created_at) VALUES ('u', 'o', 'u@o.test', 'x', 'member', 1);
             INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at) VALUES ('s', x'01', 'u', 'mfa_required', 1, 9999999999);
             INSERT INTO factors (id, user_id, method, status, secret_ct, last_step, created_at) VALUES ('f', 'u', 'totp', 'active', x'0102', 77, 1);
             INSERT INTO challenges (id, session_id, user_id, factor_id, purpose, expires_at) VALUES ('c', 's', 'u', 'f', 'login', 9999999999);
             INSERT INTO recovery_codes (user_id, salt, hash) VALUES ('u', x'00', x'00');",
        )
        .unwrap();
    }
    let store = Store::open(path.to_str().unwrap()).await.expect("migrates");
    let factors = store.active_factors("u").await.unwrap();
    assert_eq!(factors.len(), 1);
    assert_eq!(
        (factors[0].id.as_str(), factors[0].secret_ct.as_deref()),
        ("f", Some(&[1u8, 2][..]))
    );
    assert!(
        store.challenge("c").await.unwrap().is_some(),
        "the challenge survived the rebuild"
    );
    assert_eq!(store.recovery_remaining("u").await.unwrap(), 1);
    assert!(store.integrity_ok().await.unwrap());
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6, "0005 (method changes) and 0006 (WebAuthn) ran");
    let last_step: i64 = conn
        .query_row("SELECT last_step FROM factors WHERE id = 'f'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(last_step, 77, "the TOTP replay guard kept its step");
    // The new method is allowed, and the foreign keys still hold (checked by SQLite when on).
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn.execute("INSERT INTO factors (id, user_id, method, status, created_at) VALUES ('w', 'u', 'webauthn', 'pending', 1)", []).unwrap();
    let orphan = conn.execute("INSERT INTO challenges (id, session_id, user_id, factor_id, purpose, expires_at) VALUES ('c2', 's', 'u', 'nope', 'login', 1)", []);
    assert!(orphan.is_err(), "challenges still reference factors");
}
