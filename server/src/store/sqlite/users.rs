//! Users, and the per-account failed-attempt counters and locks.

use super::orgs::{org_from_row, ORG_COLUMNS};
use super::{int, secs, Db};
use crate::store::model::{AttemptKind, Org, Reservation, User};
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

const fn columns(kind: AttemptKind) -> (&'static str, &'static str) {
    match kind {
        AttemptKind::Password => ("password_failures", "password_locked_until"),
        AttemptKind::SecondFactor => ("mfa_failures", "mfa_locked_until"),
    }
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

    /// Counts an attempt before it is evaluated, atomically: one statement increments the
    /// counter unless the account is locked, and sets the lock when the counter reaches `max`.
    /// Reserving first means concurrent guesses cannot all pass a check made before any of
    /// them is counted (security.md A5: "two concurrent requests can both read attempts = 4").
    /// The counter is per account, stored server-side, so it holds across sessions and IPs
    /// (RFC 4226 §7.3 "MUST be across login sessions"; NIST SP 800-63B 5.2.2).
    pub fn reserve_attempt(
        &mut self,
        user_id: &str,
        kind: AttemptKind,
        now: u64,
        max: u32,
        lock_seconds: u64,
    ) -> rusqlite::Result<Reservation> {
        let (count, lock) = columns(kind);
        // When the lock engages the counter restarts, so after the lock expires the user has
        // `max` fresh attempts.
        let sql = format!(
            "UPDATE users SET {count} = CASE WHEN {count} + 1 >= ?3 THEN 0 ELSE {count} + 1 END,
                              {lock} = CASE WHEN {count} + 1 >= ?3 THEN ?4 ELSE NULL END
             WHERE id = ?1 AND ({lock} IS NULL OR {lock} <= ?2)
             RETURNING {count}, {lock}"
        );
        let conn = self.conn();
        let reserved = conn
            .query_row(
                &sql,
                params![user_id, int(now), max, int(now + lock_seconds)],
                |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .optional()?;
        Ok(match reserved {
            Some((_, Some(until))) => Reservation::Allowed {
                failures: max,
                locks_until: Some(secs(until)),
            },
            Some((failures, None)) => Reservation::Allowed {
                failures,
                locks_until: None,
            },
            None => {
                let until: Option<i64> = conn
                    .query_row(
                        &format!("SELECT {lock} FROM users WHERE id = ?1"),
                        [user_id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                Reservation::Locked {
                    until: until.map_or(now + lock_seconds, secs),
                }
            }
        })
    }

    /// Resets a counter and lifts its lock after a success.
    pub fn clear_attempts(&mut self, user_id: &str, kind: AttemptKind) -> rusqlite::Result<()> {
        let (count, lock) = columns(kind);
        self.conn().execute(
            &format!("UPDATE users SET {count} = 0, {lock} = NULL WHERE id = ?1"),
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
}
