//! `startChallenge`, `verifyChallenge`.

use super::sms_codes::{bound_challenge, deliver, prepare_code, sms_send};
use super::user_info;
use crate::clock::rfc3339;
use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::security::client::ClientAddr;
use crate::security::session::{self, Session, SetCookie};
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{NewChallenge, Purpose, SmsPurpose};
use crate::verify;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_challenge))
        .routes(routes!(verify_challenge))
}

fn signing_in_or_signed_in(session: &Session) -> AppResult<Purpose> {
    session.refuse_sso()?;
    match session.state {
        SessionState::MfaRequired => Ok(Purpose::Login),
        SessionState::Authenticated => Ok(Purpose::StepUp),
        SessionState::EnrollmentRequired => Err(AppError::new(
            ErrorCode::EnrollmentRequired,
            "enrol a second factor first",
        )),
    }
}

/// Starts a second-factor challenge bound to this session: at sign-in (after `login` answered
/// `mfa_required`) or, in a signed-in session, for a step-up proof. For SMS a code is sent.
#[utoipa::path(post, path = "/challenge", operation_id = "startChallenge", tag = "challenge",
    request_body = StartChallengeRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Challenge started", body = ChallengeStarted),
        (status = 403, description = "enrollment_required, sso_managed or forbidden", body = ApiError),
        (status = 409, description = "not_enrolled: the user has no factor of this method", body = ApiError),
        (status = 429, description = "rate_limited (SMS send limits)", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "unavailable: no SMS sender", body = ApiError),
    ))]
pub async fn start_challenge(
    State(state): State<AppState>,
    client: ClientAddr,
    session: Session,
    ApiJson(req): ApiJson<StartChallengeRequest>,
) -> AppResult<Json<ChallengeStarted>> {
    let purpose = signing_in_or_signed_in(&session)?;
    let factor = state
        .store
        .active_factors(&session.user.id)
        .await?
        .into_iter()
        .find(|f| f.method == req.method)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotEnrolled,
                "the user has no factor of this method",
            )
        })?;
    let now = state.clock.now();
    let id = crypto::random_id("chl")?;
    let mut challenge = NewChallenge {
        id: id.clone(),
        session_id: session.id.clone(),
        user_id: session.user.id.clone(),
        factor_id: factor.id.clone(),
        purpose,
        code_hash: None,
        ceremony: None,
        now,
        expires_at: now + state.policy.pending_ttl_seconds,
    };
    let mut public_key = None;
    if factor.method == MfaMethod::Webauthn {
        let passkeys: Vec<String> = state
            .store
            .webauthn_credentials(&session.user.id)
            .await?
            .into_iter()
            .filter(|c| c.factor_id == factor.id)
            .map(|c| c.passkey)
            .collect();
        let (options, ceremony) = state.webauthn.start_authentication(&passkeys)?;
        challenge.ceremony = Some(ceremony);
        public_key = Some(options);
    }
    let Some(phone) = factor
        .phone
        .as_deref()
        .filter(|_| factor.method == MfaMethod::Sms)
    else {
        let expires_at = challenge.expires_at;
        state.store.create_challenge(challenge).await?;
        return Ok(Json(ChallengeStarted {
            challenge_id: id.clone(),
            method: factor.method,
            expires_at: rfc3339(expires_at),
            phone_hint: None,
            resend_after_seconds: None,
            public_key,
        }));
    };
    let send = sms_send(&state, &session, phone, SmsPurpose::SignIn, client);
    let (code, hash, expires_at) = prepare_code(&state, send, &id).await?;
    challenge.code_hash = Some(hash);
    challenge.expires_at = expires_at;
    state.store.create_challenge(challenge).await?;
    deliver(&state, &session, phone, &code).await?;
    Ok(Json(ChallengeStarted {
        challenge_id: id.clone(),
        method: MfaMethod::Sms,
        expires_at: rfc3339(expires_at),
        phone_hint: Some(crate::sms::phone_hint(phone)),
        resend_after_seconds: Some(state.policy.sms_resend_cooldown_seconds),
        public_key: None,
    }))
}

