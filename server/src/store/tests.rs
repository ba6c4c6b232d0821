//! Unit tests of the store: what the HTTP tests cannot reach (states the API never creates,
//! answers only a race produces) and the store's own health check.

use super::*;
use crate::crypto::recovery::Stored;
use mfa_wire::{MfaMethod, Role, SessionState};

const NOW: u64 = 1_900_000_000;

/// An in-memory store with one organisation and one user, `usr_a`.
fn store_with_user() -> Store {
    let store = Store::open(":memory:").unwrap();
    assert!(!store.has_orgs().unwrap());
    let org = Org {
        id: "org_a".into(),
        name: "A".into(),
        require_mfa: true,
        sso: false,
    };
    store.create_org(&org).unwrap();
    assert!(store.has_orgs().unwrap());
    let user = User {
        id: "usr_a".into(),
        org_id: "org_a".into(),
        email: "a@a.test".into(),
        password_hash: "unused".into(),
        role: Role::Member,
        must_enroll: false,
    };
    store.create_user(&user, NOW).unwrap();
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

#[test]
fn debug_names_the_store_only() {
    assert_eq!(format!("{:?}", Store::open(":memory:").unwrap()), "Store");
}

/// `integrity_ok` says yes for a sound file and no (or fails) for a damaged one.
#[test]
fn integrity_check_sees_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    let path = path.to_str().unwrap();
    let store = Store::open(path).unwrap();
    for i in 0..400 {
        let org = super::Org {
            id: format!("org_{i}"),
            name: "x".repeat(100),
            require_mfa: false,
            sso: false,
        };
        store.create_org(&org).unwrap();
    }
    assert!(store.integrity_ok().unwrap());
    drop(store); // the last connection checkpoints the WAL into the file
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 8 * 4096, "several pages");
    // Garbage over a page of orgs (written last, so near the end; the schema and the empty
    // tables' root pages come first and are left intact).
    let page = bytes.len() - 4 * 4096;
    bytes[page + 100..page + 4096].fill(0xa5);
    std::fs::write(path, &bytes).unwrap();
    let damaged = Store::open(path).unwrap();
    assert!(!matches!(damaged.integrity_ok(), Ok(true)));
}

#[test]
fn rows_print_no_secrets() {
    let row = factor("fac_a", MfaMethod::Totp, true);
    let text = format!("{row:?}");
    assert!(text.contains("fac_a") && text.contains("Totp"), "{text}");
    assert!(
        !text.contains("94") && !text.contains("5e"),
        "no sealed secret: {text}"
    );
    let store = store_with_user();
    store.create_active_factor(&row).unwrap();
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::MfaRequired,
            b"h",
            NOW,
            NOW + 600,
        )
        .unwrap();
    let challenge = NewChallenge {
        id: "chl_a",
        session_id: "ses_a",
        user_id: "usr_a",
        factor_id: "fac_a",
        purpose: Purpose::Login,
        code_hash: Some(&[0x77; 32]),
        now: NOW,
        expires_at: NOW + 300,
    };
    store.create_challenge(&challenge).unwrap();
    let stored = store.challenge("chl_a").unwrap().unwrap();
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
#[test]
fn a_refused_resend_gets_the_cooldown_left() {
    let store = store_with_user();
    store
        .create_active_factor(&factor("fac_s", MfaMethod::Sms, true))
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
        .unwrap();
    let challenge = NewChallenge {
        id: "chl_s",
        session_id: "ses_a",
        user_id: "usr_a",
        factor_id: "fac_s",
        purpose: Purpose::Login,
        code_hash: Some(&[1; 32]),
        now: NOW,
        expires_at: NOW + 300,
    };
    store.create_challenge(&challenge).unwrap();
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[2; 32], NOW + 10, NOW + 310, 30)
            .unwrap(),
        Err(20)
    );
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[2; 32], NOW + 30, NOW + 330, 30)
            .unwrap(),
        Ok(())
    );
    assert_eq!(
        store
            .replace_sms_code("chl_s", &[3; 32], NOW + 31, NOW + 331, 30)
            .unwrap(),
        Err(29)
    );
}

