//! Second factors: pending enrolments, confirmation, the TOTP replay guard, and resets.

use super::sessions::INSERT_SESSION;
use super::{count, int, lock_user, secs, Pg};
use crate::store::model::{Confirmation, Confirmed, FactorRow, NewChallenge};
use crate::store::StoreResult;
use mfa_wire::MfaMethod;
use tokio_postgres::Row;

const COLUMNS: &str = "id, user_id, method, status, secret_ct, phone, created_at, expires_at";

fn from_row(r: &Row) -> FactorRow {
    FactorRow {
        id: r.get(0),
        user_id: r.get(1),
        method: match r.get::<_, &str>(2) {
            "sms" => MfaMethod::Sms,
            "webauthn" => MfaMethod::Webauthn,
            _ => MfaMethod::Totp,
        },
        active: r.get::<_, &str>(3) == "active",
        secret_ct: r.get(4),
        phone: r.get(5),
        created_at: secs(r.get(6)),
        expires_at: r.get::<_, Option<i64>>(7).map(secs),
    }
}

fn method_str(method: MfaMethod) -> &'static str {
    match method {
        MfaMethod::Totp => "totp",
        MfaMethod::Sms => "sms",
        MfaMethod::Webauthn => "webauthn",
    }
}

const INSERT_FACTOR: &str =
    "INSERT INTO factors (id, user_id, method, status, secret_ct, phone, created_at, expires_at)
     VALUES ($1::TEXT, $2::TEXT, $3::TEXT, $4::TEXT, $5::BYTEA, $6::TEXT, $7::BIGINT, $8::BIGINT)";

impl Pg {
    /// The user's confirmed factors, TOTP first.
    pub async fn active_factors(&self, user_id: &str) -> StoreResult<Vec<FactorRow>> {
        let sql = format!("SELECT {COLUMNS} FROM factors WHERE user_id = $1::TEXT AND status = 'active' ORDER BY method COLLATE \"C\" DESC");
        let rows = self.query(&sql, &[&user_id]).await?;
        Ok(rows.iter().map(from_row).collect())
    }

