//! Sending SMS codes: the destination policy, the hourly budgets, delivery, and finding the
//! session's SMS challenge. Shared by enrolment, sign-in and step-up.

use crate::error::{AppError, AppResult};
use crate::security::client::ClientAddr;
use crate::security::session::Session;
use crate::state::AppState;
use crate::store::{Challenge, SmsPurpose, SmsSend};
use mfa_wire::ErrorCode;

/// The destination policy (`sms::destination`) as an `invalid_input` answer for `phoneNumber`.
pub fn allowed_destination(state: &AppState, phone: &str) -> AppResult<()> {
    let p = &state.policy;
    crate::sms::destination::check(phone, &p.sms_countries, state.dev).map_err(|refusal| {
        AppError::input(
            "phoneNumber",
            refusal.as_str(),
            "SMS codes cannot be sent to this number: use a mobile number of an allowed country",
        )
    })
}

/// Prepares a fresh code for challenge `challenge_id` to `phone` after the destination policy
/// (checked at every send, so a country removed from `--sms-countries` stops at once) and every
/// hourly SMS budget allow it. Returns the code, its hash and expiry for the caller to store
/// first; the message goes out after the caller stored them.
pub async fn prepare_code(
    state: &AppState,
    send: SmsSend,
    challenge_id: &str,
) -> AppResult<(String, Vec<u8>, u64)> {
    let p = &state.policy;
    let now = send.now;
    if !state.sms.available() {
        return Err(AppError::new(
            ErrorCode::Unavailable,
            "the SMS could not be sent",
        ));
    }
    if crate::sms::destination::check(&send.phone, &p.sms_countries, state.dev).is_err() {
        let mut err = AppError::new(
            ErrorCode::Forbidden,
            "SMS codes can no longer be sent to this number: use another method or a recovery code",
        );
        err.body.reason = Some("sms_destination".into());
        return Err(err);
    }
    let (user, source) = (send.user_id.clone(), send.source.clone());
    if let Err(refused) = state.store.record_sms_send(send, p.sms_limits()).await? {
        // The global cap is the bill's last line: reaching it may mean SMS pumping.
        if refused.budget == "global" {
            tracing::warn!(
                user,
                source,
                "hourly SMS cap reached: SMS are refused for everyone"
            );
        } else {
            tracing::info!(
                user,
                source,
                budget = refused.budget,
                "SMS budget exhausted"
            );
        }
        return Err(AppError::rate_limited(
            refused.wait,
            "too many SMS messages; try again later",
        ));
    }
    let code = crate::sms::random_code()?;
    let hash = state.key.sms_code_hash(challenge_id, &code);
    // NIST SP 800-63B 5.1.3.2 and ASVS 4.0.3 2.7.2: a code lives at most 10 minutes.
    Ok((code, hash, now + p.sms_ttl_seconds.min(600)))
}

/// The send record for a code to `phone` for the session's user.
pub fn sms_send(
    state: &AppState,
    session: &Session,
    phone: &str,
    purpose: SmsPurpose,
    client: ClientAddr,
) -> SmsSend {
    SmsSend {
        user_id: session.user.id.clone(),
        phone: phone.to_owned(),
        purpose,
        source: client.source(),
        now: state.clock.now(),
    }
}

/// Delivers a code. The code itself is never logged.
pub async fn deliver(
    state: &AppState,
    session: &Session,
    phone: &str,
    code: &str,
) -> AppResult<()> {
    let minutes = state.policy.sms_ttl_seconds.min(600).div_ceil(60);
    let body = crate::sms::message(&session.org.name, code, minutes, &state.webotp_host);
    state
        .sms
        .send(phone, &body)
        .await
        .map_err(|_| AppError::new(ErrorCode::Unavailable, "the SMS could not be sent"))
}

/// The session's SMS challenge `id`, or `not_found`; `challenge_expired` if used or expired.
pub async fn bound_challenge(
    state: &AppState,
    session: &Session,
    id: &str,
) -> AppResult<Challenge> {
    let challenge = state
        .store
        .challenge(id)
        .await?
        .filter(|c| c.session_id == session.id)
        .ok_or_else(|| AppError::not_found("no such challenge"))?;
    if challenge.used || challenge.expires_at <= state.clock.now() {
        return Err(AppError::challenge_expired());
    }
    Ok(challenge)
}
