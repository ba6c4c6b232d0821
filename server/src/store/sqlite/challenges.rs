//! Challenges: one per sign-in, step-up or SMS enrolment, bound to the session that started it.

use super::{int, secs, Db};
use crate::store::model::{Challenge, NewChallenge, Purpose};
use rusqlite::{params, OptionalExtension};

fn purpose_str(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Login => "login",
        Purpose::Enroll => "enroll",
        Purpose::StepUp => "step_up",
    }
}

fn parse_purpose(text: &str) -> Purpose {
    match text {
        "login" => Purpose::Login,
        "enroll" => Purpose::Enroll,
        _ => Purpose::StepUp,
    }
}

impl Db {
    /// Creates a challenge.
    pub fn create_challenge(&mut self, c: &NewChallenge) -> rusqlite::Result<()> {
        insert_challenge(self.conn(), c)
    }

    /// A challenge by id.
    pub fn challenge(&mut self, id: &str) -> rusqlite::Result<Option<Challenge>> {
        self.conn()
            .query_row("SELECT id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at, used_at, ceremony FROM challenges WHERE id = ?1", [id], |r| {
                let purpose: String = r.get(4)?;
                Ok(Challenge {
                    id: r.get(0)?,
                    session_id: r.get(1)?,
                    user_id: r.get(2)?,
                    factor_id: r.get(3)?,
                    purpose: parse_purpose(&purpose),
                    code_hash: r.get(5)?,
                    sent_at: r.get::<_, Option<i64>>(6)?.map(secs),
                    expires_at: secs(r.get(7)?),
                    used: r.get::<_, Option<i64>>(8)?.is_some(),
                    ceremony: r.get(9)?,
                })
            })
            .optional()
    }

    /// Uses a challenge: one atomic update that only an unused, unexpired challenge passes
    /// (single use: NIST SP 800-63B 5.1.3.2 "accept a given authentication secret only once";
    /// ASVS 4.0.3 2.7.3). Returns whether this request won.
    pub fn consume_challenge(&mut self, id: &str, now: u64) -> rusqlite::Result<bool> {
        let changed = self.conn().execute("UPDATE challenges SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2", params![id, int(now)])?;
        Ok(changed == 1)
    }

    /// Replaces an SMS challenge's code (the old one stops working, docs/security.md K9) if the
    /// cooldown since the last send has passed. `Err(seconds)` is the wait left.
    pub fn replace_sms_code(
        &mut self,
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

/// Inserts a challenge on `conn` (also inside the transaction of `create_pending_factor`).
pub(super) fn insert_challenge(
    conn: &rusqlite::Connection,
    c: &NewChallenge,
) -> rusqlite::Result<()> {
    conn.execute(
            "INSERT INTO challenges (id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at, ceremony) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![c.id, c.session_id, c.user_id, c.factor_id, purpose_str(c.purpose), c.code_hash, c.code_hash.as_ref().map(|_| int(c.now)), int(c.expires_at), c.ceremony],
    )?;
    Ok(())
}
