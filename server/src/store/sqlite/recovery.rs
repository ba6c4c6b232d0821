//! Recovery codes: salted KDF hashes, single use.

use super::{int, Db};
use crate::crypto::recovery::Stored;
use rusqlite::{params, Transaction, TransactionBehavior};

/// Replaces a user's recovery codes (inside a transaction): the old set stops working.
pub(super) fn replace_codes(
    tx: &Transaction<'_>,
    user_id: &str,
    codes: &[Stored],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO recovery_codes (user_id, salt, hash) VALUES (?1, ?2, ?3)")?;
    for code in codes {
        insert.execute(params![user_id, code.salt, code.hash])?;
    }
    Ok(())
}

impl Db {
    /// The user's unused codes, as (row id, salt and hash).
    pub fn unused_recovery_codes(&mut self, user_id: &str) -> rusqlite::Result<Vec<(i64, Stored)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT id, salt, hash FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL ORDER BY id")?;
        let rows = stmt.query_map([user_id], |r| {
            Ok((
                r.get(0)?,
                Stored {
                    salt: r.get(1)?,
                    hash: r.get(2)?,
                },
            ))
        })?;
        rows.collect()
    }

    /// How many unused codes the user has.
    pub fn recovery_remaining(&mut self, user_id: &str) -> rusqlite::Result<u32> {
        self.conn().query_row(
            "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
            [user_id],
            |r| r.get(0),
        )
    }

    /// Spends a code: one atomic `UPDATE ... WHERE used_at IS NULL`, so of any number of
    /// concurrent requests exactly one wins (NIST SP 800-63B 5.1.2.2 "used successfully only
    /// once"; ASVS 5.0 6.5.1; docs/security.md K6). Returns the codes left, or `None` if it lost.
    pub fn spend_recovery_code(
        &mut self,
        user_id: &str,
        code_id: i64,
        now: u64,
    ) -> rusqlite::Result<Option<u32>> {
        let conn = self.conn();
        let won = conn.execute("UPDATE recovery_codes SET used_at = ?3 WHERE id = ?1 AND user_id = ?2 AND used_at IS NULL", params![code_id, user_id, int(now)])?;
        if won != 1 {
            return Ok(None);
        }
        conn.query_row(
            "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
            [user_id],
            |r| r.get(0),
        )
        .map(Some)
    }

    /// Replaces the user's codes with a new set.
    pub fn regenerate_recovery_codes(
        &mut self,
        user_id: &str,
        codes: &[Stored],
    ) -> rusqlite::Result<()> {
        let conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        replace_codes(&tx, user_id, codes)?;
        tx.commit()
    }
}
