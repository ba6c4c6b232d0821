//! The store's operations for method changes (issue 15); the SQL is in `sqlite::changes`.

use super::{Store, StoreResult};

fn own(text: &str) -> String {
    text.to_owned()
}

/// Method changes (issue 15).
impl Store {
    /// Starts (or replaces) the user's pending change, bound to `session_id`.
    pub async fn start_method_change(
        &self,
        user_id: &str,
        session_id: &str,
        now: u64,
        expires_at: u64,
    ) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg
                .start_method_change(user_id, session_id, now, expires_at)
                .await;
        }
        let (user_id, session_id) = (own(user_id), own(session_id));
        self.run(move |db| db.start_method_change(&user_id, &session_id, now, expires_at))
            .await
    }

    /// When this session's pending change ends, if it runs at `now`.
    pub async fn method_change(
        &self,
        user_id: &str,
        session_id: &str,
        now: u64,
    ) -> StoreResult<Option<u64>> {
        if let Some(pg) = self.pg() {
            return pg.method_change(user_id, session_id, now).await;
        }
        let (user_id, session_id) = (own(user_id), own(session_id));
        self.run(move |db| db.method_change(&user_id, &session_id, now))
            .await
    }

    /// Cancels this session's pending change; whether there was one.
    pub async fn cancel_method_change(&self, user_id: &str, session_id: &str) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg.cancel_method_change(user_id, session_id).await;
        }
        let (user_id, session_id) = (own(user_id), own(session_id));
        self.run(move |db| db.cancel_method_change(&user_id, &session_id))
            .await
    }
}
