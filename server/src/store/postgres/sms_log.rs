//! The SMS send log behind the hourly SMS budgets.

use super::{count, int, secs, Pg};
use crate::store::model::{SmsLimits, SmsPurpose, SmsRefused, SmsSend};
use crate::store::StoreResult;

/// The advisory lock every SMS send takes for its transaction.
const SMS_LOCK: i64 = 0x0073_6d73_5f6c_6f67;

impl Pg {
    /// Records a send if every budget has room (the SQLite engine's budgets: ASVS 5.0 2.4.1,
    /// OWASP MFA Cheat Sheet). The counts and the insert run under a transaction-scoped
    /// advisory lock, the PostgreSQL counterpart of SQLite's write lock: sends from every
    /// instance take turns, so parallel sends cannot overshoot a budget.
    pub async fn record_sms_send(
        &self,
        send: &SmsSend,
        limits: SmsLimits,
    ) -> StoreResult<Result<(), SmsRefused>> {
        let purpose = match send.purpose {
            SmsPurpose::Enroll => "enroll",
            SmsPurpose::SignIn => "signin",
        };
        let user_number = match send.purpose {
            SmsPurpose::Enroll => ("enroll_user_number", limits.enroll_per_user_number),
            SmsPurpose::SignIn => ("signin_number", limits.signin_per_user_number),
        };
        let enroll_number = match send.purpose {
            SmsPurpose::Enroll => limits.enroll_per_number,
            SmsPurpose::SignIn => u32::MAX,
        };
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1::BIGINT)", &[&SMS_LOCK])
            .await?;
        let counts = tx
            .query_one(
                "SELECT count(*) FILTER (WHERE user_id = $2::TEXT), min(sent_at) FILTER (WHERE user_id = $2::TEXT),
                        count(*) FILTER (WHERE user_id = $2::TEXT AND phone = $3::TEXT AND purpose = $4::TEXT),
                        min(sent_at) FILTER (WHERE user_id = $2::TEXT AND phone = $3::TEXT AND purpose = $4::TEXT),
                        count(*) FILTER (WHERE phone = $3::TEXT AND purpose = 'enroll'),
                        min(sent_at) FILTER (WHERE phone = $3::TEXT AND purpose = 'enroll'),
                        count(*) FILTER (WHERE source = $5::TEXT), min(sent_at) FILTER (WHERE source = $5::TEXT),
                        count(*), min(sent_at)
                 FROM sms_sends WHERE sent_at > $1::BIGINT",
                &[&int(send.now.saturating_sub(limits.window)), &send.user_id, &send.phone, &purpose, &send.source],
            )
            .await?;
        let budgets = [
            ("user", limits.per_user),
            user_number,
            ("enroll_number", enroll_number),
            ("source", limits.per_source),
            ("global", limits.global),
        ];
        let mut refused: Option<SmsRefused> = None;
        for (i, (budget, limit)) in budgets.into_iter().enumerate() {
            let (sent, oldest): (i64, Option<i64>) = (counts.get(2 * i), counts.get(2 * i + 1));
            if count(sent) >= limit {
                let wait = oldest
                    .map_or(limits.window, |t| {
                        (secs(t) + limits.window).saturating_sub(send.now)
                    })
                    .max(1);
                if refused.is_none_or(|r| wait > r.wait) {
                    refused = Some(SmsRefused { budget, wait });
                }
            }
        }
        if let Some(refused) = refused {
            return Ok(Err(refused));
        }
        tx.execute(
            "INSERT INTO sms_sends (user_id, phone, sent_at, purpose, source) VALUES ($1::TEXT, $2::TEXT, $3::BIGINT, $4::TEXT, $5::TEXT)",
            &[&send.user_id, &send.phone, &int(send.now), &purpose, &send.source],
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
