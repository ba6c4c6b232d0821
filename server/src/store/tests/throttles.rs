//! The keyed throttles in the database (issue 9), where the in-memory per-address map was:
//! pruning removes only keys whose window and lock have both passed, so spraying from many
//! addresses (or waiting for a prune) cannot clear a key that is still counting.

use super::NOW;
use crate::store::{Limit, Reservation, Store};

const LIMIT: Limit = Limit {
    max: 3,
    window: 600,
    lock: 60,
};

#[tokio::test]
async fn pruning_keeps_the_counting_and_locked_keys() {
    let store = Store::open(":memory:").unwrap();
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
