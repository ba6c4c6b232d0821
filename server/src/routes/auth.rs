//! `login`, `logout`, `getStatus`.

use super::{check_password, email_input, factor_info, password_input, user_info, ENROLLABLE};
use crate::clock::rfc3339;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::security::device;
use crate::security::session::{self, Session};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::verify;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(reauthenticate))
        .routes(routes!(get_status))
        .routes(routes!(list_factors))
}

/// Password login. The answer says what comes next; every answer but `sso_required` sets a
/// new session cookie (any session the request carried ends: no session fixation).
#[utoipa::path(post, path = "/login", operation_id = "login", tag = "session",
    request_body = LoginRequest,
    security(("csrf" = [])),
    responses(
        (status = 200, description = "Authenticated, or what must follow", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The session cookie (HttpOnly, SameSite=Lax)"))),
        (status = 401, description = "invalid_credentials", body = ApiError),
        (status = 403, description = "forbidden (CSRF)", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn login(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Response> {
    let email = email_input("email", &req.email)?;
    let password = password_input("password", &req.password)?.to_owned();
    if let Some(old) = Session::from_headers(&state, &headers).await? {
        state.store.delete_session(&old.id).await?;
    }
    // Known and unknown accounts take the same path: the same throttles (keyed by the email's
    // account key), the same Argon2 work (against a dummy hash), the same answers (ASVS 5.0
    // 6.3.8: valid users cannot be deduced from answers or their timing).
    let account = state.key.account_key(&email);
    let found = state.store.user_by_email(&email).await?;
    let hash = found.as_ref().map_or_else(
        || state.dummy_password_hash.clone(),
        |(user, _)| user.password_hash.clone(),
    );
    let subject = Subject::Password {
        account: &account,
        user: found.as_ref().map(|(user, _)| user),
    };
    let known = found.is_some();
    let gate = state.clone();
    throttle::attempt(&state, caller.attempt(&state, subject), async move {
        let matches = verify::password_matches(&gate, hash, password).await?;
        Ok((matches && known).then_some(()))
    })
    .await?;
    let Some((user, org)) = found else {
        return Err(AppError::internal()); // unreachable: an unknown account never matches
    };
    if org.sso {
        // The identity provider handles sign-in and MFA (docs/security.md K15); no local session.
        // Answered only after the password check, so it reveals nothing to a stranger.
        return Ok(Json(LoginResponse::SsoRequired(SsoRequired {
            organization: org.name,
            sign_in_url: state.sso_url.clone(),
        }))
        .into_response());
    }
    let device = device::issue(&state, &account)?;

    let factors = state.store.active_factors(&user.id).await?;
    let (session_state, body) = if !factors.is_empty() {
        (
            SessionState::MfaRequired,
            LoginResponse::MfaRequired(MfaRequired {
                methods: factors.iter().map(|f| f.method).collect(),
            }),
        )
    } else if org.require_mfa || user.must_enroll {
        (
            SessionState::EnrollmentRequired,
            LoginResponse::EnrollmentRequired(EnrollmentRequired {
                methods: ENROLLABLE.to_vec(),
            }),
        )
    } else {
        let info = UserInfo {
            id: user.id.clone(),
            email: user.email.clone(),
            role: user.role,
        };
        (
            SessionState::Authenticated,
            LoginResponse::Authenticated(Authenticated { user: info }),
        )
    };
    let (_, cookie) = session::start(&state, &user.id, session_state).await?;
    Ok((cookie, device, Json(body)).into_response())
}

/// Checks the signed-in user's password again, so the session may bind a first factor for the
/// next minutes (ASVS 5.0 7.5.1). Wrong passwords count like failed logins.
#[utoipa::path(post, path = "/reauthenticate", operation_id = "reauthenticate", tag = "session",
    request_body = ReauthenticateRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "The password is fresh until the time given", body = Reauthenticated),
        (status = 401, description = "invalid_credentials or unauthorized", body = ApiError),
        (status = 403, description = "forbidden (CSRF)", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password checks at once", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn reauthenticate(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ReauthenticateRequest>,
) -> AppResult<Json<Reauthenticated>> {
    check_password(&state, &caller, &session.user, &req.password).await?;
    let now = state.clock.now();
    state.store.mark_password(&session.id, now).await?;
    Ok(Json(Reauthenticated {
        fresh_until: rfc3339(now + state.policy.reauth_seconds),
    }))
}

/// Ends the session (if any) and clears the cookie.
#[utoipa::path(post, path = "/logout", operation_id = "logout", tag = "session",
    // The session is optional (OpenAPI: one requirement without it); the CSRF header is not.
    security(("csrf" = []), ("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Signed out", headers(("Set-Cookie" = String, description = "Clears the session cookie"))),
        (status = 403, description = "forbidden (CSRF)", body = ApiError),
    ))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(session) = Session::from_headers(&state, &headers).await? {
        state.store.delete_session(&session.id).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        session::SetCookie(state.cookie.set("", 0)),
        (),
    )
        .into_response())
}

/// The user's factors, recovery codes left, and the organisation's policy.
#[utoipa::path(get, path = "/status", operation_id = "getStatus", tag = "session",
    security(("session" = [])),
    responses(
        (status = 200, description = "The session's user", body = StatusResponse),
    ))]
pub async fn get_status(
    State(state): State<AppState>,
    session: Session,
) -> AppResult<Json<StatusResponse>> {
    let factors = state.store.active_factors(&session.user.id).await?;
    let enrollment_required = factors.is_empty()
        && (session.org.require_mfa || session.user.must_enroll)
        && !session.org.sso;
    Ok(Json(StatusResponse {
        user: user_info(&session),
        session: session.state,
        factors: factors.iter().map(factor_info).collect(),
        recovery_codes_remaining: state.store.recovery_remaining(&session.user.id).await?,
        enrollment_required,
        org: OrgPolicy {
            id: session.org.id.clone(),
            name: session.org.name.clone(),
            require_mfa: session.org.require_mfa,
            sso: session.org.sso,
        },
        // NIST SP 800-63B 5.2.2: the lock is the server's; telling the session owner (past the
        // password) when it ends reveals nothing the `locked_out` answer does not.
        codes_locked_until: state
            .store
            .codes_locked_until(&session.user.id, state.clock.now())
            .await?
            .map(rfc3339),
        // Only this session's change: another session's is not this page's to resume.
        method_change_until: state
            .store
            .method_change(&session.user.id, &session.id, state.clock.now())
            .await?
            .map(rfc3339),
    }))
}

/// The signed-in user's confirmed second factors (pending enrolments are not listed).
#[utoipa::path(get, path = "/factors", operation_id = "listFactors", tag = "session",
    security(("session" = [])),
    responses(
        (status = 200, description = "The confirmed factors", body = FactorList),
        (status = 403, description = "mfa_required or enrollment_required", body = ApiError),
    ))]
pub async fn list_factors(
    State(state): State<AppState>,
    session: Session,
) -> AppResult<Json<FactorList>> {
    session.require_authenticated()?;
    let factors = state.store.active_factors(&session.user.id).await?;
    Ok(Json(FactorList {
        factors: factors.iter().map(factor_info).collect(),
    }))
}
