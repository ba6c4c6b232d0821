//! The store's single-use and counting operations under real concurrency: many threads, released
//! together by a `std::sync::Barrier`, call one atomic operation on one row, round after round.
//! Each runs twice: on one shared `Store` (the server's shape: one connection behind a mutex)
//! and on one `Store` per thread over the same file (several connections, as several server
//! processes or another database would have), where only SQL-level atomicity protects the row.
//!
//! Proven by mutants (docs/testing.md): a read-then-write `advance_last_step`, a recovery-code
//! spend or a challenge consumption without `used_at IS NULL`, and a read-then-write
//! `reserve_attempt` each make these tests fail.

use mfa_server::crypto::recovery::Stored;
use mfa_server::store::{
    AttemptKind, FactorRow, NewChallenge, Org, Purpose, Reservation, Store, User,
};
use mfa_wire::{MfaMethod, Role, SessionState};
use std::sync::Barrier;

const THREADS: usize = 8;
const ROUNDS: usize = 40;
const NOW: u64 = 1_900_000_000;
const USER: &str = "usr_race";
const FACTOR: &str = "fac_race";

/// A database file with one user, an active TOTP and an active SMS factor, and a session.
struct Fixture {
    _dir: tempfile::TempDir,
    path: String,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.db").to_str().unwrap().to_owned();
        let store = Store::open(&path).unwrap();
        store
            .create_org(&Org {
                id: "org_race".into(),
                name: "Race".into(),
                require_mfa: true,
                sso: false,
            })
            .unwrap();
        let user = User {
            id: USER.into(),
            org_id: "org_race".into(),
            email: "race@race.test".into(),
            password_hash: "unused".into(),
            role: Role::Member,
            must_enroll: false,
        };
        store.create_user(&user, NOW).unwrap();
        for (id, method) in [(FACTOR, MfaMethod::Totp), ("fac_race_sms", MfaMethod::Sms)] {
            store
                .create_active_factor(&FactorRow {
                    id: id.into(),
                    user_id: USER.into(),
                    method,
                    active: true,
                    secret_ct: Some(vec![0; 48]),
                    phone: Some("+15555550100".into()),
                    created_at: NOW,
                    expires_at: None,
                })
                .unwrap();
        }
        store
            .create_session(
                "ses_race",
                USER,
                SessionState::MfaRequired,
                b"token hash",
                NOW,
                NOW + 600,
            )
            .unwrap();
        Self { _dir: dir, path }
    }

    /// One store shared by every thread, or one per thread (each its own connection).
    fn stores(&self, shared: bool) -> Vec<std::sync::Arc<Store>> {
        let first = std::sync::Arc::new(Store::open(&self.path).unwrap());
        (0..THREADS)
            .map(|i| {
                if shared || i == 0 {
                    first.clone()
                } else {
                    std::sync::Arc::new(Store::open(&self.path).unwrap())
                }
            })
            .collect()
    }
}

