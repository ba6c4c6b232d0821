//! Sessions: stored by the SHA-256 of their token, with a state and an expiry.

use super::users::{org_from_row, user_from_row, USER_ORG_COLUMNS};
use super::{int, secs, Pg};
use crate::store::model::{Org, SessionRow, User};
use crate::store::StoreResult;
use mfa_wire::SessionState;

pub(super) fn state_str(state: SessionState) -> &'static str {
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

pub(super) const INSERT_SESSION: &str =
    "INSERT INTO sessions (id, token_hash, user_id, state, created_at, expires_at, password_at)
     VALUES ($1::TEXT, $2::BYTEA, $3::TEXT, $4::TEXT, $5::BIGINT, $6::BIGINT, $7::BIGINT)";

impl Pg {
    /// Creates a session (its password time is `now`: sessions start at a login).
    pub async fn create_session(
        &self,
        id: &str,
        user_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> StoreResult<()> {
        let now = int(now);
        self.execute(
            INSERT_SESSION,
            &[
                &id,
                &token_hash,
                &user_id,
                &state_str(state),
                &now,
                &int(expires_at),
                &now,
            ],
        )
        .await?;
        Ok(())
    }

    /// Records a password check in the session (re-authentication).
    pub async fn mark_password(&self, id: &str, now: u64) -> StoreResult<()> {
        self.execute(
            "UPDATE sessions SET password_at = $2::BIGINT WHERE id = $1::TEXT",
            &[&id, &int(now)],
        )
        .await?;
        Ok(())
    }

    /// The unexpired session with this token hash, its user and organisation.
    pub async fn session_by_token(
        &self,
        token_hash: &[u8],
        now: u64,
    ) -> StoreResult<Option<(SessionRow, User, Org)>> {
        let sql = format!(
            "SELECT s.id, s.state, s.password_at, {USER_ORG_COLUMNS} FROM sessions s
             JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id
             WHERE s.token_hash = $1::BYTEA AND s.expires_at > $2::BIGINT"
        );
        let row = self.query_opt(&sql, &[&token_hash, &int(now)]).await?;
        Ok(row.map(|r| {
            let session = SessionRow {
                id: r.get(0),
                state: parse_state(r.get(1)),
                password_at: r.get::<_, Option<i64>>(2).map(secs),
            };
            (session, user_from_row(&r, 3), org_from_row(&r, 9))
        }))
    }

    /// Ends a session (its challenges go with it).
    pub async fn delete_session(&self, id: &str) -> StoreResult<()> {
        self.execute("DELETE FROM sessions WHERE id = $1::TEXT", &[&id])
            .await?;
        Ok(())
    }

    /// Replaces a session by a new one (ASVS 5.0 7.2.4). The `DELETE ... RETURNING` decides:
    /// of two concurrent rotations of one session only one finds it. False when it is gone.
    pub async fn rotate_session(
        &self,
        old_id: &str,
        new_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let old = tx
            .query_opt(
                "DELETE FROM sessions WHERE id = $1::TEXT RETURNING user_id, password_at",
                &[&old_id],
            )
            .await?;
        let Some(old) = old else {
            return Ok(false);
        };
        let (user_id, password_at): (String, Option<i64>) = (old.get(0), old.get(1));
        let insert = tx.prepare_cached(INSERT_SESSION).await?;
        tx.execute(
            &insert,
            &[
                &new_id,
                &token_hash,
                &user_id,
                &state_str(state),
                &int(now),
                &int(expires_at),
                &password_at,
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends every session of a user except `keep` (docs/security.md K13).
    pub async fn delete_user_sessions(
        &self,
        user_id: &str,
        keep: Option<&str>,
    ) -> StoreResult<usize> {
        let removed = self
            .execute(
                "DELETE FROM sessions WHERE user_id = $1::TEXT AND id IS DISTINCT FROM $2::TEXT",
                &[&user_id, &keep],
            )
            .await?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }

    /// Removes expired sessions, method changes, pending enrolments and old SMS records.
    pub async fn prune(&self, now: u64, sms_window: u64) -> StoreResult<()> {
        let now = int(now);
        let mut client = self.client().await?;
        let tx = super::maintenance(&mut client).await?;
        tx.execute(
            "DELETE FROM sessions WHERE expires_at <= $1::BIGINT",
            &[&now],
        )
        .await?;
        tx.execute(
            "DELETE FROM method_changes WHERE expires_at <= $1::BIGINT",
            &[&now],
        )
        .await?;
        tx.execute(
            "DELETE FROM sms_sends WHERE sent_at <= $1::BIGINT",
            &[&now.saturating_sub(int(sms_window))],
        )
        .await?;
        tx.execute(
            "DELETE FROM factors WHERE status = 'pending' AND expires_at <= $1::BIGINT",
            &[&now],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
