//! WebAuthn credentials: recorded with their factor, listed for a ceremony, and the signature
//! counter advanced atomically.

use super::{int, Pg};
use crate::store::model::{CredentialRow, NewCredential};
use crate::store::StoreResult;

/// Records a credential inside the confirming transaction; false when its id is registered
/// already, to anyone (WebAuthn L3 §7.1 step 26: refused, never reassigned). `ON CONFLICT DO
/// NOTHING` decides even when two instances register the same id at once.
pub(super) async fn insert_credential(
    tx: &deadpool_postgres::Transaction<'_>,
    factor_id: &str,
    user_id: &str,
    c: &NewCredential,
    now: i64,
) -> StoreResult<bool> {
    let inserted = tx
        .execute(
            "INSERT INTO webauthn_credentials (cred_id, factor_id, user_id, passkey, sign_count, user_verified, backup_eligible, backup_state, created_at)
             VALUES ($1::BYTEA, $2::TEXT, $3::TEXT, $4::TEXT, $5::BIGINT, $6::BOOLEAN, $7::BOOLEAN, $8::BOOLEAN, $9::BIGINT)
             ON CONFLICT (cred_id) DO NOTHING",
            &[&c.cred_id, &factor_id, &user_id, &c.passkey, &i64::from(c.sign_count), &c.user_verified, &c.backup_eligible, &c.backup_state, &now],
        )
        .await?;
    Ok(inserted == 1)
}

impl Pg {
    /// The user's credentials (of active and pending factors).
    pub async fn webauthn_credentials(&self, user_id: &str) -> StoreResult<Vec<CredentialRow>> {
        let rows = self
            .query(
                "SELECT cred_id, factor_id, passkey FROM webauthn_credentials WHERE user_id = $1::TEXT ORDER BY created_at",
                &[&user_id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| CredentialRow {
                cred_id: r.get(0),
                factor_id: r.get(1),
                passkey: r.get(2),
            })
            .collect())
    }

    /// Records an assertion's counter and backup state with one conditional `UPDATE` that only
    /// a greater counter passes, or 0 when the stored one is 0 too (WebAuthn L3 §7.2 step 22).
    /// Two concurrent assertions with one counter, on any instances, cannot both pass: the
    /// second re-checks the counter the first committed.
    pub async fn record_assertion(
        &self,
        user_id: &str,
        cred_id: &[u8],
        sign_count: u32,
        passkey: &str,
        backup_state: bool,
        now: u64,
    ) -> StoreResult<bool> {
        let changed = self
            .execute(
                "UPDATE webauthn_credentials SET sign_count = $3::BIGINT, passkey = $4::TEXT, backup_state = $5::BOOLEAN, last_used_at = $6::BIGINT
                 WHERE cred_id = $1::BYTEA AND user_id = $2::TEXT AND (sign_count < $3::BIGINT OR ($3::BIGINT = 0 AND sign_count = 0))",
                &[&cred_id, &user_id, &i64::from(sign_count), &passkey, &backup_state, &int(now)],
            )
            .await?;
        Ok(changed == 1)
    }

    /// The recorded (sign_count, user_verified, backup_eligible, backup_state) of a credential.
    pub async fn credential_flags(
        &self,
        cred_id: &[u8],
    ) -> StoreResult<Option<(u32, bool, bool, bool)>> {
        let row = self
            .query_opt(
                "SELECT sign_count, user_verified, backup_eligible, backup_state FROM webauthn_credentials WHERE cred_id = $1::BYTEA",
                &[&cred_id],
            )
            .await?;
        Ok(row.map(|r| {
            let count = u32::try_from(r.get::<_, i64>(0)).unwrap_or(0);
            (count, r.get(1), r.get(2), r.get(3))
        }))
    }
}
