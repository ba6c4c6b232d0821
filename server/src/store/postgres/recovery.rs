//! Recovery codes: salted KDF hashes, single use.

use super::{count, int, lock_user, Pg};
use crate::crypto::recovery::Stored;
use crate::store::StoreResult;

/// Replaces a user's recovery codes (inside a transaction): the old set stops working.
pub(super) async fn replace_codes(
    tx: &deadpool_postgres::Transaction<'_>,
    user_id: &str,
    codes: &[Stored],
) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM recovery_codes WHERE user_id = $1::TEXT",
        &[&user_id],
    )
    .await?;
    let insert = tx
        .prepare_cached("INSERT INTO recovery_codes (user_id, salt, hash) VALUES ($1::TEXT, $2::BYTEA, $3::BYTEA)")
        .await?;
    for code in codes {
        tx.execute(&insert, &[&user_id, &code.salt, &code.hash])
            .await?;
    }
    Ok(())
}

impl Pg {
    /// The user's unused codes, as (row id, salt and hash).
    pub async fn unused_recovery_codes(&self, user_id: &str) -> StoreResult<Vec<(i64, Stored)>> {
        let rows = self
            .query(
                "SELECT id, salt, hash FROM recovery_codes WHERE user_id = $1::TEXT AND used_at IS NULL ORDER BY id",
                &[&user_id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let stored = Stored {
                    salt: r.get(1),
                    hash: r.get(2),
                };
                (r.get(0), stored)
            })
            .collect())
    }

    /// How many unused codes the user has.
    pub async fn recovery_remaining(&self, user_id: &str) -> StoreResult<u32> {
        let row = self
            .query_opt(
                "SELECT count(*) FROM recovery_codes WHERE user_id = $1::TEXT AND used_at IS NULL",
                &[&user_id],
            )
            .await?;
        Ok(row.map_or(0, |r| count(r.get(0))))
    }

    /// Spends a code with one conditional `UPDATE ... WHERE used_at IS NULL` (NIST SP 800-63B
    /// 5.1.2.2; ASVS 5.0 6.5.1; docs/security.md K6): concurrent spenders on any instance
    /// queue on the row and only the first finds it unused. The codes left, or `None`.
    pub async fn spend_recovery_code(
        &self,
        user_id: &str,
        code_id: i64,
        now: u64,
    ) -> StoreResult<Option<u32>> {
        let won = self
            .execute(
                "UPDATE recovery_codes SET used_at = $3::BIGINT WHERE id = $1::BIGINT AND user_id = $2::TEXT AND used_at IS NULL",
                &[&code_id, &user_id, &int(now)],
            )
            .await?;
        if won != 1 {
            return Ok(None);
        }
        self.recovery_remaining(user_id).await.map(Some)
    }

    /// Replaces the user's codes with a new set (under the user's lock).
    pub async fn regenerate_recovery_codes(
        &self,
        user_id: &str,
        codes: &[Stored],
    ) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, user_id).await?;
        replace_codes(&tx, user_id, codes).await?;
        tx.commit().await?;
        Ok(())
    }
}
