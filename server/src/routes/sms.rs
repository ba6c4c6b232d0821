//! `startSmsEnrollment`, `resendSms`, `confirmSmsEnrollment`, and sending codes.

use super::may_enroll;
use crate::clock::rfc3339;
use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::security::client::ClientAddr;
use crate::security::session::{Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{Challenge, FactorRow, NewChallenge, Purpose, SmsPurpose, SmsSend};
use crate::verify;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_sms_enrollment))
        .routes(routes!(confirm_sms_enrollment))
        .routes(routes!(resend_sms))
}

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

/// Starts an SMS enrolment: validates the E.164 number, sends a code, and returns the
/// challenge that `confirmSmsEnrollment` completes.
#[utoipa::path(post, path = "/enrollment/sms", operation_id = "startSmsEnrollment", tag = "enrollment",
    request_body = StartSmsEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "A code was sent", body = SmsSent),
        (status = 400, description = "invalid_input (phoneNumber)", body = ApiError),
        (status = 401, description = "unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
        (status = 413, description = "payload_too_large", body = ApiError),
        (status = 415, description = "invalid_input (not JSON)", body = ApiError),
        (status = 429, description = "rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: no SMS sender", body = ApiError),
    ))]
pub async fn start_sms_enrollment(
    State(state): State<AppState>,
    client: ClientAddr,
    session: Session,
    ApiJson(req): ApiJson<StartSmsEnrollmentRequest>,
) -> AppResult<Json<SmsSent>> {
    may_enroll(&state, &session).await?;
    let phone = mfa_core::validate::phone_number(&req.phone_number).map_err(|r| {
        AppError::input(
            "phoneNumber",
            r.as_str(),
            "the number must be in E.164 form, e.g. +14155550132",
        )
    })?;
    allowed_destination(&state, &phone)?;
    let now = state.clock.now();
    let factor_id = crypto::random_id("fac")?;
    let challenge_id = crypto::random_id("chl")?;
    let (code, hash, expires_at) = prepare_code(
        &state,
        sms_send(&state, &session, &phone, SmsPurpose::Enroll, client),
        &challenge_id,
    )
    .await?;
    let pending_until = now + state.policy.pending_ttl_seconds;
    state
        .store
        .create_pending_factor(&FactorRow {
            id: factor_id.clone(),
            user_id: session.user.id.clone(),
            method: MfaMethod::Sms,
            active: false,
            secret_ct: None,
            phone: Some(phone.clone()),
            created_at: now,
            expires_at: Some(pending_until),
        })
        .await?;
    state
        .store
        .create_challenge(NewChallenge {
            id: challenge_id.clone(),
            session_id: session.id.clone(),
            user_id: session.user.id.clone(),
            factor_id,
            purpose: Purpose::Enroll,
            code_hash: Some(hash),
            now,
            expires_at,
        })
        .await?;
    deliver(&state, &session, &phone, &code).await?;
    Ok(Json(SmsSent {
        challenge_id,
        phone_hint: crate::sms::phone_hint(&phone),
        expires_at: rfc3339(expires_at),
        resend_after_seconds: state.policy.sms_resend_cooldown_seconds,
    }))
}

/// Sends a new code for an SMS challenge (enrolment or sign-in) after the cooldown. The old
/// code stops working (docs/security.md A9; OWASP MFA Cheat Sheet "overwrite the old record").
#[utoipa::path(post, path = "/sms/resend", operation_id = "resendSms", tag = "challenge",
    request_body = ResendSmsRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "A new code was sent", body = SmsSent),
        (status = 400, description = "invalid_input", body = ApiError),
        (status = 401, description = "unauthorized", body = ApiError),
        (status = 403, description = "sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such SMS challenge in this session", body = ApiError),
        (status = 410, description = "challenge_expired: already used", body = ApiError),
        (status = 413, description = "payload_too_large", body = ApiError),
        (status = 415, description = "invalid_input (not JSON)", body = ApiError),
        (status = 429, description = "rate_limited (cooldown or send limits)", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: no SMS sender", body = ApiError),
    ))]
