//! Second factors: pending enrolments, confirmation, the TOTP replay guard, and resets.

use super::{int, secs, Db};
use crate::store::model::{Confirmation, Confirmed, FactorRow, NewChallenge};
use mfa_wire::MfaMethod;
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

const COLUMNS: &str = "id, user_id, method, status, secret_ct, phone, created_at, expires_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<FactorRow> {
    let method: String = r.get(2)?;
    let status: String = r.get(3)?;
    Ok(FactorRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        method: match method.as_str() {
            "sms" => MfaMethod::Sms,
            "webauthn" => MfaMethod::Webauthn,
            _ => MfaMethod::Totp,
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
        MfaMethod::Webauthn => "webauthn",
    }
}

impl Db {
    /// The user's confirmed factors, TOTP first.
    pub fn active_factors(&mut self, user_id: &str) -> rusqlite::Result<Vec<FactorRow>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM factors WHERE user_id = ?1 AND status = 'active' ORDER BY method DESC"))?;
        let rows = stmt.query_map([user_id], from_row)?;
        rows.collect()
    }

    /// A factor of the user by id (pending or active).
    pub fn factor(&mut self, user_id: &str, id: &str) -> rusqlite::Result<Option<FactorRow>> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM factors WHERE id = ?1 AND user_id = ?2"),
                [id, user_id],
                from_row,
            )
            .optional()
    }

    /// Starts an enrolment: a pending factor, replacing the user's other pending ones.
    pub fn create_pending_factor(
        &mut self,
        factor: &FactorRow,
        challenge: Option<&NewChallenge>,
    ) -> rusqlite::Result<()> {
        let conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM factors WHERE user_id = ?1 AND status = 'pending'",
            [&factor.user_id],
        )?;
        tx.execute(
            "INSERT INTO factors (id, user_id, method, status, secret_ct, phone, created_at, expires_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7)",
            params![factor.id, factor.user_id, method_str(factor.method), factor.secret_ct, factor.phone, int(factor.created_at), factor.expires_at.map(int)],
        )?;
        if let Some(c) = challenge {
            super::challenges::insert_challenge(&tx, c)?;
        }
        tx.commit()
    }

    /// Inserts an already confirmed factor (the development seed).
    pub fn create_active_factor(&mut self, factor: &FactorRow) -> rusqlite::Result<()> {
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
    pub fn advance_last_step(&mut self, factor_id: &str, step: i64) -> rusqlite::Result<bool> {
        let changed = self.conn().execute("UPDATE factors SET last_step = ?2 WHERE id = ?1 AND status = 'active' AND last_step < ?2", params![factor_id, step])?;
        Ok(changed == 1)
    }

    /// Confirms an enrolment: activates the factor (replacing the active ones when this session
    /// has a live method change), consumes its challenge, replaces the recovery codes, clears the enrolment flag and second-factor counter, ends the user's
    /// other sessions (GitLab issue 31307; docs/security.md K13) and rotates this one (ASVS 5.0 7.2.4).
    pub fn confirm_enrollment(&mut self, c: &Confirmation) -> rusqlite::Result<Confirmed> {
        let conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = int(c.now);
        if let Some(challenge) = &c.challenge_id {
            if tx.execute("UPDATE challenges SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2", params![challenge, now])? != 1 {
                return Ok(Confirmed::Expired);
            }
        }
        let active: i64 = tx.query_row(
            "SELECT count(*) FROM factors WHERE user_id = ?1 AND status = 'active'",
            [&c.user_id],
            |r| r.get(0),
        )?;
        if active > 0 {
            // NIST SP 800-63B 6.1.2.1 / OWASP MFA Cheat Sheet "Changing MFA Factors": a factor
            // replaces the current one only inside a change this session started with a fresh
            // proof (changeMethod), and only before it expires; the old factor and its recovery
            // codes work until this commit (no gap: issue 15).
            let change: Option<i64> = tx
                .query_row(
                    "SELECT expires_at FROM method_changes WHERE user_id = ?1 AND session_id = ?2",
                    params![c.user_id, c.old_session_id],
                    |r| r.get(0),
                )
                .optional()?;
            match change {
                None => return Ok(Confirmed::AlreadyEnrolled),
                Some(until) if until <= now => return Ok(Confirmed::Expired),
                Some(_) => {}
            }
            tx.execute(
                "DELETE FROM factors WHERE user_id = ?1 AND status = 'active'",
                [&c.user_id],
            )?;
        }
        tx.execute(
            "DELETE FROM method_changes WHERE user_id = ?1",
            [&c.user_id],
        )?;
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
            [&c.user_id],
        )?;
        if let Some(cred) = &c.credential {
            if !super::webauthn::insert_credential(&tx, &c.factor_id, &c.user_id, cred, now)? {
                return Ok(Confirmed::CredentialTaken);
            }
        }
        super::recovery::replace_codes(&tx, &c.user_id, &c.recovery)?;
        tx.execute("UPDATE users SET must_enroll = 0, mfa_failures = 0, mfa_locked_until = NULL WHERE id = ?1", [&c.user_id])?;
        let password_at: Option<i64> = tx
            .query_row(
                "SELECT password_at FROM sessions WHERE id = ?1",
                [&c.old_session_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [&c.user_id])?;
        tx.execute(
            "INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at, password_at) VALUES (?1, ?2, ?3, 'authenticated', ?4, ?5, ?6)",
            params![c.new_session_id, c.new_token_hash, c.user_id, now, int(c.session_expires_at), password_at],
        )?;
        tx.commit()?;
        Ok(Confirmed::Yes {
            replaced: u32::try_from(active).unwrap_or(0),
        })
    }

    /// Removes all of a user's factors and recovery codes and flags the user to enrol at the
    /// next login; ends the user's sessions except `keep`. Returns how many confirmed factors
    /// were removed.
    pub fn reset_mfa(&mut self, user_id: &str, keep: Option<&str>) -> rusqlite::Result<u32> {
        let conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let removed: u32 = tx.query_row(
            "SELECT count(*) FROM factors WHERE user_id = ?1 AND status = 'active'",
            [user_id],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM factors WHERE user_id = ?1", [user_id])?;
        tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
        tx.execute("DELETE FROM method_changes WHERE user_id = ?1", [user_id])?;
        // A new factor starts with a fresh failure count (the cap is for the life of a factor).
        tx.execute("UPDATE users SET must_enroll = 1, mfa_failures = 0, mfa_locked_until = NULL WHERE id = ?1", [user_id])?;
        tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2",
            params![user_id, keep],
        )?;
        tx.commit()?;
        Ok(removed)
    }
}
