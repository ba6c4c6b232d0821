//! `setOrgPolicy`, `resetMemberMfa`: admin only, with the admin's password re-entered.

use super::{email_input, password_input};
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ClientIp};
use crate::security::session::Session;
use crate::state::AppState;
use crate::store::AttemptKind;
use crate::verify;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use std::net::IpAddr;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_org_policy))
        .routes(routes!(reset_member_mfa))
}

/// A signed-in admin who just re-entered the password (ASVS 5.0 7.5.1: full re-authentication
/// before changes that affect authentication). Wrong passwords count like login failures.
async fn reauthenticated_admin(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    password: &str,
) -> AppResult<()> {
    session.require_authenticated()?;
    if session.user.role != Role::Admin {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only an admin may do this",
        ));
    }
    let password = password_input("password", password)?.to_owned();
    let hash = session.user.password_hash.clone();
    verify::attempt(
        state,
        &session.user.id,
        AttemptKind::Password,
        ip,
        async move {
            Ok(verify::password_matches(hash, password)
                .await?
                .then_some(()))
        },
    )
    .await
}

/// Requires 2FA for the whole organisation, or turns SSO on or off.
#[utoipa::path(put, path = "/admin/org-policy", operation_id = "setOrgPolicy", tag = "admin",
    request_body = SetOrgPolicyRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "The new policy", body = OrgPolicy),
        (status = 400, description = "invalid_input", body = ApiError),
        (status = 401, description = "invalid_credentials or unauthorized", body = ApiError),
        (status = 403, description = "forbidden (not an admin, CSRF), mfa_required or enrollment_required", body = ApiError),
        (status = 413, description = "payload_too_large", body = ApiError),
        (status = 415, description = "invalid_input (not JSON)", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn set_org_policy(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<SetOrgPolicyRequest>,
) -> AppResult<Json<OrgPolicy>> {
    reauthenticated_admin(&state, &session, ip, &req.password).await?;
    let org = state
        .store
        .set_org_policy(&session.org.id, req.require_mfa, req.sso)?
        .ok_or_else(AppError::internal)?;
    tracing::info!(admin = %session.user.id, org = %org.id, require_mfa = org.require_mfa, sso = org.sso, "organisation policy changed");
    Ok(Json(OrgPolicy {
        id: org.id,
        name: org.name,
        require_mfa: org.require_mfa,
        sso: org.sso,
    }))
}

/// Resets a member's 2FA: factors and recovery codes are removed, the member's sessions end,
/// and the member enrols again at the next login. Members of other organisations are not found
/// (WSTG-ATHN-11, IDOR).
#[utoipa::path(post, path = "/admin/reset-member-mfa", operation_id = "resetMemberMfa", tag = "admin",
    request_body = ResetMemberMfaRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Reset", body = MemberMfaReset),
        (status = 400, description = "invalid_input", body = ApiError),
        (status = 401, description = "invalid_credentials or unauthorized", body = ApiError),
        (status = 403, description = "forbidden (not an admin, CSRF), mfa_required or enrollment_required", body = ApiError),
        (status = 404, description = "not_found: no such member in the organisation", body = ApiError),
        (status = 413, description = "payload_too_large", body = ApiError),
        (status = 415, description = "invalid_input (not JSON)", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn reset_member_mfa(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<ResetMemberMfaRequest>,
) -> AppResult<Json<MemberMfaReset>> {
    let email = email_input("memberEmail", &req.member_email)?;
    reauthenticated_admin(&state, &session, ip, &req.password).await?;
    let member = state
        .store
        .member_by_email(&session.org.id, &email)?
        .ok_or_else(|| AppError::not_found("no such member in this organisation"))?;
    let removed = state.store.reset_mfa(&member.id, None)?;
    tracing::info!(admin = %session.user.id, member = %member.id, removed, "member 2FA reset by an admin");
    Ok(Json(MemberMfaReset {
        user_id: member.id,
        factors_removed: removed,
    }))
}