    /// A factor of the user by id (pending or active).
    pub async fn factor(&self, user_id: &str, id: &str) -> StoreResult<Option<FactorRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM factors WHERE id = $1::TEXT AND user_id = $2::TEXT");
        let row = self.query_opt(&sql, &[&id, &user_id]).await?;
        Ok(row.as_ref().map(from_row))
    }

    /// Starts an enrolment: a pending factor, replacing the user's other pending ones (under
    /// the user's lock, so two parallel starts leave one).
    pub async fn create_pending_factor(
        &self,
        f: &FactorRow,
        challenge: Option<&NewChallenge>,
    ) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, &f.user_id).await?;
        tx.execute(
            "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'pending'",
            &[&f.user_id],
        )
        .await?;
        let expires = f.expires_at.map(int);
        tx.execute(
            INSERT_FACTOR,
            &[
                &f.id,
                &f.user_id,
                &method_str(f.method),
                &"pending",
                &f.secret_ct,
                &f.phone,
                &int(f.created_at),
                &expires,
            ],
        )
        .await?;
        if let Some(c) = challenge {
            super::challenges::insert_challenge(&tx, c).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Inserts an already confirmed factor (the development seed).
    pub async fn create_active_factor(&self, f: &FactorRow) -> StoreResult<()> {
        self.execute(
            INSERT_FACTOR,
            &[
                &f.id,
                &f.user_id,
                &method_str(f.method),
                &"active",
                &f.secret_ct,
                &f.phone,
                &int(f.created_at),
                &None::<i64>,
            ],
        )
        .await?;
        Ok(())
    }

    /// The TOTP replay guard (RFC 6238 §5.2; NIST SP 800-63B 5.1.4.2; ASVS 5.0 6.5.1;
    /// CVE-2021-43177): one conditional `UPDATE`. Two instances verifying the same code both
    /// run it; the second waits on the row, re-reads `last_step` as the first committed it,
    /// and changes nothing. Returns whether this request won.
    pub async fn advance_last_step(&self, factor_id: &str, step: i64) -> StoreResult<bool> {
        let changed = self
            .execute(
                "UPDATE factors SET last_step = $2::BIGINT WHERE id = $1::TEXT AND status = 'active' AND last_step < $2::BIGINT",
                &[&factor_id, &step],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Confirms an enrolment, with the SQLite engine's steps and rules (see its
    /// documentation), in one transaction under the user's lock: two confirmations of one
    /// user, from any instances, run one after the other.
    pub async fn confirm_enrollment(&self, c: &Confirmation) -> StoreResult<Confirmed> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, &c.user_id).await?;
        let now = int(c.now);
        if let Some(challenge) = &c.challenge_id {
            // Single use of the SMS enrolment challenge (NIST SP 800-63B 5.1.3.2).
            let used = tx
                .execute(
                    "UPDATE challenges SET used_at = $2::BIGINT WHERE id = $1::TEXT AND used_at IS NULL AND expires_at > $2::BIGINT",
                    &[challenge, &now],
                )
                .await?;
            if used != 1 {
                return Ok(Confirmed::Expired);
            }
        }
        let active: i64 = tx
            .query_one(
                "SELECT count(*) FROM factors WHERE user_id = $1::TEXT AND status = 'active'",
                &[&c.user_id],
            )
            .await?
            .get(0);
        if active > 0 {
            // NIST SP 800-63B 6.1.2.1 / OWASP MFA Cheat Sheet "Changing MFA Factors": only
            // inside this session's live method change (issue 15).
            let change = tx
                .query_opt(
                    "SELECT expires_at FROM method_changes WHERE user_id = $1::TEXT AND session_id = $2::TEXT",
                    &[&c.user_id, &c.old_session_id],
                )
                .await?;
            match change.map(|r| r.get::<_, i64>(0)) {
                None => return Ok(Confirmed::AlreadyEnrolled),
                Some(until) if until <= now => return Ok(Confirmed::Expired),
                Some(_) => {}
            }
            tx.execute(
                "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'active'",
                &[&c.user_id],
            )
            .await?;
        }
        tx.execute(
            "DELETE FROM method_changes WHERE user_id = $1::TEXT",
            &[&c.user_id],
        )
        .await?;
        let activated = tx
            .execute(
                "UPDATE factors SET status = 'active', expires_at = NULL, created_at = $3::BIGINT, last_step = COALESCE($4::BIGINT, last_step)
                 WHERE id = $1::TEXT AND user_id = $2::TEXT AND status = 'pending' AND expires_at > $3::BIGINT",
                &[&c.factor_id, &c.user_id, &now, &c.last_step],
            )
            .await?;
        if activated != 1 {
            return Ok(Confirmed::Expired);
        }
        tx.execute(
            "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'pending'",
            &[&c.user_id],
        )
        .await?;
        if let Some(cred) = &c.credential {
            if !super::webauthn::insert_credential(&tx, &c.factor_id, &c.user_id, cred, now).await?
            {
                return Ok(Confirmed::CredentialTaken);
            }
        }
        super::recovery::replace_codes(&tx, &c.user_id, &c.recovery).await?;
        tx.execute(
            "UPDATE users SET must_enroll = FALSE, mfa_failures = 0, mfa_locked_until = NULL WHERE id = $1::TEXT",
            &[&c.user_id],
        )
        .await?;
        let password_at: Option<i64> = tx
            .query_opt(
                "SELECT password_at FROM sessions WHERE id = $1::TEXT",
                &[&c.old_session_id],
            )
            .await?
            .and_then(|r| r.get(0));
        tx.execute(
            "DELETE FROM sessions WHERE user_id = $1::TEXT",
            &[&c.user_id],
        )
        .await?;
        let insert = tx.prepare_cached(INSERT_SESSION).await?;
        tx.execute(
            &insert,
            &[
                &c.new_session_id,
                &c.new_token_hash,
                &c.user_id,
                &"authenticated",
                &now,
                &int(c.session_expires_at),
                &password_at,
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(Confirmed::Yes {
            replaced: count(active),
        })
    }

    /// Removes all of a user's factors and recovery codes, flags the user to enrol, ends their
    /// sessions except `keep`; how many confirmed factors were removed.
    pub async fn reset_mfa(&self, user_id: &str, keep: Option<&str>) -> StoreResult<u32> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        lock_user(&tx, user_id).await?;
        let removed = tx
            .execute(
                "DELETE FROM factors WHERE user_id = $1::TEXT AND status = 'active'",
                &[&user_id],
            )
            .await?;
        for sql in [
            "DELETE FROM factors WHERE user_id = $1::TEXT",
            "DELETE FROM recovery_codes WHERE user_id = $1::TEXT",
            "DELETE FROM method_changes WHERE user_id = $1::TEXT",
            // A new factor starts with a fresh failure count (the cap is for a factor's life).
            "UPDATE users SET must_enroll = TRUE, mfa_failures = 0, mfa_locked_until = NULL WHERE id = $1::TEXT",
        ] {
            tx.execute(sql, &[&user_id]).await?;
        }
        tx.execute(
            "DELETE FROM sessions WHERE user_id = $1::TEXT AND id IS DISTINCT FROM $2::TEXT",
            &[&user_id, &keep],
        )
        .await?;
        tx.commit().await?;
        Ok(u32::try_from(removed).unwrap_or(u32::MAX))
    }
}
