//! The keyed throttles and SMS budgets in the database (issue 9). Pruning (where the in-memory
//! per-address map was) removes only keys whose window and lock have both passed, so spraying
//! from many addresses (or waiting for a prune) cannot clear a key that is still counting; a
//! refused SMS names the budget with the longest wait.

use super::NOW;
use crate::store::{Limit, Reservation};

const LIMIT: Limit = Limit {
    max: 3,
    window: 600,
    lock: 60,
};

#[tokio::test]
async fn pruning_keeps_the_counting_and_locked_keys() {
    let store = super::fresh_store().await;
    let reserve = |key: &'static str, at: u64| store.reserve_throttle(key, LIMIT, at);
    // `old`: its window began 600 s before the prune (ended); `counting`: 599 s before;
    // `locked`: its window ended but its lock has not.
    reserve("old", NOW - 600).await.unwrap();
    reserve("counting", NOW - 599).await.unwrap();
    let lock = Limit { lock: 630, ..LIMIT };
    for _ in 0..3 {
        store
            .reserve_throttle("locked", lock, NOW - 620)
            .await
            .unwrap();
    }
    assert_eq!(store.prune_throttles(NOW, 600).await.unwrap(), 1);
    // The counting key goes on from its count: the third failure sets the lock.
    reserve("counting", NOW).await.unwrap();
    assert_eq!(
        reserve("counting", NOW).await.unwrap(),
        Reservation::Allowed {
            failures: 3,
            locks_until: Some(NOW + 60)
        }
    );
    assert_eq!(
        store.reserve_throttle("locked", lock, NOW).await.unwrap(),
        Reservation::Locked { until: NOW + 10 }
    );
    // The pruned key starts again from one.
    assert_eq!(
        reserve("old", NOW).await.unwrap(),
        Reservation::Allowed {
            failures: 1,
            locks_until: None
        }
    );
}

/// When several SMS budgets refuse a send, the answer names the one with the longest wait, so
/// `Retry-After` never sends the client back before every budget has room (a retry before that
/// is refused again and only costs the user time).
#[tokio::test]
async fn a_refused_sms_names_the_longest_wait() {
    use crate::store::{SmsLimits, SmsPurpose, SmsRefused, SmsSend};
    let store = super::store_with_user().await;
    let limits = SmsLimits {
        window: 3600,
        per_user: 1,
        enroll_per_user_number: 9,
        enroll_per_number: 9,
        signin_per_user_number: 9,
        per_source: 1,
        global: 9,
    };
    let send = |phone: &str, source: &str, now: u64| SmsSend {
        user_id: "usr_a".into(),
        phone: phone.into(),
        purpose: SmsPurpose::SignIn,
        source: source.into(),
        now,
    };
    // The user's budget was spent 100 s ago (3,500 s left), the source's 10 s ago (3,590 s).
    let first = send("+15555550100", "192.0.2.1", NOW - 100);
    store.record_sms_send(first, limits).await.unwrap().unwrap();
    let mut other = send("+15555550101", "192.0.2.2", NOW - 10);
    other.user_id = "usr_b".into();
    store.record_sms_send(other, limits).await.unwrap().unwrap();
    let refused = store
        .record_sms_send(send("+15555550102", "192.0.2.2", NOW), limits)
        .await
        .unwrap();
    assert_eq!(
        refused,
        Err(SmsRefused {
            budget: "source",
            wait: 3590
        })
    );
}
