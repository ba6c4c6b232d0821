//! `startWebAuthnEnrollment`, `confirmWebAuthnEnrollment`: registering a passkey or security
//! key (WebAuthn L3 §7.1) as the second factor.

use super::may_enroll;
use super::sms_codes::bound_challenge;
use crate::clock::rfc3339;
use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::security::session::{Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{FactorRow, NewChallenge, Purpose};
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_webauthn_enrollment))
        .routes(routes!(confirm_webauthn_enrollment))
}

/// Starts registering a passkey or security key: the creation options (user verification
/// required, attestation `none`, the user's credentials excluded) and a pending enrolment whose
/// ceremony state stays on the server, single use and expiring.
#[utoipa::path(post, path = "/enrollment/webauthn", operation_id = "startWebAuthnEnrollment", tag = "enrollment",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Pending enrolment; pass `publicKey` to createPasskey", body = WebAuthnEnrollmentStarted),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
    ))]
pub async fn start_webauthn_enrollment(
    State(state): State<AppState>,
    session: Session,
) -> AppResult<Json<WebAuthnEnrollmentStarted>> {
    may_enroll(&state, &session).await?;
    let exclude = state
        .store
        .webauthn_credentials(&session.user.id)
        .await?
        .into_iter()
        .map(|c| c.cred_id)
        .collect();
    let (options, ceremony) =
        state
            .webauthn
            .start_registration(&session.user.id, &session.user.email, exclude)?;
    let now = state.clock.now();
    let expires_at = now + state.policy.pending_ttl_seconds;
    let factor_id = crypto::random_id("fac")?;
    let challenge_id = crypto::random_id("chl")?;
    let challenge = NewChallenge {
        id: challenge_id.clone(),
        session_id: session.id.clone(),
        user_id: session.user.id.clone(),
        factor_id: factor_id.clone(),
        purpose: Purpose::Enroll,
        code_hash: None,
        ceremony: Some(ceremony),
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
                method: MfaMethod::Webauthn,
                active: false,
                secret_ct: None,
                phone: None,
                created_at: now,
                expires_at: Some(expires_at),
            },
            Some(&challenge),
        )
        .await?;
    Ok(Json(WebAuthnEnrollmentStarted {
        enrollment_id: challenge_id,
        expires_at: rfc3339(expires_at),
        public_key: options,
    }))
}

/// Confirms the registration with the new credential. Answers the recovery codes, once
/// (`Cache-Control: no-store`); the session is rotated and fully signed in, and the user's
/// other sessions end.
#[utoipa::path(post, path = "/enrollment/webauthn/confirm", operation_id = "confirmWebAuthnEnrollment", tag = "enrollment",
    request_body = ConfirmWebAuthnEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Enrolled; shows the recovery codes once", body = EnrollmentConfirmed,
            headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 401, description = "invalid_code (the credential was refused, with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such pending enrolment", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled, or the credential is registered already", body = ApiError),
        (status = 410, description = "challenge_expired: the enrolment expired or was used", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn confirm_webauthn_enrollment(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ConfirmWebAuthnEnrollmentRequest>,
) -> AppResult<(SetCookie, Json<EnrollmentConfirmed>)> {
    may_enroll(&state, &session).await?;
    let challenge = bound_challenge(&state, &session, &req.enrollment_id).await?;
    let ceremony = challenge
        .ceremony
        .clone()
        .filter(|_| challenge.purpose == Purpose::Enroll)
        .ok_or_else(|| AppError::not_found("no such pending enrolment"))?;
    let factor = state
        .store
        .factor(&session.user.id, &challenge.factor_id)
        .await?
        .filter(|f| !f.active && f.method == MfaMethod::Webauthn)
        .ok_or_else(AppError::challenge_expired)?;
    // A refused credential counts as a failed second-factor attempt, as a wrong code does.
    let registered = throttle::attempt(
        &state,
        caller.attempt(&state, Subject::Code(&session.user)),
        async {
            state
                .webauthn
                .finish_registration(&req.credential, &ceremony)
        },
    )
    .await?;
    // The challenge is consumed inside the confirmation transaction (single use).
    super::totp::finish(
        &state,
        &session,
        &factor,
        Some(&challenge.id),
        None,
        &caller,
        Some(registered),
    )
    .await
}