/// Runs `op(store)` on [`THREADS`] threads released together; returns the results in thread order.
fn race<T: Send>(stores: &[std::sync::Arc<Store>], op: impl Fn(&Store) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(stores.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = stores
            .iter()
            .map(|store| {
                let (barrier, op) = (&barrier, &op);
                s.spawn(move || {
                    barrier.wait();
                    op(store)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn winners(results: &[bool]) -> usize {
    results.iter().filter(|won| **won).count()
}

/// RFC 6238 §5.2 "MUST NOT accept the second attempt": of many requests recording the same
/// step, exactly one wins, every round.
fn replay_step_is_won_once(shared: bool) {
    let fixture = Fixture::new();
    let stores = fixture.stores(shared);
    for round in 0..ROUNDS {
        let step = 1_000 + round as i64;
        let results = race(&stores, |s| s.advance_last_step(FACTOR, step).unwrap());
        assert_eq!(winners(&results), 1, "round {round}: {results:?}");
        // An earlier step can never win afterwards (CVE-2021-43177).
        assert!(!stores[0].advance_last_step(FACTOR, step - 1).unwrap());
    }
}

#[test]
fn replay_step_is_won_once_on_one_connection() {
    replay_step_is_won_once(true);
}

#[test]
fn replay_step_is_won_once_across_connections() {
    replay_step_is_won_once(false);
}

/// NIST SP 800-63B 5.1.2.2: a recovery code is "used successfully only once".
fn recovery_code_is_spent_once(shared: bool) {
    let fixture = Fixture::new();
    let stores = fixture.stores(shared);
    for round in 0..ROUNDS {
        let codes: Vec<Stored> = (0..3u8)
            .map(|i| Stored {
                salt: vec![round as u8, i],
                hash: vec![i; 32],
            })
            .collect();
        stores[0].regenerate_recovery_codes(USER, &codes).unwrap();
        let id = stores[0].unused_recovery_codes(USER).unwrap()[1].0;
        let results = race(&stores, |s| s.spend_recovery_code(USER, id, NOW).unwrap());
        let won: Vec<_> = results.iter().flatten().collect();
        assert_eq!(won, [&2], "round {round}: {results:?}");
        assert_eq!(stores[0].recovery_remaining(USER).unwrap(), 2);
    }
}

#[test]
fn recovery_code_is_spent_once_on_one_connection() {
    recovery_code_is_spent_once(true);
}

#[test]
fn recovery_code_is_spent_once_across_connections() {
    recovery_code_is_spent_once(false);
}

/// NIST SP 800-63B 5.1.3.2 (ASVS 4.0.3 2.7.3): an SMS code's challenge is used once.
fn sms_challenge_is_consumed_once(shared: bool) {
    let fixture = Fixture::new();
    let stores = fixture.stores(shared);
    for round in 0..ROUNDS {
        let id = format!("chl_race_{round}");
        stores[0]
            .create_challenge(&NewChallenge {
                id: &id,
                session_id: "ses_race",
                user_id: USER,
                factor_id: "fac_race_sms",
                purpose: Purpose::Login,
                code_hash: Some(&[7; 32]),
                now: NOW,
                expires_at: NOW + 300,
            })
            .unwrap();
        let results = race(&stores, |s| s.consume_challenge(&id, NOW + 1).unwrap());
        assert_eq!(winners(&results), 1, "round {round}: {results:?}");
        assert!(stores[0].challenge(&id).unwrap().unwrap().used);
    }
}

#[test]
fn sms_challenge_is_consumed_once_on_one_connection() {
    sms_challenge_is_consumed_once(true);
}

#[test]
fn sms_challenge_is_consumed_once_across_connections() {
    sms_challenge_is_consumed_once(false);
}

/// RFC 4226 §7.3, security.md A5: parallel attempts cannot overshoot the limit. With a limit of
/// 3, exactly three reservations are allowed (failures 1, 2, 3, the third setting the lock) and
/// every other one finds the account locked.
fn attempts_cannot_overshoot(shared: bool) {
    let fixture = Fixture::new();
    let stores = fixture.stores(shared);
    let (max, lock) = (3, 60);
    for round in 0..ROUNDS {
        // Each round starts after the previous lock has expired.
        let now = NOW + round as u64 * 1_000;
        let results = race(&stores, |s| {
            s.reserve_attempt(USER, AttemptKind::SecondFactor, now, max, lock)
                .unwrap()
        });
        let mut allowed: Vec<_> = results
            .iter()
            .filter_map(|r| match r {
                Reservation::Allowed {
                    failures,
                    locks_until,
                } => Some((*failures, *locks_until)),
                Reservation::Locked { .. } => None,
            })
            .collect();
        allowed.sort_unstable();
        assert_eq!(
            allowed,
            [(1, None), (2, None), (3, Some(now + lock))],
            "round {round}: {results:?}"
        );
        let locked = results
            .iter()
            .filter(|r| **r == Reservation::Locked { until: now + lock })
            .count();
        assert_eq!(locked, THREADS - 3, "round {round}: {results:?}");
    }
}

#[test]
fn attempts_cannot_overshoot_on_one_connection() {
    attempts_cannot_overshoot(true);
}

#[test]
fn attempts_cannot_overshoot_across_connections() {
    attempts_cannot_overshoot(false);
}
