//! Failure throttles: one atomic upsert counts an attempt before it is evaluated.

use super::{int, secs, Db};
use crate::store::model::{Limit, Reservation};
use rusqlite::{params, OptionalExtension};

impl Db {
    /// Counts an attempt against `key` under `limit`, atomically, before it is evaluated
    /// (docs/security.md K5: parallel guesses cannot all pass a check made before any is counted).
    /// The count restarts when its window has passed or after a lock ended; the attempt that
    /// reaches `limit.max` sets the lock. A locked key counts nothing and answers `Locked`.
    pub fn reserve_throttle(
        &mut self,
        key: &str,
        limit: Limit,
        now: u64,
    ) -> rusqlite::Result<Reservation> {
        let conn = self.conn();
        // SQLite evaluates every SET expression on the old row, so `restart` and the new count
        // are spelled out in each.
        let reserved = conn
            .query_row(
                "INSERT INTO throttles (key, failures, window_start, locked_until)
                 VALUES (?1, 1, ?2, CASE WHEN ?3 <= 1 THEN ?2 + ?5 END)
                 ON CONFLICT (key) DO UPDATE SET
                   failures = CASE WHEN throttles.window_start + ?4 <= ?2 OR throttles.locked_until IS NOT NULL
                                   THEN 1 ELSE throttles.failures + 1 END,
                   window_start = CASE WHEN throttles.window_start + ?4 <= ?2 OR throttles.locked_until IS NOT NULL
                                       THEN ?2 ELSE throttles.window_start END,
                   locked_until = CASE WHEN (CASE WHEN throttles.window_start + ?4 <= ?2 OR throttles.locked_until IS NOT NULL
                                                  THEN 1 ELSE throttles.failures + 1 END) >= ?3
                                       THEN ?2 + ?5 END
                 WHERE throttles.locked_until IS NULL OR throttles.locked_until <= ?2
                 RETURNING failures, locked_until",
                params![key, int(now), limit.max, int(limit.window), int(limit.lock)],
                |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .optional()?;
        if let Some((failures, lock)) = reserved {
            return Ok(Reservation::Allowed {
                failures,
                locks_until: lock.map(secs),
            });
        }
        let until: Option<i64> = conn
            .query_row(
                "SELECT locked_until FROM throttles WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok(Reservation::Locked {
            until: until.map_or(now + limit.lock, secs),
        })
    }

    /// Gives back an attempt that succeeded: one failure less, and the lock lifted if this
    /// attempt set it.
    pub fn refund_throttle(&mut self, key: &str, lifted_lock: bool) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE throttles SET failures = max(failures - 1, 0),
                                  locked_until = CASE WHEN ?2 THEN NULL ELSE locked_until END
             WHERE key = ?1",
            params![key, lifted_lock],
        )?;
        Ok(())
    }

    /// Forgets a key (after a success that disregards earlier failures).
    pub fn clear_throttle(&mut self, key: &str) -> rusqlite::Result<()> {
        self.conn()
            .execute("DELETE FROM throttles WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Removes keys whose window and lock have both passed; `longest` is the longest window.
    pub fn prune_throttles(&mut self, now: u64, longest: u64) -> rusqlite::Result<usize> {
        self.conn().execute(
            "DELETE FROM throttles WHERE window_start + ?2 <= ?1 AND (locked_until IS NULL OR locked_until <= ?1)",
            params![int(now), int(longest)],
        )
    }
}
