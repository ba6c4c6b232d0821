//! `recover`, `regenerateRecoveryCodes`, and step-up proofs (also for `changeMethod`, ./change.rs).

use super::sms_codes::bound_challenge;
use super::user_info;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::notify::{notify, Event};
use crate::security::session::{self, Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::Purpose;
use crate::verify;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recover))
        .routes(routes!(regenerate_recovery_codes))
}

/// Signs in with a recovery code instead of the second factor. Each code works once, even
/// when requests race. When the last one is used, the factors are removed and the user must
/// enrol again (now, or at the next login).
#[utoipa::path(post, path = "/recover", operation_id = "recover", tag = "recovery",
    request_body = RecoverRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Signed in", body = Recovered, headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "enrollment_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "conflict: already signed in", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn recover(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<RecoverRequest>,
) -> AppResult<(SetCookie, Json<Recovered>)> {
    session.refuse_sso()?;
    match session.state {
        SessionState::MfaRequired => {}
        SessionState::Authenticated => {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the session is already signed in",
            ))
        }
        SessionState::EnrollmentRequired => {
            return Err(AppError::new(
                ErrorCode::EnrollmentRequired,
                "enrol a second factor first",
            ))
        }
    }
    let code = verify::recovery_input("code", &req.code)?;
    let remaining = throttle::attempt(
        &state,
        caller.attempt(&state, Subject::Recovery(&session.user)),
        verify::check_recovery(&state, &session.user.id, code),
    )
    .await?;
    // ASVS 4.0.3 2.5.6 / WSTG-ATHN-11: recovery-code use is logged (no code in the log).
    tracing::info!(user = %session.user.id, remaining, "signed in with a recovery code");
    // WSTG-ATHN-11: the user is told when a recovery code is used.
    let event = Event::RecoveryCodeUsed(remaining);
    notify(&state, &session.user, event, Some(caller.addr.ip)).await;
    let enrollment_required = remaining == 0;
    if enrollment_required {
        state
            .store
            .reset_mfa(&session.user.id, Some(&session.id))
            .await?;
    }
    let cookie = session::rotate(&state, &session, SessionState::Authenticated).await?;
    Ok((
        cookie,
        Json(Recovered {
            user: user_info(&session),
            recovery_codes_remaining: remaining,
            enrollment_required,
        }),
    ))
}

/// A proof, whichever request carried it.
pub(super) enum Proof<'a> {
    Totp(&'a str),
    Sms(&'a str, &'a str),
    Recovery(&'a str),
    Webauthn(&'a str, &'a AuthenticationResponseJson),
}

/// Checks a fresh proof with the current factor or a recovery code, inside the attempt guard;
/// for a recovery code, returns the codes left
/// (OWASP MFA Cheat Sheet "Changing MFA Factors": re-authenticate with an existing factor, do not
/// rely on the session; ASVS 5.0 7.5.1; docs/security.md K11).
pub(super) async fn check_proof(
    state: &AppState,
    session: &Session,
    caller: &Caller,
    proof: Proof<'_>,
) -> AppResult<Option<u32>> {
    let factors = state.store.active_factors(&session.user.id).await?;
    let user = &session.user.id;
    let code_attempt = caller.attempt(state, Subject::Code(&session.user));
    let not_enrolled = || {
        AppError::new(
            ErrorCode::NotEnrolled,
            "the user has no factor of this method",
        )
    };
    match proof {
        Proof::Totp(code) => {
            let factor = factors
                .iter()
                .find(|f| f.method == MfaMethod::Totp)
                .ok_or_else(not_enrolled)?;
            let code = verify::otp_digits("proof.code", code)?;
            throttle::attempt(state, code_attempt, async {
                Ok(verify::check_totp(state, factor, code).await?.map(|_| None))
            })
            .await
        }
        Proof::Sms(challenge_id, code) => {
            let factor = factors
                .iter()
                .find(|f| f.method == MfaMethod::Sms)
                .ok_or_else(not_enrolled)?;
            let challenge = step_up(state, session, factor, challenge_id).await?;
            let code = verify::otp_digits("proof.code", code)?;
            throttle::attempt(state, code_attempt, async {
                Ok(verify::check_sms(state, &challenge, code, true)
                    .await?
                    .map(|()| None))
            })
            .await
        }
        Proof::Webauthn(challenge_id, credential) => {
            let factor = factors
                .iter()
                .find(|f| f.method == MfaMethod::Webauthn)
                .ok_or_else(not_enrolled)?;
            let challenge = step_up(state, session, factor, challenge_id).await?;
            // The assertion (WebAuthn L3 §7.2), single use like every challenge.
            throttle::attempt(state, code_attempt, async {
                Ok(
                    crate::webauthn::check_assertion(state, user, &challenge, credential)
                        .await?
                        .map(|()| None),
                )
            })
            .await
        }
        Proof::Recovery(code) => {
            let code = verify::recovery_input("proof.code", code)?;
            throttle::attempt(
                state,
                caller.attempt(state, Subject::Recovery(&session.user)),
                verify::check_recovery(state, user, code),
            )
            .await
            .map(Some)
        }
    }
}

/// The session's step-up challenge `id` for `factor`, or `not_found`.
async fn step_up(
    state: &AppState,
    session: &Session,
    factor: &crate::store::FactorRow,
    id: &str,
) -> AppResult<crate::store::Challenge> {
    let challenge = bound_challenge(state, session, id).await?;
    if challenge.purpose != Purpose::StepUp || challenge.factor_id != factor.id {
        return Err(AppError::not_found("no such challenge"));
    }
    Ok(challenge)
}

pub(super) async fn signed_in_with_factor(state: &AppState, session: &Session) -> AppResult<()> {
    session.refuse_sso()?;
    session.require_authenticated()?;
    if state
        .store
        .active_factors(&session.user.id)
        .await?
        .is_empty()
    {
        return Err(AppError::new(
            ErrorCode::NotEnrolled,
            "the user has no second factor",
        ));
    }
    Ok(())
}

/// Replaces the recovery codes after a fresh second-factor verification (TOTP, SMS or a passkey). The old
/// set stops working at once; the new one is shown once (`Cache-Control: no-store`).
#[utoipa::path(post, path = "/recovery-codes/regenerate", operation_id = "regenerateRecoveryCodes", tag = "recovery",
    request_body = RegenerateRecoveryCodesRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "The new codes, shown once", body = RecoveryCodes),
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, enrollment_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such SMS challenge", body = ApiError),
        (status = 409, description = "not_enrolled", body = ApiError),
        (status = 410, description = "challenge_expired", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn regenerate_recovery_codes(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<RegenerateRecoveryCodesRequest>,
) -> AppResult<Json<RecoveryCodes>> {
    signed_in_with_factor(&state, &session).await?;
    let proof = match &req.proof {
        SecondFactorProof::Totp { code } => Proof::Totp(code),
        SecondFactorProof::Sms { challenge_id, code } => Proof::Sms(challenge_id, code),
        SecondFactorProof::Webauthn {
            challenge_id,
            credential,
        } => Proof::Webauthn(challenge_id, credential),
    };
    check_proof(&state, &session, &caller, proof).await?;
    let (codes, stored) = verify::new_recovery_codes(&state).await?;
    state
        .store
        .regenerate_recovery_codes(&session.user.id, stored)
        .await?;
    tracing::info!(user = %session.user.id, "recovery codes regenerated");
    let event = Event::RecoveryCodesRegenerated;
    notify(&state, &session.user, event, Some(caller.addr.ip)).await;
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}
