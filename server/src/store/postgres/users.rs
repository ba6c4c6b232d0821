//! Organisations, users, and the per-account second-factor counter.

use super::{count, int, secs, Pg};
use crate::store::model::{CodeLimit, CodeReservation, Org, User};
use crate::store::StoreResult;
use mfa_wire::Role;
use tokio_postgres::Row;

/// The user columns (`u`) then the organisation columns (`o`).
pub(super) const USER_ORG_COLUMNS: &str =
    "u.id, u.org_id, u.email, u.password_hash, u.role, u.must_enroll, o.id, o.name, o.require_mfa, o.sso";

/// A user from `row`, starting at column `at`.
pub(super) fn user_from_row(row: &Row, at: usize) -> User {
    let role: &str = row.get(at + 4);
    User {
        id: row.get(at),
        org_id: row.get(at + 1),
        email: row.get(at + 2),
        password_hash: row.get(at + 3),
        role: if role == "admin" {
            Role::Admin
        } else {
            Role::Member
        },
        must_enroll: row.get(at + 5),
    }
}

/// An organisation from `row`, starting at column `at`.
pub(super) fn org_from_row(row: &Row, at: usize) -> Org {
    Org {
        id: row.get(at),
        name: row.get(at + 1),
        require_mfa: row.get(at + 2),
        sso: row.get(at + 3),
    }
}

impl Pg {
    /// Creates an organisation.
    pub async fn create_org(&self, org: &Org) -> StoreResult<()> {
        self.execute(
            "INSERT INTO orgs (id, name, require_mfa, sso) VALUES ($1::TEXT, $2::TEXT, $3::BOOLEAN, $4::BOOLEAN)",
            &[&org.id, &org.name, &org.require_mfa, &org.sso],
        )
        .await?;
        Ok(())
    }

    /// Whether any organisation exists.
    pub async fn has_orgs(&self) -> StoreResult<bool> {
        let row = self
            .query_opt("SELECT EXISTS (SELECT 1 FROM orgs)", &[])
            .await?;
        Ok(row.is_some_and(|r| r.get(0)))
    }

    /// Updates the policy; `None` leaves a setting unchanged. Returns the new policy.
    pub async fn set_org_policy(
        &self,
        org_id: &str,
        require_mfa: Option<bool>,
        sso: Option<bool>,
    ) -> StoreResult<Option<Org>> {
        let row = self
            .query_opt(
                "UPDATE orgs SET require_mfa = COALESCE($2::BOOLEAN, require_mfa), sso = COALESCE($3::BOOLEAN, sso)
                 WHERE id = $1::TEXT RETURNING id, name, require_mfa, sso",
                &[&org_id, &require_mfa, &sso],
            )
            .await?;
        Ok(row.map(|r| org_from_row(&r, 0)))
    }

    /// Creates a user.
    pub async fn create_user(&self, user: &User, now: u64) -> StoreResult<()> {
        let role = match user.role {
            Role::Admin => "admin",
            Role::Member => "member",
        };
        self.execute(
            "INSERT INTO users (id, org_id, email, password_hash, role, must_enroll, created_at)
             VALUES ($1::TEXT, $2::TEXT, $3::TEXT, $4::TEXT, $5::TEXT, $6::BOOLEAN, $7::BIGINT)",
            &[
                &user.id,
                &user.org_id,
                &user.email,
                &user.password_hash,
                &role,
                &user.must_enroll,
                &int(now),
            ],
        )
        .await?;
        Ok(())
    }

    /// A user and their organisation, by email (already lower-cased).
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, Org)>> {
        let sql = format!("SELECT {USER_ORG_COLUMNS} FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1::TEXT");
        let row = self.query_opt(&sql, &[&email]).await?;
        Ok(row.map(|r| (user_from_row(&r, 0), org_from_row(&r, 6))))
    }

    /// The member of `org_id` with this email.
    pub async fn member_by_email(&self, org_id: &str, email: &str) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_ORG_COLUMNS} FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.org_id = $1::TEXT AND u.email = $2::TEXT");
        let row = self.query_opt(&sql, &[&org_id, &email]).await?;
        Ok(row.map(|r| user_from_row(&r, 0)))
    }

    /// Counts a second-factor attempt before it is evaluated: the same single conditional
    /// `UPDATE ... RETURNING` as the SQLite engine (see its documentation for the rules: NIST SP
    /// 800-63B 5.2.2, RFC 4226 §7.3, docs/security.md K5). Concurrent attempts on one account
    /// queue on its row and each re-checks the lock and the cap on the row the previous one
    /// left, so no more than `cap` are ever evaluated, whichever instance they reach.
    pub async fn reserve_code_attempt(
        &self,
        user_id: &str,
        now: u64,
        limit: CodeLimit,
    ) -> StoreResult<CodeReservation> {
        let step = i64::from(limit.step.max(1));
        let reserved = self
            .query_opt(
                "UPDATE users SET mfa_failures = mfa_failures + 1,
                   mfa_locked_until = CASE WHEN (mfa_failures + 1) % $3::BIGINT = 0 AND mfa_failures + 1 < $4::BIGINT
                     THEN $2::BIGINT + LEAST($5::BIGINT << LEAST((mfa_failures + 1) / $3::BIGINT - 1, 30)::INT, $6::BIGINT) END
                 WHERE id = $1::TEXT AND (mfa_locked_until IS NULL OR mfa_locked_until <= $2::BIGINT) AND mfa_failures < $4::BIGINT
                 RETURNING mfa_failures, mfa_locked_until",
                &[&user_id, &int(now), &step, &i64::from(limit.cap), &int(limit.base_lock), &int(limit.max_lock)],
            )
            .await?;
        if let Some(row) = reserved {
            return Ok(CodeReservation::Allowed {
                failures: count(row.get(0)),
                locks_until: row.get::<_, Option<i64>>(1).map(secs),
            });
        }
        let state = self
            .query_opt(
                "SELECT mfa_failures, mfa_locked_until FROM users WHERE id = $1::TEXT",
                &[&user_id],
            )
            .await?
            .map(|r| (count(r.get(0)), r.get::<_, Option<i64>>(1)));
        Ok(match state {
            Some((failures, _)) if failures >= limit.cap => CodeReservation::Capped,
            Some((_, Some(until))) => CodeReservation::Locked { until: secs(until) },
            _ => CodeReservation::Locked {
                until: now + limit.base_lock,
            },
        })
    }

    /// When the user's second-factor lock ends, if it runs at `now`.
    pub async fn codes_locked_until(&self, user_id: &str, now: u64) -> StoreResult<Option<u64>> {
        let row = self
            .query_opt(
                "SELECT mfa_locked_until FROM users WHERE id = $1::TEXT AND mfa_locked_until > $2::BIGINT",
                &[&user_id, &int(now)],
            )
            .await?;
        Ok(row.map(|r| secs(r.get(0))))
    }

    /// Forgets the second-factor failures and lifts any delay.
    pub async fn clear_code_failures(&self, user_id: &str) -> StoreResult<()> {
        self.execute(
            "UPDATE users SET mfa_failures = 0, mfa_locked_until = NULL WHERE id = $1::TEXT",
            &[&user_id],
        )
        .await?;
        Ok(())
    }
}
