//! `setOrgPolicy`, `resetMemberMfa`: admin only, with the admin's password re-entered.

use super::{check_password, email_input};
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::notify::{notify, Event};
use crate::security::session::Session;
use crate::security::throttle::Caller;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
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
    caller: &Caller,
    password: &str,
) -> AppResult<()> {
    session.require_authenticated()?;
    if session.user.role != Role::Admin {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only an admin may do this",
        ));
    }
    check_password(state, caller, &session.user, password).await
}

/// Requires 2FA for the whole organisation, or turns SSO on or off.
#[utoipa::path(put, path = "/admin/org-policy", operation_id = "setOrgPolicy", tag = "admin",
    request_body = SetOrgPolicyRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "The new policy", body = OrgPolicy),
        (status = 401, description = "invalid_credentials or unauthorized", body = ApiError),
        (status = 403, description = "forbidden (not an admin, CSRF), mfa_required or enrollment_required", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn set_org_policy(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<SetOrgPolicyRequest>,
) -> AppResult<Json<OrgPolicy>> {
    reauthenticated_admin(&state, &session, &caller, &req.password).await?;
    let org = state
        .store
        .set_org_policy(&session.org.id, req.require_mfa, req.sso)
        .await?
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
        (status = 401, description = "invalid_credentials or unauthorized", body = ApiError),
        (status = 403, description = "forbidden (not an admin, CSRF, or the admin's own account: use changeMethod), mfa_required or enrollment_required", body = ApiError),
        (status = 404, description = "not_found: no such member in the organisation", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn reset_member_mfa(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ResetMemberMfaRequest>,
) -> AppResult<Json<MemberMfaReset>> {
    let email = email_input("memberEmail", &req.member_email)?;
    if email == session.user.email {
        // An admin's own factors change only through changeMethod, which demands a fresh proof
        // with the factor itself (OWASP MFA Cheat Sheet "Changing MFA Factors"; issue 9 row 6).
        let mut err = AppError::new(
            ErrorCode::Forbidden,
            "reset your own second factor with changeMethod",
        );
        err.body.reason = Some("own_account".into());
        return Err(err);
    }
    reauthenticated_admin(&state, &session, &caller, &req.password).await?;
    let member = state
        .store
        .member_by_email(&session.org.id, &email)
        .await?
        .ok_or_else(|| AppError::not_found("no such member in this organisation"))?;
    let removed = state.store.reset_mfa(&member.id, None).await?;
    tracing::info!(admin = %session.user.id, member = %member.id, removed, "member 2FA reset by an admin");
    notify(&state, &member, Event::AdminReset, None).await;
    Ok(Json(MemberMfaReset {
        user_id: member.id,
        factors_removed: removed,
    }))
}
