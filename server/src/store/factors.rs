//! Second factors: pending enrolments, confirmation, the TOTP replay guard, and resets.

use super::{int, secs, Store};
use crate::crypto::recovery::Stored;
use mfa_wire::MfaMethod;
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

/// A factor row.
#[derive(Clone, PartialEq, Eq)]
pub struct FactorRow {
    /// Id (also the enrolment id while pending).
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// TOTP or SMS.
    pub method: MfaMethod,
    /// Confirmed.
    pub active: bool,
    /// TOTP: the sealed secret.
    pub secret_ct: Option<Vec<u8>>,
    /// SMS: the number.
    pub phone: Option<String>,
    /// When it was created or confirmed.
    pub created_at: u64,
    /// Pending only: when it expires.
    pub expires_at: Option<u64>,
}

impl std::fmt::Debug for FactorRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactorRow")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, user_id, method, status, secret_ct, phone, created_at, expires_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<FactorRow> {
    let method: String = r.get(2)?;
    let status: String = r.get(3)?;
    Ok(FactorRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        method: if method == "sms" {
            MfaMethod::Sms
        } else {
            MfaMethod::Totp
        },
        active: status == "active",
        secret_ct: r.get(4)?,
        phone: r.get(5)?,
        created_at: secs(r.get(6)?),
        expires_at: r.get::<_, Option<i64>>(7)?.map(secs),
    })
}

fn method_str(method: MfaMethod) -> &'static str {
    match method {
        MfaMethod::Totp => "totp",
        MfaMethod::Sms => "sms",
    }
}

/// Everything that changes, in one transaction, when an enrolment is confirmed.
pub struct Confirmation<'a> {
    /// The user.
    pub user_id: &'a str,
    /// The pending factor.
    pub factor_id: &'a str,
    /// SMS: the enrolment challenge, consumed here.
    pub challenge_id: Option<&'a str>,
    /// TOTP: the step the confirming code used (it can never be used again).
    pub last_step: Option<i64>,
    /// The new recovery codes (replacing any old set).
    pub recovery: &'a [Stored],
    /// The session that confirmed (replaced by a new one).
    pub old_session_id: &'a str,
    /// The new session.
    pub new_session_id: &'a str,
    /// Its token hash.
    pub new_token_hash: &'a [u8],
    /// Now.
    pub now: u64,
    /// The new session's expiry.
    pub session_expires_at: u64,
}

/// How a confirmation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Done.
    Yes,
    /// The enrolment or its challenge expired or was used meanwhile.
    Expired,
    /// The user has an active factor already.
    AlreadyEnrolled,
}

