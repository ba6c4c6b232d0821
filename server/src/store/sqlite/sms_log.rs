//! The SMS send log behind the hourly SMS budgets.

use super::{int, secs, Db};
use crate::store::model::{SmsLimits, SmsPurpose, SmsRefused, SmsSend};
use rusqlite::{params, ToSql, TransactionBehavior};

fn purpose_str(purpose: SmsPurpose) -> &'static str {
    match purpose {
        SmsPurpose::Enroll => "enroll",
        SmsPurpose::SignIn => "signin",
    }
}

impl Db {
    /// Records a send if every budget has room, atomically (one IMMEDIATE transaction: the
    /// counts and the insert happen under SQLite's write lock, so parallel sends cannot
    /// overshoot; a PostgreSQL engine needs the same isolation, e.g. a SERIALIZABLE transaction
    /// or an advisory lock). ASVS 5.0 2.4.1 and OWASP MFA Cheat Sheet: SMS costs money and can
    /// harass, so it is limited per user, per (user, number) and per number for enrolments,
    /// per (user, number) for sign-ins (enrolment sends by others never spend it), per source
    /// address and in total.
    pub fn record_sms_send(
        &mut self,
        send: &SmsSend,
        limits: SmsLimits,
    ) -> rusqlite::Result<Result<(), SmsRefused>> {
        let since = int(send.now.saturating_sub(limits.window));
        let tx = self
            .conn()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let purpose = purpose_str(send.purpose);
        let user_number = match send.purpose {
            SmsPurpose::Enroll => ("enroll_user_number", limits.enroll_per_user_number),
            SmsPurpose::SignIn => ("signin_number", limits.signin_per_user_number),
        };
        let enroll_number = match send.purpose {
            SmsPurpose::Enroll => limits.enroll_per_number,
            SmsPurpose::SignIn => u32::MAX,
        };
        let (user, phone, source) = (&send.user_id, &send.phone, &send.source);
        let budgets: [(&'static str, u32, &str, Vec<&dyn ToSql>); 5] = [
            ("user", limits.per_user, "user_id = ?2", vec![user]),
            (
                user_number.0,
                user_number.1,
                "user_id = ?2 AND phone = ?3 AND purpose = ?4",
                vec![user, phone, &purpose],
            ),
            (
                "enroll_number",
                enroll_number,
                "phone = ?2 AND purpose = 'enroll'",
                vec![phone],
            ),
            ("source", limits.per_source, "source = ?2", vec![source]),
            ("global", limits.global, "1 = 1", vec![]),
        ];
        let mut refused: Option<SmsRefused> = None;
        for (budget, limit, filter, values) in budgets {
            let mut bound: Vec<&dyn ToSql> = vec![&since];
            bound.extend(values);
            let (count, oldest): (u32, Option<i64>) = tx.query_row(
                &format!(
                    "SELECT count(*), min(sent_at) FROM sms_sends WHERE sent_at > ?1 AND {filter}"
                ),
                bound.as_slice(),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if count >= limit {
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
            "INSERT INTO sms_sends (user_id, phone, sent_at, purpose, source) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![send.user_id, send.phone, int(send.now), purpose, send.source],
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }
}
