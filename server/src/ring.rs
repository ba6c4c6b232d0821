//! A bounded, thread-safe list that forgets its oldest items: the development outboxes.

use std::collections::VecDeque;
use std::sync::Mutex;

/// At most `capacity` items, oldest first.
///
/// ```
/// let ring = mfa_server::ring::Ring::new(2);
/// ring.push(1);
/// ring.push(2);
/// ring.push(3);
/// assert_eq!(ring.items(), vec![2, 3]);
/// ```
#[derive(Debug)]
pub struct Ring<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
}

impl<T: Clone> Ring<T> {
    /// An empty ring holding at most `capacity` items.
    pub fn new(capacity: usize) -> Self {
        Self {
            items: Mutex::new(VecDeque::new()),
            capacity: capacity.max(1),
        }
    }

    /// Adds an item, dropping the oldest when full.
    pub fn push(&self, item: T) {
        let mut items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        if items.len() == self.capacity {
            items.pop_front();
        }
        items.push_back(item);
    }

    /// The items, oldest first.
    pub fn items(&self) -> Vec<T> {
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        items.iter().cloned().collect()
    }
}
