//! `changeMethod`, `cancelMethodChange`: changing the method without a gap (issue 15).

use super::recovery::{check_proof, signed_in_with_factor, Proof};
use super::ENROLLABLE;
use crate::clock::rfc3339;
use crate::error::AppResult;
use crate::extract::ApiJson;
use crate::notify::{notify, Event};
use crate::security::session::{self, Session, SetCookie};
use crate::security::throttle::Caller;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_method))
        .routes(routes!(cancel_method_change))
}

/// Starts a change of method after re-verifying with the current factor or a recovery code. The
/// current factor and recovery codes keep working; this session may now enrol the new method
/// until `expiresAt`, and its confirmation swaps the factors and issues new recovery codes in
/// one transaction (issue 15: no gap). A newer change replaces this one.
#[utoipa::path(post, path = "/mfa/change", operation_id = "changeMethod", tag = "recovery",
    request_body = ChangeMethodRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "A change is pending; enrol the new method", body = MethodChangeStarted, headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, enrollment_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such SMS challenge", body = ApiError),
        (status = 409, description = "not_enrolled", body = ApiError),
        (status = 410, description = "challenge_expired", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn change_method(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ChangeMethodRequest>,
) -> AppResult<(SetCookie, Json<MethodChangeStarted>)> {
    signed_in_with_factor(&state, &session).await?;
    // OWASP MFA Cheat Sheet "Changing MFA Factors", NIST SP 800-63B 6.1.2.1: the proof is the
    // person's actual factor (or a recovery code), never the session alone.
    let proof = match &req.proof {
        ReverificationProof::Totp { code } => Proof::Totp(code),
        ReverificationProof::Sms { challenge_id, code } => Proof::Sms(challenge_id, code),
        ReverificationProof::RecoveryCode { code } => Proof::Recovery(code),
        ReverificationProof::Webauthn {
            challenge_id,
            credential,
        } => Proof::Webauthn(challenge_id, credential),
    };
    let used_recovery = check_proof(&state, &session, &caller, proof).await?;
    // ASVS 5.0 7.2.4: a new session token after a (re-)authentication.
    let (cookie, session_id) =
        session::rotate_to(&state, &session, SessionState::Authenticated).await?;
    let now = state.clock.now();
    let expires_at = now + state.policy.pending_ttl_seconds;
    state
        .store
        .start_method_change(&session.user.id, &session_id, now, expires_at)
        .await?;
    tracing::info!(user = %session.user.id, "method change started");
    if let Some(left) = used_recovery {
        let ip = Some(caller.addr.ip);
        notify(&state, &session.user, Event::RecoveryCodeUsed(left), ip).await;
    }
    Ok((
        cookie,
        Json(MethodChangeStarted {
            methods: ENROLLABLE.to_vec(),
            expires_at: rfc3339(expires_at),
        }),
    ))
}

/// Cancels this session's pending change of method: the pending enrolment is dropped and the
/// current factor and recovery codes stay as they were. Without a pending change, nothing
/// happens.
#[utoipa::path(post, path = "/mfa/change/cancel", operation_id = "cancelMethodChange", tag = "recovery",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "No change is pending any more"),
        (status = 403, description = "mfa_required, enrollment_required, sso_managed or forbidden", body = ApiError),
    ))]
pub async fn cancel_method_change(
    State(state): State<AppState>,
    session: Session,
) -> AppResult<StatusCode> {
    session.refuse_sso()?;
    session.require_authenticated()?;
    // Only the session that proved the factor holds the change (the SQL matches its id), so
    // another session can neither use nor cancel it; cancelling only keeps the current setup
    // (OWASP MFA Cheat Sheet "Changing MFA Factors").
    if state
        .store
        .cancel_method_change(&session.user.id, &session.id)
        .await?
    {
        tracing::info!(user = %session.user.id, "method change cancelled");
    }
    Ok(StatusCode::NO_CONTENT)
}
