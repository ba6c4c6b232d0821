//! Challenges: one per sign-in, step-up or SMS enrolment, bound to the session that started it.

use super::{int, secs, Store};
use rusqlite::{params, OptionalExtension};

/// What a challenge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The second step of a login.
    Login,
    /// Confirming an SMS enrolment.
    Enroll,
    /// A fresh verification inside a signed-in session (for a proof).
    StepUp,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Enroll => "enroll",
            Self::StepUp => "step_up",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "login" => Self::Login,
            "enroll" => Self::Enroll,
            _ => Self::StepUp,
        }
    }
}

/// A stored challenge.
#[derive(Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Id.
    pub id: String,
    /// The session it is bound to (ASVS 5.0 6.6.2, docs/security.md A9).
    pub session_id: String,
    /// The user.
    pub user_id: String,
    /// The factor it verifies.
    pub factor_id: String,
    /// What it is for.
    pub purpose: Purpose,
    /// SMS: the keyed hash of the code.
    pub code_hash: Option<Vec<u8>>,
    /// SMS: when the code was last sent.
    pub sent_at: Option<u64>,
    /// When it expires.
    pub expires_at: u64,
    /// Already used.
    pub used: bool,
}

impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Challenge")
            .field("id", &self.id)
            .field("purpose", &self.purpose)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A challenge to create.
pub struct NewChallenge<'a> {
    /// Id.
    pub id: &'a str,
    /// Bound session.
    pub session_id: &'a str,
    /// User.
    pub user_id: &'a str,
    /// Factor.
    pub factor_id: &'a str,
    /// Purpose.
    pub purpose: Purpose,
    /// SMS code hash.
    pub code_hash: Option<&'a [u8]>,
    /// Now.
    pub now: u64,
    /// Expiry.
    pub expires_at: u64,
}

impl Store {
    /// Creates a challenge.
    pub fn create_challenge(&self, c: &NewChallenge<'_>) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO challenges (id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.id, c.session_id, c.user_id, c.factor_id, c.purpose.as_str(), c.code_hash, c.code_hash.map(|_| int(c.now)), int(c.expires_at)],
        )?;
        Ok(())
    }

    /// A challenge by id.
    pub fn challenge(&self, id: &str) -> rusqlite::Result<Option<Challenge>> {
        self.conn()
            .query_row("SELECT id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at, used_at FROM challenges WHERE id = ?1", [id], |r| {
                let purpose: String = r.get(4)?;
                Ok(Challenge {
                    id: r.get(0)?,
                    session_id: r.get(1)?,
                    user_id: r.get(2)?,
                    factor_id: r.get(3)?,
                    purpose: Purpose::parse(&purpose),
                    code_hash: r.get(5)?,
                    sent_at: r.get::<_, Option<i64>>(6)?.map(secs),
                    expires_at: secs(r.get(7)?),
                    used: r.get::<_, Option<i64>>(8)?.is_some(),
                })
            })
            .optional()
    }

    /// Uses a challenge: one atomic update that only an unused, unexpired challenge passes
    /// (single use: NIST SP 800-63B 5.1.3.2 "accept a given authentication secret only once";
    /// ASVS 4.0.3 2.7.3). Returns whether this request won.
    pub fn consume_challenge(&self, id: &str, now: u64) -> rusqlite::Result<bool> {
        let changed = self.conn().execute("UPDATE challenges SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2", params![id, int(now)])?;
        Ok(changed == 1)
    }

    /// Replaces an SMS challenge's code (the old one stops working, docs/security.md A9) if the
    /// cooldown since the last send has passed. `Err(seconds)` is the wait left.
    pub fn replace_sms_code(
        &self,
        id: &str,
        code_hash: &[u8],
        now: u64,
        expires_at: u64,
        cooldown: u64,
    ) -> rusqlite::Result<Result<(), u64>> {
        let conn = self.conn();
        let changed = conn.execute(
            "UPDATE challenges SET code_hash = ?2, sent_at = ?3, expires_at = ?4 WHERE id = ?1 AND used_at IS NULL AND code_hash IS NOT NULL AND sent_at <= ?5",
            params![id, code_hash, int(now), int(expires_at), int(now.saturating_sub(cooldown))],
        )?;
        if changed == 1 {
            return Ok(Ok(()));
        }
        let sent: Option<i64> = conn
            .query_row("SELECT sent_at FROM challenges WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        Ok(Err(sent
            .map_or(cooldown, |s| (secs(s) + cooldown).saturating_sub(now))
            .max(1)))
    }
}
