//! Pending method changes (issue 15); the swap itself is in `factors::confirm_enrollment`.

use super::{int, lock_user, secs, Pg};
use crate::store::StoreResult;

impl Pg {
    /// Starts (or replaces: one per user, the newest wins) a pending change for `session_id`,
    /// and drops the user's pending enrolments; under the user's lock.
    pub async fn start_method_change(
        &self,
        user_id: &str,
        session_id: &str,
        now: u64,
        expires_at: u64,
    ) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, user_id).await?;
        tx.execute(
            "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'pending'",
            &[&user_id],
        )
        .await?;
        tx.execute(
            "INSERT INTO method_changes (user_id, session_id, created_at, expires_at) VALUES ($1::TEXT, $2::TEXT, $3::BIGINT, $4::BIGINT)
             ON CONFLICT (user_id) DO UPDATE SET session_id = EXCLUDED.session_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at",
            &[&user_id, &session_id, &int(now), &int(expires_at)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the pending change of this user and session ends, if it runs at `now`.
    pub async fn method_change(
        &self,
        user_id: &str,
        session_id: &str,
        now: u64,
    ) -> StoreResult<Option<u64>> {
        let row = self
            .query_opt(
                "SELECT expires_at FROM method_changes WHERE user_id = $1::TEXT AND session_id = $2::TEXT AND expires_at > $3::BIGINT",
                &[&user_id, &session_id, &int(now)],
            )
            .await?;
        Ok(row.map(|r| secs(r.get(0))))
    }

    /// Cancels this session's pending change (and the user's pending enrolments); whether
    /// there was one.
    pub async fn cancel_method_change(&self, user_id: &str, session_id: &str) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, user_id).await?;
        let cancelled = tx
            .execute(
                "DELETE FROM method_changes WHERE user_id = $1::TEXT AND session_id = $2::TEXT",
                &[&user_id, &session_id],
            )
            .await?;
        if cancelled == 1 {
            tx.execute(
                "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'pending'",
                &[&user_id],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(cancelled == 1)
    }
}
