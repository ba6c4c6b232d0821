//! `startSmsEnrollment`, `resendSms`, `confirmSmsEnrollment`.

use super::may_enroll;
use super::sms_codes::{allowed_destination, bound_challenge, deliver, prepare_code, sms_send};
use crate::clock::rfc3339;
use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::security::client::ClientAddr;
use crate::security::session::{Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{FactorRow, NewChallenge, Purpose, SmsPurpose};
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

/// Starts an SMS enrolment: validates the E.164 number, sends a code, and returns the
/// challenge that `confirmSmsEnrollment` completes.
#[utoipa::path(post, path = "/enrollment/sms", operation_id = "startSmsEnrollment", tag = "enrollment",
    request_body = StartSmsEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "A code was sent", body = SmsSent),
        (status = 400, description = "invalid_input (phoneNumber)", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
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
    let challenge = NewChallenge {
        id: challenge_id.clone(),
        session_id: session.id.clone(),
        user_id: session.user.id.clone(),
        factor_id: factor_id.clone(),
        purpose: Purpose::Enroll,
        code_hash: Some(hash),
        ceremony: None,
        now,
        expires_at,
    };
    // The factor and its challenge in one transaction: a concurrent enrolment of the same user
    // replaces both or neither (no challenge left pointing at a deleted factor).
    state
        .store
        .create_pending_factor(
            &FactorRow {
                id: factor_id.clone(),
                user_id: session.user.id.clone(),
                method: MfaMethod::Sms,
                active: false,
                secret_ct: None,
                phone: Some(phone.clone()),
                created_at: now,
                expires_at: Some(pending_until),
            },
            Some(&challenge),
        )
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
/// code stops working (OWASP WSTG-ATHN-11, ASVS 5.0 6.6.2; docs/security.md K9).
#[utoipa::path(post, path = "/sms/resend", operation_id = "resendSms", tag = "challenge",
    request_body = ResendSmsRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "A new code was sent", body = SmsSent),
        (status = 403, description = "sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such SMS challenge in this session", body = ApiError),
        (status = 410, description = "challenge_expired: already used", body = ApiError),
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
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such enrolment challenge in this session", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
        (status = 410, description = "challenge_expired", body = ApiError),
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
        None,
    )
    .await
}
