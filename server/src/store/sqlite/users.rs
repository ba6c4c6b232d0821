//! Users, and the per-account failed-attempt counters and locks.

use super::orgs::{org_from_row, ORG_COLUMNS};
use super::{int, secs, Db};
use crate::store::model::{CodeLimit, CodeReservation, Org, User};
use mfa_wire::Role;
use rusqlite::{params, OptionalExtension, Row};

/// The user columns, `u` aliased.
pub(super) const USER_COLUMNS: &str =
    "u.id, u.org_id, u.email, u.password_hash, u.role, u.must_enroll";

/// A user from `row`, starting at column `at`.
pub(super) fn user_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<User> {
    let role: String = row.get(at + 4)?;
    Ok(User {
        id: row.get(at)?,
        org_id: row.get(at + 1)?,
        email: row.get(at + 2)?,
        password_hash: row.get(at + 3)?,
        role: if role == "admin" {
            Role::Admin
        } else {
            Role::Member
        },
        must_enroll: row.get(at + 5)?,
    })
}

impl Db {
    /// Creates a user.
    pub fn create_user(&mut self, user: &User, now: u64) -> rusqlite::Result<()> {
        let role = match user.role {
            Role::Admin => "admin",
            Role::Member => "member",
        };
        self.conn().execute(
            "INSERT INTO users (id, org_id, email, password_hash, role, must_enroll, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![user.id, user.org_id, user.email, user.password_hash, role, user.must_enroll, int(now)],
        )?;
        Ok(())
    }

    /// A user and their organisation, by email (already lower-cased).
    pub fn user_by_email(&mut self, email: &str) -> rusqlite::Result<Option<(User, Org)>> {
        let sql = format!(
            "SELECT {}, {} FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = ?1",
            USER_COLUMNS, ORG_COLUMNS
        );
        self.conn()
            .query_row(&sql, [email], |r| {
                Ok((user_from_row(r, 0)?, org_from_row(r, 6)?))
            })
            .optional()
    }

    /// Counts a second-factor attempt before it is evaluated, atomically (docs/security.md K5:
    /// "two concurrent requests can both read attempts = 4"): one statement increments the
    /// account's consecutive failures unless a delay runs or the cap is reached. Every
    /// `step`-th failure sets a delay of `base_lock` doubled for each earlier one, up to
    /// `max_lock` (NIST SP 800-63B 5.2.2 "increasing wait time"; RFC 4226 §7.3 delay scheme).
    /// The count is never forgotten while the factor lives: only a success, a recovery code or
    /// a reset clears it, so at most `cap` codes are ever guessed (NIST SP 800-63B 5.2.2: no
    /// more than 100 consecutive failed attempts). Per account, server-side: it holds across
    /// sessions and addresses (RFC 4226 §7.3 "MUST be across login sessions").
    pub fn reserve_code_attempt(
        &mut self,
        user_id: &str,
        now: u64,
        limit: CodeLimit,
    ) -> rusqlite::Result<CodeReservation> {
        let conn = self.conn();
        let reserved = conn
            .query_row(
                "UPDATE users SET mfa_failures = mfa_failures + 1,
                   mfa_locked_until = CASE WHEN (mfa_failures + 1) % ?3 = 0 AND mfa_failures + 1 < ?4
                     THEN ?2 + min(?5 << min((mfa_failures + 1) / ?3 - 1, 30), ?6) END
                 WHERE id = ?1 AND (mfa_locked_until IS NULL OR mfa_locked_until <= ?2) AND mfa_failures < ?4
                 RETURNING mfa_failures, mfa_locked_until",
                params![user_id, int(now), limit.step.max(1), limit.cap, int(limit.base_lock), int(limit.max_lock)],
                |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .optional()?;
        if let Some((failures, lock)) = reserved {
            return Ok(CodeReservation::Allowed {
                failures,
                locks_until: lock.map(secs),
            });
        }
        let state: Option<(u32, Option<i64>)> = conn
            .query_row(
                "SELECT mfa_failures, mfa_locked_until FROM users WHERE id = ?1",
                [user_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match state {
            Some((failures, _)) if failures >= limit.cap => CodeReservation::Capped,
            Some((_, Some(until))) => CodeReservation::Locked { until: secs(until) },
            _ => CodeReservation::Locked {
                until: now + limit.base_lock,
            },
        })
    }

    /// Forgets the second-factor failures and lifts any delay (after a success or a recovery
    /// code).
    pub fn clear_code_failures(&mut self, user_id: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE users SET mfa_failures = 0, mfa_locked_until = NULL WHERE id = ?1",
            [user_id],
        )?;
        Ok(())
    }

    /// The member of `org_id` with this email.
    pub fn member_by_email(&mut self, org_id: &str, email: &str) -> rusqlite::Result<Option<User>> {
        let sql = format!(
            "SELECT {} FROM users u WHERE u.org_id = ?1 AND u.email = ?2",
            USER_COLUMNS
        );
        self.conn()
            .query_row(&sql, [org_id, email], |r| user_from_row(r, 0))
            .optional()
    }

    /// When the user's second-factor lock ends, if it runs at `now`.
    pub fn codes_locked_until(&mut self, user_id: &str, now: u64) -> rusqlite::Result<Option<u64>> {
        self.conn()
            .query_row(
                "SELECT mfa_locked_until FROM users WHERE id = ?1 AND mfa_locked_until > ?2",
                params![user_id, int(now)],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|t| t.map(secs))
    }
}
