//! The SMS send log behind the per-user and per-number send limits.

use super::{int, secs, Db};
use rusqlite::params;

impl Db {
    /// Records a send if both limits allow it, in one atomic statement (ASVS 5.0 2.4.1 and
    /// OWASP MFA Cheat Sheet: SMS costs money and can harass, so limit per user and per
    /// number). `Err(seconds)` is how long until a send is allowed again.
    pub fn record_sms_send(
        &mut self,
        user_id: &str,
        phone: &str,
        now: u64,
        window: u64,
        per_user: u32,
        per_number: u32,
    ) -> rusqlite::Result<Result<(), u64>> {
        let conn = self.conn();
        let since = int(now.saturating_sub(window));
        let inserted = conn.execute(
            "INSERT INTO sms_sends (user_id, phone, sent_at) SELECT ?1, ?2, ?3
             WHERE (SELECT count(*) FROM sms_sends WHERE user_id = ?1 AND sent_at > ?4) < ?5
               AND (SELECT count(*) FROM sms_sends WHERE phone = ?2 AND sent_at > ?4) < ?6",
            params![user_id, phone, int(now), since, per_user, per_number],
        )?;
        if inserted == 1 {
            return Ok(Ok(()));
        }
        // The wait is until the oldest send in the window leaves it (for whichever limit bit).
        let oldest: Option<i64> = conn.query_row(
            "SELECT min(sent_at) FROM sms_sends WHERE (user_id = ?1 OR phone = ?2) AND sent_at > ?3",
            params![user_id, phone, since],
            |r| r.get(0),
        )?;
        Ok(Err(oldest
            .map_or(window, |t| (secs(t) + window).saturating_sub(now))
            .max(1)))
    }
}
