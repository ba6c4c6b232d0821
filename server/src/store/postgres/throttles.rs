//! Failure throttles: one atomic upsert counts an attempt before it is evaluated.

use super::{count, int, secs, Pg};
use crate::store::model::{Limit, Reservation};
use crate::store::StoreResult;

impl Pg {
    /// Counts an attempt against `key` before it is evaluated (docs/security.md K5), with the
    /// SQLite engine's rule. `INSERT ... ON CONFLICT DO UPDATE` locks the key's row, so
    /// concurrent reservations from any instance are applied one after the other, each seeing
    /// the previous count; the `WHERE` refuses a locked key (no row returned).
    pub async fn reserve_throttle(
        &self,
        key: &str,
        limit: Limit,
        now: u64,
    ) -> StoreResult<Reservation> {
        let reserved = self
            .query_opt(
                "INSERT INTO throttles AS t (key, failures, window_start, locked_until)
                 VALUES ($1::TEXT, 1, $2::BIGINT, CASE WHEN $3::BIGINT <= 1 THEN $2::BIGINT + $5::BIGINT END)
                 ON CONFLICT (key) DO UPDATE SET
                   failures = CASE WHEN t.window_start + $4::BIGINT <= $2::BIGINT OR t.locked_until IS NOT NULL
                                   THEN 1 ELSE t.failures + 1 END,
                   window_start = CASE WHEN t.window_start + $4::BIGINT <= $2::BIGINT OR t.locked_until IS NOT NULL
                                       THEN $2::BIGINT ELSE t.window_start END,
                   locked_until = CASE WHEN (CASE WHEN t.window_start + $4::BIGINT <= $2::BIGINT OR t.locked_until IS NOT NULL
                                                  THEN 1 ELSE t.failures + 1 END) >= $3::BIGINT
                                       THEN $2::BIGINT + $5::BIGINT END
                 WHERE t.locked_until IS NULL OR t.locked_until <= $2::BIGINT
                 RETURNING failures, locked_until",
                &[&key, &int(now), &i64::from(limit.max), &int(limit.window), &int(limit.lock)],
            )
            .await?;
        if let Some(row) = reserved {
            return Ok(Reservation::Allowed {
                failures: count(row.get(0)),
                locks_until: row.get::<_, Option<i64>>(1).map(secs),
            });
        }
        let until = self
            .query_opt(
                "SELECT locked_until FROM throttles WHERE key = $1::TEXT",
                &[&key],
            )
            .await?
            .and_then(|r| r.get::<_, Option<i64>>(0));
        Ok(Reservation::Locked {
            until: until.map_or(now + limit.lock, secs),
        })
    }

    /// Gives back an attempt that succeeded (one failure less; the lock lifted if it set it).
    pub async fn refund_throttle(&self, key: &str, lifted_lock: bool) -> StoreResult<()> {
        self.execute(
            "UPDATE throttles SET failures = GREATEST(failures - 1, 0),
                                  locked_until = CASE WHEN $2::BOOLEAN THEN NULL ELSE locked_until END
             WHERE key = $1::TEXT",
            &[&key, &lifted_lock],
        )
        .await?;
        Ok(())
    }

    /// Forgets a key.
    pub async fn clear_throttle(&self, key: &str) -> StoreResult<()> {
        self.execute("DELETE FROM throttles WHERE key = $1::TEXT", &[&key])
            .await?;
        Ok(())
    }

    /// Removes keys whose window and lock have both passed.
    pub async fn prune_throttles(&self, now: u64, longest: u64) -> StoreResult<usize> {
        let mut client = self.client().await?;
        let tx = super::maintenance(&mut client).await?;
        let removed = tx
            .execute(
                "DELETE FROM throttles WHERE window_start + $2::BIGINT <= $1::BIGINT
                 AND (locked_until IS NULL OR locked_until <= $1::BIGINT)",
                &[&int(now), &int(longest)],
            )
            .await?;
        tx.commit().await?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }
}
