//! The store's single-use and counting operations under real concurrency: many tasks, released
//! together by a `tokio::sync::Barrier`, call one atomic operation on one row, round after
//! round. Each runs twice: on one shared `Store` (the server's shape: one connection owned by
//! the database thread, so the calls queue) and on one `Store` per task over the same file
//! (several connections and database threads, as several server processes would have), where
//! only SQL-level atomicity protects the row.
//!
//! Proven by mutants (docs/testing.md): a read-then-write `advance_last_step`, a recovery-code
//! spend or a challenge consumption without `used_at IS NULL`, and a read-then-write
//! `reserve_code_attempt` or `reserve_throttle` each make these tests fail.

use mfa_server::crypto::recovery::Stored;
use mfa_server::store::{
    CodeLimit, CodeReservation, FactorRow, Limit, NewChallenge, Org, Purpose, Reservation, Store,
    User,
};
use mfa_wire::{MfaMethod, Role, SessionState};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Barrier;

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
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.db").to_str().unwrap().to_owned();
        let store = Store::open(&path).await.unwrap();
        store
            .create_org(&Org {
                id: "org_race".into(),
                name: "Race".into(),
                require_mfa: true,
                sso: false,
            })
            .await
            .unwrap();
        let user = User {
            id: USER.into(),
            org_id: "org_race".into(),
            email: "race@race.test".into(),
            password_hash: "unused".into(),
            role: Role::Member,
            must_enroll: false,
        };
        store.create_user(&user, NOW).await.unwrap();
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
                .await
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
            .await
            .unwrap();
        Self { _dir: dir, path }
    }

    /// One store shared by every task, or one per task (each its own connection and thread).
    async fn stores(&self, shared: bool) -> Vec<Arc<Store>> {
        let first = Arc::new(Store::open(&self.path).await.unwrap());
        let mut stores = vec![first.clone()];
        for _ in 1..THREADS {
            stores.push(if shared {
                first.clone()
            } else {
                Arc::new(Store::open(&self.path).await.unwrap())
            });
        }
        stores
    }
}

