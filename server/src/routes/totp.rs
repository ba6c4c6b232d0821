//! `startTotpEnrollment`, `confirmTotpEnrollment`.

use super::{factor_info, may_enroll, user_info};
use crate::clock::rfc3339;
use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::notify::{notify, Event};
use crate::security::session::{self, Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{Confirmation, FactorRow, NewCredential};
use crate::verify::{self, DIGITS, PERIOD, SECRET_BYTES};
use axum::extract::State;
use axum::Json;
use mfa_core::totp::Algorithm;
use mfa_core::uri::KeyUri;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_totp_enrollment))
        .routes(routes!(confirm_totp_enrollment))
}

/// Starts a TOTP enrolment with a server-generated secret (160 bits from the CSPRNG, RFC 4226
/// R6, RFC 6238 §5.1) or a client-generated one of at least 160 bits. The secret is stored
/// encrypted and returned once (`Cache-Control: no-store`); the enrolment stays pending until a
/// valid code confirms it.
#[utoipa::path(post, path = "/enrollment/totp", operation_id = "startTotpEnrollment", tag = "enrollment",
    request_body = StartTotpEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Pending enrolment; scan the URI", body = TotpEnrollmentStarted),
        (status = 400, description = "invalid_input (e.g. secret too short)", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
    ))]
pub async fn start_totp_enrollment(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<StartTotpEnrollmentRequest>,
) -> AppResult<Json<TotpEnrollmentStarted>> {
    may_enroll(&state, &session).await?;
    let secret = match &req.secret {
        Some(given) => {
            let key = mfa_core::secret::decode(given).map_err(|e| {
                AppError::input(
                    "secret",
                    e.code().as_str(),
                    "the secret must be base32 of at least 160 bits",
                )
            })?;
            if key.len() < SECRET_BYTES {
                return Err(AppError::input(
                    "secret",
                    "secret_too_short",
                    "the secret must be base32 of at least 160 bits",
                ));
            }
            if verify::degenerate_secret(&key) {
                return Err(AppError::input(
                    "secret",
                    mfa_core::Reason::WeakSecret.as_str(),
                    "the secret must be random (generate it with a CSPRNG)",
                ));
            }
            mfa_core::secret::normalize(given).map_err(|_| AppError::internal())?
        }
        None => mfa_core::secret::generate(SECRET_BYTES).map_err(|_| AppError::internal())?,
    };
    let key = mfa_core::secret::decode(&secret).map_err(|_| AppError::internal())?;
    let now = state.clock.now();
    let id = crypto::random_id("fac")?;
    let expires_at = now + state.policy.pending_ttl_seconds;
    state
        .store
        .create_pending_factor(
            &FactorRow {
                id: id.clone(),
                user_id: session.user.id.clone(),
                method: MfaMethod::Totp,
                active: false,
                secret_ct: Some(state.key.seal(&id, &key)?),
                phone: None,
                created_at: now,
                expires_at: Some(expires_at),
            },
            None,
        )
        .await?;
    let uri = mfa_core::uri::build(&KeyUri {
        secret: secret.clone(),
        issuer: Some(session.org.name.clone()),
        account: session.user.email.clone(),
        algorithm: Algorithm::Sha1,
        digits: DIGITS as u8,
        period: PERIOD as u32,
    })
    .map_err(|_| AppError::internal())?;
    Ok(Json(TotpEnrollmentStarted {
        enrollment_id: id,
        secret,
        otpauth_uri: uri,
        algorithm: "SHA1".into(),
        digits: DIGITS as u8,
        period: PERIOD as u32,
        expires_at: rfc3339(expires_at),
    }))
}

/// Confirms a TOTP enrolment with a current code. Answers the recovery codes, once
/// (`Cache-Control: no-store`); the session is rotated and fully signed in, and the user's
/// other sessions end.
#[utoipa::path(post, path = "/enrollment/totp/confirm", operation_id = "confirmTotpEnrollment", tag = "enrollment",
    request_body = ConfirmTotpEnrollmentRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Enrolled; shows the recovery codes once", body = EnrollmentConfirmed,
            headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 401, description = "invalid_code (with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "mfa_required, reauthentication_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such pending enrolment", body = ApiError),
        (status = 409, description = "conflict: a factor is already enrolled", body = ApiError),
        (status = 410, description = "challenge_expired: the enrolment expired", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: too many password or code hashes at once, or the database is busy", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn confirm_totp_enrollment(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<ConfirmTotpEnrollmentRequest>,
) -> AppResult<(SetCookie, Json<EnrollmentConfirmed>)> {
    may_enroll(&state, &session).await?;
    let factor = state
        .store
        .factor(&session.user.id, &req.enrollment_id)
        .await?
        .filter(|f| !f.active && f.method == MfaMethod::Totp)
        .ok_or_else(|| AppError::not_found("no such pending enrolment"))?;
    if factor.expires_at.is_none_or(|t| t <= state.clock.now()) {
        return Err(AppError::challenge_expired());
    }
    let code = verify::otp_digits("code", &req.code)?;
    let step = throttle::attempt(
        &state,
        caller.attempt(&state, Subject::Code(&session.user)),
        async { verify::check_totp(&state, &factor, code).await },
    )
    .await?;
    finish(&state, &session, &factor, None, Some(step), &caller, None).await
}

/// Completes an enrolment (TOTP, SMS or WebAuthn): recovery codes, activation, session rotation.
pub async fn finish(
    state: &AppState,
    session: &Session,
    factor: &FactorRow,
    challenge_id: Option<&str>,
    last_step: Option<i64>,
    caller: &Caller,
    credential: Option<NewCredential>,
) -> AppResult<(SetCookie, Json<EnrollmentConfirmed>)> {
    let (codes, stored) = verify::new_recovery_codes(state).await?;
    let (new_id, token, expires, max_age) = session::new_token(state, SessionState::Authenticated)?;
    let now = state.clock.now();
    let outcome = state
        .store
        .confirm_enrollment(Confirmation {
            user_id: session.user.id.clone(),
            factor_id: factor.id.clone(),
            challenge_id: challenge_id.map(str::to_owned),
            last_step,
            credential,
            recovery: stored,
            old_session_id: session.id.clone(),
            new_session_id: new_id,
            new_token_hash: crypto::token_hash(&token),
            now,
            session_expires_at: expires,
        })
        .await?;
    let replaced = match outcome {
        crate::store::Confirmed::Yes { replaced } => replaced,
        crate::store::Confirmed::Expired => return Err(AppError::challenge_expired()),
        crate::store::Confirmed::CredentialTaken => {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "this passkey or security key is registered already",
            ))
        }
        crate::store::Confirmed::AlreadyEnrolled => {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "a second factor is already enrolled",
            ))
        }
    };
    tracing::info!(user = %session.user.id, method = ?factor.method, replaced, "second factor enrolled");
    // ASVS 4.0.3 2.5.5: the owner is told when the factor is replaced (at the swap, not before).
    let event = if replaced > 0 {
        Event::MethodChanged
    } else {
        Event::FactorEnrolled(factor.method)
    };
    notify(state, &session.user, event, Some(caller.addr.ip)).await;
    let confirmed = FactorRow {
        active: true,
        created_at: now,
        expires_at: None,
        ..factor.clone()
    };
    Ok((
        SetCookie(state.cookie.set(&token, max_age)),
        Json(EnrollmentConfirmed {
            factor: factor_info(&confirmed),
            recovery_codes: codes,
            user: user_info(session),
        }),
    ))
}
