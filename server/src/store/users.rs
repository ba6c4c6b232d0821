//! Users, and the per-account failed-attempt counters and locks.

use super::{int, secs, Org, Store};
use mfa_wire::Role;
use rusqlite::{params, OptionalExtension, Row};

/// A user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: String,
    /// Organisation id.
    pub org_id: String,
    /// Email (lower case).
    pub email: String,
    /// Argon2id hash (see `crypto::password`).
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Must enrol at the next login.
    pub must_enroll: bool,
}

impl User {
    pub(super) const COLUMNS: &'static str =
        "u.id, u.org_id, u.email, u.password_hash, u.role, u.must_enroll";

    pub(super) fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        let role: String = row.get(at + 4)?;
        Ok(Self {
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
}

/// Which counter an attempt counts against. Passwords and second factors have separate
/// counters and locks, so a correct password can never reset the second-factor counter
/// (that would let an attacker who knows the password guess codes forever, docs/security.md A3/A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    /// Password checks (login, admin re-authentication).
    Password,
    /// TOTP, SMS and recovery codes, in any flow.
    SecondFactor,
}

impl AttemptKind {
    const fn columns(self) -> (&'static str, &'static str) {
        match self {
            Self::Password => ("password_failures", "password_locked_until"),
            Self::SecondFactor => ("mfa_failures", "mfa_locked_until"),
        }
    }
}

/// The outcome of reserving an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt may be evaluated. `failures` counts it; `locks_until` is set when it was the
    /// last one allowed (the lock is already in place, and lifts if the attempt succeeds).
    Allowed {
        /// Failures so far, including this attempt.
        failures: u32,
        /// The lock this attempt set.
        locks_until: Option<u64>,
    },
    /// The account is locked.
    Locked {
        /// Until when.
        until: u64,
    },
}

impl Store {
    /// Creates a user.
    pub fn create_user(&self, user: &User, now: u64) -> rusqlite::Result<()> {
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
    pub fn user_by_email(&self, email: &str) -> rusqlite::Result<Option<(User, Org)>> {
        let sql = format!(
            "SELECT {}, {} FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = ?1",
            User::COLUMNS,
            Org::COLUMNS
        );
        self.conn()
            .query_row(&sql, [email], |r| {
                Ok((User::from_row(r, 0)?, Org::from_row(r, 6)?))
            })
            .optional()
    }

    /// Counts an attempt before it is evaluated, atomically: one statement increments the
    /// counter unless the account is locked, and sets the lock when the counter reaches `max`.
    /// Reserving first means concurrent guesses cannot all pass a check made before any of
    /// them is counted (docs/security.md A5: "two concurrent requests can both read attempts = 4").
    /// The counter is per account, stored server-side, so it holds across sessions and IPs
    /// (RFC 4226 §7.3 "MUST be across login sessions"; NIST SP 800-63B 5.2.2).
    pub fn reserve_attempt(
        &self,
        user_id: &str,
        kind: AttemptKind,
        now: u64,
        max: u32,
        lock_seconds: u64,
    ) -> rusqlite::Result<Reservation> {
        let (count, lock) = kind.columns();
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
    pub fn clear_attempts(&self, user_id: &str, kind: AttemptKind) -> rusqlite::Result<()> {
        let (count, lock) = kind.columns();
        self.conn().execute(
            &format!("UPDATE users SET {count} = 0, {lock} = NULL WHERE id = ?1"),
            [user_id],
        )?;
        Ok(())
    }

    /// The member of `org_id` with this email.
    pub fn member_by_email(&self, org_id: &str, email: &str) -> rusqlite::Result<Option<User>> {
        let sql = format!(
            "SELECT {} FROM users u WHERE u.org_id = ?1 AND u.email = ?2",
            User::COLUMNS
        );
        self.conn()
            .query_row(&sql, [org_id, email], |r| User::from_row(r, 0))
            .optional()
    }
}