pub async fn resend_sms(
    State(state): State<AppState>,
    client: ClientAddr,
    session: Session,
    ApiJson(req): ApiJson<ResendSmsRequest>,
) -> AppResult<Json<SmsSent>> {
    session.refuse_sso()?;
    let challenge = state
        .store
        .challenge(&req.challenge_id)
        .await?
        .filter(|c| c.session_id == session.id && c.code_hash.is_some())
        .ok_or_else(|| AppError::not_found("no such challenge"))?;
    if challenge.used {
        return Err(AppError::challenge_expired());
    }
    let now = state.clock.now();
    let cooldown = state.policy.sms_resend_cooldown_seconds;
    if let Some(sent) = challenge.sent_at.filter(|s| s + cooldown > now) {
        return Err(AppError::rate_limited(
            sent + cooldown - now,
            "wait before asking for another code",
        ));
    }
    let phone = state
        .store
        .factor(&session.user.id, &challenge.factor_id)
        .await?
        .and_then(|f| f.phone)
        .ok_or_else(|| AppError::not_found("no such challenge"))?;
    let purpose = match challenge.purpose {
        Purpose::Enroll => SmsPurpose::Enroll,
        Purpose::Login | Purpose::StepUp => SmsPurpose::SignIn,
    };
    let (code, hash, expires_at) = prepare_code(
        &state,
        sms_send(&state, &session, &phone, purpose, client),
        &challenge.id,
    )
    .await?;
    state
        .store
        .replace_sms_code(&challenge.id, &hash, now, expires_at, cooldown)
        .await?
        .map_err(|wait| AppError::rate_limited(wait, "wait before asking for another code"))?;
    deliver(&state, &session, &phone, &code).await?;
    Ok(Json(SmsSent {
        challenge_id: challenge.id,
        phone_hint: crate::sms::phone_hint(&phone),
        expires_at: rfc3339(expires_at),
        resend_after_seconds: cooldown,
    }))
}

/// Confirms an SMS enrolment with the code. Answers the recovery codes once; the session is
/// rotated and fully signed in, and the user's other sessions end.
#[utoipa::path(post, path = "/enrollment/sms/confirm", operation_id = "confirmSmsEnrollment", tag = "enrollment",
    request_body = ConfirmSmsEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Enrolled; shows the recovery codes once", body = EnrollmentConfirmed,
            headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 400, description = "invalid_input", body = ApiError),
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such enrolment challenge in this session", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
        (status = 410, description = "challenge_expired", body = ApiError),
        (status = 413, description = "payload_too_large", body = ApiError),
        (status = 415, description = "invalid_input (not JSON)", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn confirm_sms_enrollment(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ConfirmSmsEnrollmentRequest>,
) -> AppResult<(SetCookie, Json<EnrollmentConfirmed>)> {
    may_enroll(&state, &session).await?;
    let challenge = bound_challenge(&state, &session, &req.challenge_id).await?;
    if challenge.purpose != Purpose::Enroll {
        return Err(AppError::not_found("no such challenge"));
    }
    let factor = state
        .store
        .factor(&session.user.id, &challenge.factor_id)
        .await?
        .filter(|f| !f.active)
        .ok_or_else(AppError::challenge_expired)?;
    let code = verify::otp_digits("code", &req.code)?;
    // The challenge is consumed inside the confirmation transaction, which only one request wins.
    throttle::attempt(
        &state,
        caller.attempt(&state, Subject::Code(&session.user)),
        async { verify::check_sms(&state, &challenge, code, false).await },
    )
    .await?;
    super::totp::finish(
        &state,
        &session,
        &factor,
        Some(&challenge.id),
        None,
        &caller,
    )
    .await
}