/// Verifies a challenge's code. At sign-in the session becomes fully signed in, with a new
/// session token (ASVS 5.0 7.2.4).
#[utoipa::path(post, path = "/challenge/verify", operation_id = "verifyChallenge", tag = "challenge",
    request_body = VerifyChallengeRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, description = "Signed in", body = Authenticated, headers(("Set-Cookie" = String, description = "The rotated session cookie"))),
        (status = 400, description = "invalid_input (the code must be 6 ASCII digits; a WebAuthn challenge takes a `credential` instead)", body = ApiError),
        (status = 401, description = "invalid_code (a wrong code or a refused WebAuthn assertion; with attemptsRemaining) or unauthorized", body = ApiError),
        (status = 403, description = "enrollment_required, sso_managed or forbidden", body = ApiError),
        (status = 404, description = "not_found: no such challenge in this session", body = ApiError),
        (status = 410, description = "challenge_expired", body = ApiError),
        (status = 429, description = "locked_out or rate_limited", body = ApiError, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn verify_challenge(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    ApiJson(req): ApiJson<VerifyChallengeRequest>,
) -> AppResult<(SetCookie, Json<Authenticated>)> {
    signing_in_or_signed_in(&session)?;
    let challenge = bound_challenge(&state, &session, &req.challenge_id).await?;
    if challenge.purpose == Purpose::Enroll {
        return Err(AppError::not_found("no such challenge"));
    }
    let factor = state
        .store
        .factor(&session.user.id, &challenge.factor_id)
        .await?
        .filter(|f| f.active)
        .ok_or_else(AppError::challenge_expired)?;
    if factor.method == MfaMethod::Webauthn {
        let credential = answer(req.credential.as_ref(), "credential", &req.code, "code")?;
        // A refused assertion counts as a failed second-factor attempt, as a wrong code does.
        throttle::attempt(
            &state,
            caller.attempt(&state, Subject::Code(&session.user)),
            crate::webauthn::check_assertion(&state, &session.user.id, &challenge, credential),
        )
        .await?;
        return signed_in(&state, &session, factor.method).await;
    }
    let code = answer(req.code.as_deref(), "code", &req.credential, "credential")?;
    let code = verify::otp_digits("code", code)?;
    throttle::attempt(
        &state,
        caller.attempt(&state, Subject::Code(&session.user)),
        async {
            match factor.method {
                MfaMethod::Sms => verify::check_sms(&state, &challenge, code, true).await,
                MfaMethod::Webauthn => Ok(None),
                MfaMethod::Totp => {
                    // The step is recorded first (the atomic replay guard), then the challenge is used.
                    let step = verify::check_totp(&state, &factor, code).await?;
                    Ok(match step {
                        Some(_)
                            if state
                                .store
                                .consume_challenge(&challenge.id, state.clock.now())
                                .await? =>
                        {
                            Some(())
                        }
                        _ => None,
                    })
                }
            }
        },
    )
    .await?;
    signed_in(&state, &session, factor.method).await
}

/// The answer the challenge's method takes (`code`, or `credential` for WebAuthn), refusing the
/// other one (bad input gets a typed error, never a silent choice).
fn answer<'a, T: ?Sized, U>(
    given: Option<&'a T>,
    name: &str,
    other: &Option<U>,
    other_name: &str,
) -> AppResult<&'a T> {
    if other.is_some() {
        return Err(AppError::input(
            other_name,
            "unknown_field",
            "this challenge takes a code, or a credential for WebAuthn: not both",
        ));
    }
    given.ok_or_else(|| {
        AppError::input(
            name,
            "missing_field",
            "this challenge takes a code, or a credential for WebAuthn",
        )
    })
}

async fn signed_in(
    state: &AppState,
    session: &Session,
    method: MfaMethod,
) -> AppResult<(SetCookie, Json<Authenticated>)> {
    let cookie = session::rotate(state, session, SessionState::Authenticated).await?;
    tracing::info!(user = %session.user.id, method = ?method, "second factor verified");
    Ok((
        cookie,
        Json(Authenticated {
            user: user_info(session),
        }),
    ))
}