impl Store {
    /// The user's confirmed factors, TOTP first.
    pub fn active_factors(&self, user_id: &str) -> rusqlite::Result<Vec<FactorRow>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM factors WHERE user_id = ?1 AND status = 'active' ORDER BY method DESC"))?;
        let rows = stmt.query_map([user_id], from_row)?;
        rows.collect()
    }

    /// A factor of the user by id (pending or active).
    pub fn factor(&self, user_id: &str, id: &str) -> rusqlite::Result<Option<FactorRow>> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM factors WHERE id = ?1 AND user_id = ?2"),
                [id, user_id],
                from_row,
            )
            .optional()
    }

    /// Starts an enrolment: a pending factor, replacing the user's other pending ones.
    pub fn create_pending_factor(&self, factor: &FactorRow) -> rusqlite::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM factors WHERE user_id = ?1 AND status = 'pending'",
            [&factor.user_id],
        )?;
        tx.execute(
            "INSERT INTO factors (id, user_id, method, status, secret_ct, phone, created_at, expires_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7)",
            params![factor.id, factor.user_id, method_str(factor.method), factor.secret_ct, factor.phone, int(factor.created_at), factor.expires_at.map(int)],
        )?;
        tx.commit()
    }

    /// Inserts an already confirmed factor (the development seed).
    pub fn create_active_factor(&self, factor: &FactorRow) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO factors (id, user_id, method, status, secret_ct, phone, created_at) VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6)",
            params![factor.id, factor.user_id, method_str(factor.method), factor.secret_ct, factor.phone, int(factor.created_at)],
        )?;
        Ok(())
    }

    /// The TOTP replay guard (RFC 6238 §5.2 "MUST NOT accept the second attempt"; NIST SP
    /// 800-63B 5.1.4.2; ASVS 5.0 6.5.1): records `step` as the last accepted one only if it is
    /// later than the last accepted one, in one atomic statement. Rejecting every step `<=`
    /// the last (not only the same code) closes CVE-2021-43177, where the drift window re-opened
    /// a consumed code. Returns whether this request won.
    pub fn advance_last_step(&self, factor_id: &str, step: i64) -> rusqlite::Result<bool> {
        let changed = self.conn().execute("UPDATE factors SET last_step = ?2 WHERE id = ?1 AND status = 'active' AND last_step < ?2", params![factor_id, step])?;
        Ok(changed == 1)
    }

    /// Confirms an enrolment: activates the factor, consumes its challenge, replaces the
    /// recovery codes, clears the enrolment flag and second-factor counter, ends the user's
    /// other sessions (docs/security.md A13) and rotates this one (ASVS 5.0 7.2.4).
    pub fn confirm_enrollment(&self, c: &Confirmation<'_>) -> rusqlite::Result<Confirmed> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = int(c.now);
        if let Some(challenge) = c.challenge_id {
            if tx.execute("UPDATE challenges SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2", params![challenge, now])? != 1 {
                return Ok(Confirmed::Expired);
            }
        }
        let active: i64 = tx.query_row(
            "SELECT count(*) FROM factors WHERE user_id = ?1 AND status = 'active'",
            [c.user_id],
            |r| r.get(0),
        )?;
        if active > 0 {
            return Ok(Confirmed::AlreadyEnrolled);
        }
        let activated = tx.execute(
            "UPDATE factors SET status = 'active', expires_at = NULL, created_at = ?3, last_step = COALESCE(?4, last_step)
             WHERE id = ?1 AND user_id = ?2 AND status = 'pending' AND expires_at > ?3",
            params![c.factor_id, c.user_id, now, c.last_step],
        )?;
        if activated != 1 {
            return Ok(Confirmed::Expired);
        }
        tx.execute(
            "DELETE FROM factors WHERE user_id = ?1 AND status = 'pending'",
            [c.user_id],
        )?;
        super::recovery::replace_codes(&tx, c.user_id, c.recovery)?;
        tx.execute("UPDATE users SET must_enroll = 0, mfa_failures = 0, mfa_locked_until = NULL WHERE id = ?1", [c.user_id])?;
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [c.user_id])?;
        tx.execute(
            "INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at) VALUES (?1, ?2, ?3, 'authenticated', ?4, ?5)",
            params![c.new_session_id, c.new_token_hash, c.user_id, now, int(c.session_expires_at)],
        )?;
        tx.commit()?;
        Ok(Confirmed::Yes)
    }

    /// Removes all of a user's factors and recovery codes and flags the user to enrol at the
    /// next login; ends the user's sessions except `keep`. Returns how many confirmed factors
    /// were removed.
    pub fn reset_mfa(&self, user_id: &str, keep: Option<&str>) -> rusqlite::Result<u32> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let removed: u32 = tx.query_row(
            "SELECT count(*) FROM factors WHERE user_id = ?1 AND status = 'active'",
            [user_id],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM factors WHERE user_id = ?1", [user_id])?;
        tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
        tx.execute("UPDATE users SET must_enroll = 1 WHERE id = ?1", [user_id])?;
        tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2",
            params![user_id, keep],
        )?;
        tx.commit()?;
        Ok(removed)
    }
}
