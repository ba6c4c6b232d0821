//! Sessions: stored by the SHA-256 of their token, with a state and an expiry.

use super::orgs::{org_from_row, ORG_COLUMNS};
use super::users::{user_from_row, USER_COLUMNS};
use super::{int, secs, Db};
use crate::store::model::{Org, SessionRow, User};
use mfa_wire::SessionState;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

fn state_str(state: SessionState) -> &'static str {
    match state {
        SessionState::Authenticated => "authenticated",
        SessionState::MfaRequired => "mfa_required",
        SessionState::EnrollmentRequired => "enrollment_required",
    }
}

fn parse_state(text: &str) -> SessionState {
    match text {
        "authenticated" => SessionState::Authenticated,
        "enrollment_required" => SessionState::EnrollmentRequired,
        _ => SessionState::MfaRequired,
    }
}

impl Db {
    /// Creates a session. Sessions start at a password check (login), so its time is `now`.
    pub fn create_session(
        &mut self,
        id: &str,
        user_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at, password_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
            params![id, token_hash, user_id, state_str(state), int(now), int(expires_at)],
        )?;
        Ok(())
    }

    /// Records a password check in the session (re-authentication).
    pub fn mark_password(&mut self, id: &str, now: u64) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE sessions SET password_at = ?2 WHERE id = ?1",
            params![id, int(now)],
        )?;
        Ok(())
    }

    /// The unexpired session with this token hash, its user and organisation.
    pub fn session_by_token(
        &mut self,
        token_hash: &[u8],
        now: u64,
    ) -> rusqlite::Result<Option<(SessionRow, User, Org)>> {
        let sql = format!(
            "SELECT s.id, s.state, s.password_at, {}, {} FROM sessions s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            USER_COLUMNS,
            ORG_COLUMNS
        );
        self.conn()
            .query_row(&sql, params![token_hash, int(now)], |r| {
                let state: String = r.get(1)?;
                Ok((
                    SessionRow {
                        id: r.get(0)?,
                        state: parse_state(&state),
                        password_at: r.get::<_, Option<i64>>(2)?.map(secs),
                    },
                    user_from_row(r, 3)?,
                    org_from_row(r, 9)?,
                ))
            })
            .optional()
    }

    /// Ends a session (its challenges go with it).
    pub fn delete_session(&mut self, id: &str) -> rusqlite::Result<()> {
        self.conn()
            .execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Replaces a session by a new one with a new token (ASVS 5.0 7.2.4: a new session token
    /// on authentication). Returns false when the old session is already gone.
    pub fn rotate_session(
        &mut self,
        old_id: &str,
        new_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> rusqlite::Result<bool> {
        let conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old: Option<(String, Option<i64>)> = tx
            .query_row(
                "DELETE FROM sessions WHERE id = ?1 RETURNING user_id, password_at",
                [old_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((user_id, password_at)) = old else {
            return Ok(false);
        };
        // The new token carries the old session's password time over (it is the same sign-in).
        tx.execute(
            "INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at, password_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![new_id, token_hash, user_id, state_str(state), int(now), int(expires_at), password_at],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Ends every session of a user except `keep` (docs/security.md K13: sessions are revoked when
    /// MFA is enabled, changed or reset; ASVS 4.0.3 2.8.6).
    pub fn delete_user_sessions(
        &mut self,
        user_id: &str,
        keep: Option<&str>,
    ) -> rusqlite::Result<usize> {
        self.conn().execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2",
            params![user_id, keep],
        )
    }

    /// Removes expired sessions and old SMS send records.
    pub fn prune(&mut self, now: u64, sms_window: u64) -> rusqlite::Result<()> {
        let conn = self.conn();
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [int(now)])?;
        conn.execute(
            "DELETE FROM method_changes WHERE expires_at <= ?1",
            [int(now)],
        )?;
        conn.execute(
            "DELETE FROM sms_sends WHERE sent_at <= ?1",
            [int(now.saturating_sub(sms_window))],
        )?;
        conn.execute(
            "DELETE FROM factors WHERE status = 'pending' AND expires_at <= ?1",
            [int(now)],
        )?;
        Ok(())
    }
}
