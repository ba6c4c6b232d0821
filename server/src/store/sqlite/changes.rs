//! Pending method changes (issue 15): the window in which a re-verified session may enrol a new
//! factor while the old one keeps working. The swap itself is in `factors::confirm_enrollment`.

use super::{int, secs, Db};
use rusqlite::{params, OptionalExtension};

impl Db {
    /// Starts (or replaces: one per user, the newest wins) a pending change for `session_id`,
    /// and drops the user's pending enrolments, which belonged to any earlier change.
    pub fn start_method_change(
        &mut self,
        user_id: &str,
        session_id: &str,
        now: u64,
        expires_at: u64,
    ) -> rusqlite::Result<()> {
        let tx = self
            .conn()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM factors WHERE user_id = ?1 AND status = 'pending'",
            [user_id],
        )?;
        tx.execute(
            "INSERT INTO method_changes (user_id, session_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id) DO UPDATE SET session_id = ?2, created_at = ?3, expires_at = ?4",
            params![user_id, session_id, int(now), int(expires_at)],
        )?;
        tx.commit()
    }

    /// When the pending change of this user and session ends, if it is still running at `now`.
    pub fn method_change(
        &mut self,
        user_id: &str,
        session_id: &str,
        now: u64,
    ) -> rusqlite::Result<Option<u64>> {
        self.conn()
            .query_row(
                "SELECT expires_at FROM method_changes WHERE user_id = ?1 AND session_id = ?2 AND expires_at > ?3",
                params![user_id, session_id, int(now)],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|t| t.map(secs))
    }

    /// Cancels this session's pending change: the change and the user's pending enrolments go,
    /// the active factors and recovery codes stay. Whether there was one.
    pub fn cancel_method_change(
        &mut self,
        user_id: &str,
        session_id: &str,
    ) -> rusqlite::Result<bool> {
        let tx = self
            .conn()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let cancelled = tx.execute(
            "DELETE FROM method_changes WHERE user_id = ?1 AND session_id = ?2",
            params![user_id, session_id],
        )?;
        if cancelled == 1 {
            tx.execute(
                "DELETE FROM factors WHERE user_id = ?1 AND status = 'pending'",
                [user_id],
            )?;
        }
        tx.commit()?;
        Ok(cancelled == 1)
    }
}