/// security.md A12: a second factor is never activated next to an active one, even when a
/// confirmation got past the route's check in a race; nothing of it is applied.
#[test]
fn a_confirmation_never_adds_a_second_factor() {
    let store = store_with_user();
    store
        .create_active_factor(&factor("fac_t", MfaMethod::Totp, true))
        .unwrap();
    store
        .create_pending_factor(&factor("fac_p", MfaMethod::Sms, false))
        .unwrap();
    let old = [Stored {
        salt: vec![1; 16],
        hash: vec![1; 32],
    }];
    store.regenerate_recovery_codes("usr_a", &old).unwrap();
    store
        .create_session(
            "ses_a",
            "usr_a",
            SessionState::Authenticated,
            b"h",
            NOW,
            NOW + 600,
        )
        .unwrap();
    let new = [Stored {
        salt: vec![2; 16],
        hash: vec![2; 32],
    }];
    let outcome = store
        .confirm_enrollment(&Confirmation {
            user_id: "usr_a",
            factor_id: "fac_p",
            challenge_id: None,
            last_step: None,
            recovery: &new,
            old_session_id: "ses_a",
            new_session_id: "ses_b",
            new_token_hash: b"h2",
            now: NOW + 1,
            session_expires_at: NOW + 601,
        })
        .unwrap();
    assert_eq!(outcome, Confirmed::AlreadyEnrolled);
    let active: Vec<String> = store
        .active_factors("usr_a")
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(active, ["fac_t"]);
    let codes = store.unused_recovery_codes("usr_a").unwrap();
    assert_eq!(
        (codes.len(), codes[0].1.salt.clone()),
        (1, vec![1; 16]),
        "old codes kept"
    );
    assert!(
        store.session_by_token(b"h", NOW + 2).unwrap().is_some(),
        "session kept"
    );
}

/// Users read back whole, by email and through a session (two column offsets).
#[test]
fn users_read_back_whole() {
    let store = store_with_user();
    let (user, org) = store.user_by_email("a@a.test").unwrap().unwrap();
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
        .unwrap();
    let (_, by_session, _) = store.session_by_token(b"h", NOW).unwrap().unwrap();
    assert_eq!(by_session, user);
    assert_eq!(
        store.member_by_email("org_a", "a@a.test").unwrap(),
        Some(user)
    );
}

/// An attempt on an account that does not exist is never allowed: locked for the full period.
#[test]
fn an_unknown_account_is_locked() {
    let store = store_with_user();
    let kind = AttemptKind::SecondFactor;
    let reservation = store
        .reserve_attempt("usr_nobody", kind, NOW, 5, 900)
        .unwrap();
    assert_eq!(reservation, Reservation::Locked { until: NOW + 900 });
}

/// Ending a user's other sessions keeps the one named and counts the others.
#[test]
fn ending_other_sessions() {
    let store = store_with_user();
    for (id, hash) in [("ses_1", b"h1"), ("ses_2", b"h2"), ("ses_3", b"h3")] {
        let state = SessionState::Authenticated;
        store
            .create_session(id, "usr_a", state, hash, NOW, NOW + 60)
            .unwrap();
    }
    assert_eq!(
        store.delete_user_sessions("usr_a", Some("ses_2")).unwrap(),
        2
    );
    assert!(store.session_by_token(b"h2", NOW).unwrap().is_some());
    assert!(store.session_by_token(b"h1", NOW).unwrap().is_none());
    assert_eq!(store.delete_user_sessions("usr_a", None).unwrap(), 1);
}

/// Pruning removes expired sessions and pending enrolments and SMS sends older than the window
/// (they would only pile up: every query already ignores them), and nothing current.
#[test]
fn pruning_removes_only_what_has_ended() {
    let store = store_with_user();
    let state = SessionState::Authenticated;
    store
        .create_session("ses_old", "usr_a", state, b"old", NOW - 60, NOW)
        .unwrap();
    store
        .create_session("ses_new", "usr_a", state, b"new", NOW, NOW + 60)
        .unwrap();
    let mut pending = factor("fac_old", MfaMethod::Totp, false);
    pending.expires_at = Some(NOW);
    store.create_pending_factor(&pending).unwrap();
    for at in [NOW - 3600, NOW - 10] {
        store
            .record_sms_send("usr_a", "+15555550100", at, 3600, 9, 9)
            .unwrap()
            .unwrap();
    }
    store.prune(NOW, 3600).unwrap();
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM sessions"), 1);
    assert!(store.session_by_token(b"new", NOW).unwrap().is_some());
    assert_eq!(count("SELECT count(*) FROM factors"), 0);
    assert_eq!(count("SELECT count(*) FROM sms_sends"), 1);
}