/// Runs `op(store)` on [`THREADS`] tasks released together; returns the results in task order.
async fn race<T, F>(stores: &[Arc<Store>], op: impl Fn(Arc<Store>) -> F) -> Vec<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(stores.len()));
    let tasks: Vec<_> = stores
        .iter()
        .map(|store| {
            let (barrier, call) = (barrier.clone(), op(store.clone()));
            tokio::spawn(async move {
                barrier.wait().await;
                call.await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

fn winners(results: &[bool]) -> usize {
    results.iter().filter(|won| **won).count()
}

/// The multi-threaded runtime every race runs on: the tasks really run in parallel.
macro_rules! race_test {
    ($name:ident, $body:ident, $shared:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            $body($shared).await;
        }
    };
}

/// RFC 6238 §5.2 "MUST NOT accept the second attempt": of many requests recording the same
/// step, exactly one wins, every round.
async fn replay_step_is_won_once(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    for round in 0..ROUNDS {
        let step = 1_000 + round as i64;
        let results = race(&stores, |s| async move {
            s.advance_last_step(FACTOR, step).await.unwrap()
        })
        .await;
        assert_eq!(winners(&results), 1, "round {round}: {results:?}");
        // An earlier step can never win afterwards (CVE-2021-43177).
        assert!(!stores[0].advance_last_step(FACTOR, step - 1).await.unwrap());
    }
}

race_test!(
    replay_step_is_won_once_on_one_connection,
    replay_step_is_won_once,
    true
);
race_test!(
    replay_step_is_won_once_across_connections,
    replay_step_is_won_once,
    false
);

/// NIST SP 800-63B 5.1.2.2: a recovery code is "used successfully only once".
async fn recovery_code_is_spent_once(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    for round in 0..ROUNDS {
        let codes: Vec<Stored> = (0..3u8)
            .map(|i| Stored {
                salt: vec![round as u8, i],
                hash: vec![i; 32],
            })
            .collect();
        stores[0]
            .regenerate_recovery_codes(USER, codes)
            .await
            .unwrap();
        let id = stores[0].unused_recovery_codes(USER).await.unwrap()[1].0;
        let results = race(&stores, |s| async move {
            s.spend_recovery_code(USER, id, NOW).await.unwrap()
        })
        .await;
        let won: Vec<_> = results.iter().flatten().collect();
        assert_eq!(won, [&2], "round {round}: {results:?}");
        assert_eq!(stores[0].recovery_remaining(USER).await.unwrap(), 2);
    }
}

race_test!(
    recovery_code_is_spent_once_on_one_connection,
    recovery_code_is_spent_once,
    true
);
race_test!(
    recovery_code_is_spent_once_across_connections,
    recovery_code_is_spent_once,
    false
);

/// NIST SP 800-63B 5.1.3.2 (ASVS 4.0.3 2.7.3): an SMS code's challenge is used once.
async fn sms_challenge_is_consumed_once(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    for round in 0..ROUNDS {
        let id = format!("chl_race_{round}");
        stores[0]
            .create_challenge(NewChallenge {
                id: id.clone(),
                session_id: "ses_race".into(),
                user_id: USER.into(),
                factor_id: "fac_race_sms".into(),
                purpose: Purpose::Login,
                code_hash: Some(vec![7; 32]),
                now: NOW,
                expires_at: NOW + 300,
                ceremony: None,
            })
            .await
            .unwrap();
        let results = race(&stores, |s| {
            let id = id.clone();
            async move { s.consume_challenge(&id, NOW + 1).await.unwrap() }
        })
        .await;
        assert_eq!(winners(&results), 1, "round {round}: {results:?}");
        assert!(stores[0].challenge(&id).await.unwrap().unwrap().used);
    }
}

race_test!(
    sms_challenge_is_consumed_once_on_one_connection,
    sms_challenge_is_consumed_once,
    true
);
race_test!(
    sms_challenge_is_consumed_once_across_connections,
    sms_challenge_is_consumed_once,
    false
);

/// The allowed reservations of a round, sorted, as (failures, lock set).
fn allowed_code_attempts(results: &[CodeReservation]) -> Vec<(u32, Option<u64>)> {
    let mut allowed: Vec<_> = results
        .iter()
        .filter_map(|r| match r {
            CodeReservation::Allowed {
                failures,
                locks_until,
            } => Some((*failures, *locks_until)),
            _ => None,
        })
        .collect();
    allowed.sort_unstable();
    allowed
}

/// RFC 4226 §7.3, docs/security.md K5: parallel second-factor attempts cannot overshoot the
/// delay. With a delay after every 3 failures, exactly three reservations are allowed (failures
/// 1, 2, 3, the third setting the delay) and every other one finds the account delayed.
async fn code_attempts_cannot_overshoot_the_delay(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    let limit = CodeLimit {
        step: 3,
        cap: 1_000,
        base_lock: 60,
        max_lock: 3_600,
    };
    for round in 0..ROUNDS {
        let now = NOW + round as u64 * 1_000;
        stores[0].clear_code_failures(USER).await.unwrap();
        let results = race(&stores, |s| async move {
            s.reserve_code_attempt(USER, now, limit).await.unwrap()
        })
        .await;
        assert_eq!(
            allowed_code_attempts(&results),
            [(1, None), (2, None), (3, Some(now + 60))],
            "round {round}: {results:?}"
        );
        let locked = results
            .iter()
            .filter(|r| **r == CodeReservation::Locked { until: now + 60 })
            .count();
        assert_eq!(locked, THREADS - 3, "round {round}: {results:?}");
    }
}

race_test!(
    code_attempts_cannot_overshoot_the_delay_on_one_connection,
    code_attempts_cannot_overshoot_the_delay,
    true
);
race_test!(
    code_attempts_cannot_overshoot_the_delay_across_connections,
    code_attempts_cannot_overshoot_the_delay,
    false
);

/// NIST SP 800-63B 5.2.2: at most `cap` consecutive failures for the life of the factor, even
/// for parallel guesses. With 3 left before the cap, exactly three are evaluated and every other
/// one is refused for good.
async fn code_attempts_cannot_overshoot_the_cap(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    let limit = CodeLimit {
        step: 1_000,
        cap: 100,
        base_lock: 60,
        max_lock: 3_600,
    };
    for round in 0..ROUNDS {
        stores[0].clear_code_failures(USER).await.unwrap();
        for _ in 0..97 {
            let first = stores[0].reserve_code_attempt(USER, NOW, limit).await;
            assert!(matches!(first, Ok(CodeReservation::Allowed { .. })));
        }
        let results = race(&stores, |s| async move {
            s.reserve_code_attempt(USER, NOW, limit).await.unwrap()
        })
        .await;
        assert_eq!(
            allowed_code_attempts(&results),
            [(98, None), (99, None), (100, None)],
            "round {round}: {results:?}"
        );
        let capped = results
            .iter()
            .filter(|r| **r == CodeReservation::Capped)
            .count();
        assert_eq!(capped, THREADS - 3, "round {round}: {results:?}");
    }
}

race_test!(
    code_attempts_cannot_overshoot_the_cap_on_one_connection,
    code_attempts_cannot_overshoot_the_cap,
    true
);
race_test!(
    code_attempts_cannot_overshoot_the_cap_across_connections,
    code_attempts_cannot_overshoot_the_cap,
    false
);

/// docs/security.md K5 for the keyed throttles (password failures per account and per source):
/// with a limit of 3, exactly three reservations are allowed, the third setting the lock, and
/// every other one finds the key locked.
async fn throttle_cannot_overshoot(shared: bool) {
    let fixture = Fixture::new().await;
    let stores = fixture.stores(shared).await;
    let limit = Limit {
        max: 3,
        window: 600,
        lock: 60,
    };
    for round in 0..ROUNDS {
        // Each round starts after the previous window and lock have passed.
        let now = NOW + round as u64 * 1_000;
        let results = race(&stores, |s| async move {
            s.reserve_throttle("race-key", limit, now).await.unwrap()
        })
        .await;
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
            [(1, None), (2, None), (3, Some(now + 60))],
            "round {round}: {results:?}"
        );
        let locked = results
            .iter()
            .filter(|r| **r == Reservation::Locked { until: now + 60 })
            .count();
        assert_eq!(locked, THREADS - 3, "round {round}: {results:?}");
    }
}

race_test!(
    throttle_cannot_overshoot_on_one_connection,
    throttle_cannot_overshoot,
    true
);
race_test!(
    throttle_cannot_overshoot_across_connections,
    throttle_cannot_overshoot,
    false
);
