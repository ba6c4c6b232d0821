//! WebAuthn credentials: recorded with their factor, listed for a ceremony, and the signature
//! counter advanced atomically.

use super::{int, Db};
use crate::store::model::{CredentialRow, NewCredential};
use rusqlite::{params, Transaction};

/// Records a credential inside the confirming transaction; false when its id is registered
/// already, to anyone (WebAuthn L3 §7.1 step 26: a credential id registered to another user is
/// refused, never reassigned).
pub fn insert_credential(
    tx: &Transaction<'_>,
    factor_id: &str,
    user_id: &str,
    c: &NewCredential,
    now: i64,
) -> rusqlite::Result<bool> {
    let inserted = tx.execute(
        "INSERT INTO webauthn_credentials (cred_id, factor_id, user_id, passkey, sign_count, user_verified, backup_eligible, backup_state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (cred_id) DO NOTHING",
        params![c.cred_id, factor_id, user_id, c.passkey, i64::from(c.sign_count), c.user_verified, c.backup_eligible, c.backup_state, now],
    )?;
    Ok(inserted == 1)
}

impl Db {
    /// The user's credentials (of active and pending factors).
    pub fn webauthn_credentials(&mut self, user_id: &str) -> rusqlite::Result<Vec<CredentialRow>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT cred_id, factor_id, passkey FROM webauthn_credentials WHERE user_id = ?1 ORDER BY created_at",
        )?;
        let rows = stmt.query_map([user_id], |r| {
            Ok(CredentialRow {
                cred_id: r.get(0)?,
                factor_id: r.get(1)?,
                passkey: r.get(2)?,
            })
        })?;
        rows.collect()
    }

    /// Records an assertion's counter and backup state, in one atomic statement that only a
    /// counter greater than the stored one passes, or 0 when the stored one is 0 too (WebAuthn
    /// L3 §7.2 step 22: a counter that does not grow signals a cloned authenticator). Two
    /// concurrent assertions with the same counter cannot both pass. Returns whether it did.
    pub fn record_assertion(
        &mut self,
        user_id: &str,
        cred_id: &[u8],
        sign_count: u32,
        passkey: &str,
        backup_state: bool,
        now: u64,
    ) -> rusqlite::Result<bool> {
        let changed = self.conn().execute(
            "UPDATE webauthn_credentials SET sign_count = ?3, passkey = ?4, backup_state = ?5, last_used_at = ?6
             WHERE cred_id = ?1 AND user_id = ?2 AND (sign_count < ?3 OR (?3 = 0 AND sign_count = 0))",
            params![cred_id, user_id, i64::from(sign_count), passkey, backup_state, int(now)],
        )?;
        Ok(changed == 1)
    }

    /// The recorded flags of a credential: (sign_count, user_verified, backup_eligible,
    /// backup_state).
    pub fn credential_flags(
        &mut self,
        cred_id: &[u8],
    ) -> rusqlite::Result<Option<(u32, bool, bool, bool)>> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT sign_count, user_verified, backup_eligible, backup_state FROM webauthn_credentials WHERE cred_id = ?1",
                [cred_id],
                |r| Ok((u32::try_from(r.get::<_, i64>(0)?).unwrap_or(0), r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
    }
}
