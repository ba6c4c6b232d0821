//! Challenges: one per sign-in, step-up or SMS enrolment, bound to the session that started it.

use super::{int, secs, Pg};
use crate::store::model::{Challenge, NewChallenge, Purpose};
use crate::store::StoreResult;

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

impl Pg {
    /// Creates a challenge.
    pub async fn create_challenge(&self, c: &NewChallenge) -> StoreResult<()> {
        insert_challenge(&self.client().await?, c).await
    }

    /// A challenge by id.
    pub async fn challenge(&self, id: &str) -> StoreResult<Option<Challenge>> {
        let row = self
            .query_opt(
                "SELECT id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at, used_at, ceremony FROM challenges WHERE id = $1::TEXT",
                &[&id],
            )
            .await?;
        Ok(row.map(|r| Challenge {
            id: r.get(0),
            session_id: r.get(1),
            user_id: r.get(2),
            factor_id: r.get(3),
            purpose: parse_purpose(r.get(4)),
            code_hash: r.get(5),
            sent_at: r.get::<_, Option<i64>>(6).map(secs),
            expires_at: secs(r.get(7)),
            used: r.get::<_, Option<i64>>(8).is_some(),
            ceremony: r.get(9),
        }))
    }

    /// Uses a challenge: one conditional `UPDATE` that only an unused, unexpired challenge
    /// passes (NIST SP 800-63B 5.1.3.2; ASVS 4.0.3 2.7.3); concurrent uses from any instance
    /// queue on the row, and only the first finds it unused. Whether this request won.
    pub async fn consume_challenge(&self, id: &str, now: u64) -> StoreResult<bool> {
        let changed = self
            .execute(
                "UPDATE challenges SET used_at = $2::BIGINT WHERE id = $1::TEXT AND used_at IS NULL AND expires_at > $2::BIGINT",
                &[&id, &int(now)],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Replaces an SMS challenge's code after the cooldown (one conditional `UPDATE`: of two
    /// parallel resends only one passes the cooldown). `Err(seconds)` is the wait left.
    pub async fn replace_sms_code(
        &self,
        id: &str,
        code_hash: &[u8],
        now: u64,
        expires_at: u64,
        cooldown: u64,
    ) -> StoreResult<Result<(), u64>> {
        let changed = self
            .execute(
                "UPDATE challenges SET code_hash = $2::BYTEA, sent_at = $3::BIGINT, expires_at = $4::BIGINT
                 WHERE id = $1::TEXT AND used_at IS NULL AND code_hash IS NOT NULL AND sent_at <= $5::BIGINT",
                &[&id, &code_hash, &int(now), &int(expires_at), &int(now.saturating_sub(cooldown))],
            )
            .await?;
        if changed == 1 {
            return Ok(Ok(()));
        }
        let sent = self
            .query_opt("SELECT sent_at FROM challenges WHERE id = $1::TEXT", &[&id])
            .await?
            .and_then(|r| r.get::<_, Option<i64>>(0));
        Ok(Err(sent
            .map_or(cooldown, |s| (secs(s) + cooldown).saturating_sub(now))
            .max(1)))
    }
}

/// Inserts a challenge on a pooled connection, or inside the transaction of
/// `create_pending_factor` (one statement: no transaction of its own).
pub(super) async fn insert_challenge(
    client: &impl deadpool_postgres::GenericClient,
    c: &NewChallenge,
) -> StoreResult<()> {
    let sent_at = c.code_hash.as_ref().map(|_| int(c.now));
    client.execute(
        "INSERT INTO challenges (id, session_id, user_id, factor_id, purpose, code_hash, sent_at, expires_at, ceremony)
         VALUES ($1::TEXT, $2::TEXT, $3::TEXT, $4::TEXT, $5::TEXT, $6::BYTEA, $7::BIGINT, $8::BIGINT, $9::TEXT)",
        &[&c.id, &c.session_id, &c.user_id, &c.factor_id, &purpose_str(c.purpose), &c.code_hash, &sent_at, &int(c.expires_at), &c.ceremony],
    )
    .await?;
    Ok(())
}
