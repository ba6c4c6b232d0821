//! The API routes, one module per concept. Paths are relative to `/api`.

pub mod admin;
pub mod auth;
pub mod challenge;
pub mod change;
pub mod dev;
pub mod recovery;
pub mod sms;
pub mod sms_codes;
pub mod totp;
pub mod webauthn;

use crate::clock::rfc3339;
use crate::error::{AppError, AppResult};
use crate::security::session::Session;
use crate::security::throttle::{self, Caller, Subject};
use crate::state::AppState;
use crate::store::{FactorRow, User};
use mfa_wire::{ErrorCode, Factor, MfaMethod, SessionState, UserInfo};
use utoipa_axum::router::OpenApiRouter;

/// The API: every module's operations, each handler with its `#[utoipa::path]` annotation,
/// which gives both its route (relative to `/api`) and its part of the OpenAPI document
/// (`crate::openapi`). A new operation is a handler and its `routes!` line in its module.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(dev::routes())
        .merge(auth::routes())
        .merge(totp::routes())
        .merge(sms::routes())
        .merge(webauthn::routes())
        .merge(challenge::routes())
        .merge(recovery::routes())
        .merge(change::routes())
        .merge(admin::routes())
}

/// The methods a user may enrol, TOTP first: SMS is a "restricted" authenticator and a stronger
/// alternative must be offered (NIST SP 800-63B 5.2.10; ASVS 5.0 6.6.1). WebAuthn comes last
/// only so that earlier clients' choices keep their positions.
pub const ENROLLABLE: [MfaMethod; 3] = [MfaMethod::Totp, MfaMethod::Sms, MfaMethod::Webauthn];

/// The wire form of a user.
pub fn user_info(session: &Session) -> UserInfo {
    UserInfo {
        id: session.user.id.clone(),
        email: session.user.email.clone(),
        role: session.user.role,
    }
}

/// The wire form of a confirmed factor.
pub fn factor_info(row: &FactorRow) -> Factor {
    Factor {
        id: row.id.clone(),
        method: row.method,
        created_at: rfc3339(row.created_at),
        phone_hint: row.phone.as_deref().map(crate::sms::phone_hint),
    }
}

/// Enrolment is for sessions that must enrol, or signed-in users without a factor, whose
/// password was checked in the last minutes; a user with a factor enrols only inside a pending
/// change started by `changeMethod` (ASVS 5.0 7.5.1: no second secret without re-verification; docs/security.md K11/K12).
pub async fn may_enroll(state: &AppState, session: &Session) -> AppResult<()> {
    session.refuse_sso()?;
    if session.state == SessionState::MfaRequired {
        return Err(AppError::new(
            ErrorCode::MfaRequired,
            "complete the second-factor challenge first",
        ));
    }
    if !state
        .store
        .active_factors(&session.user.id)
        .await?
        .is_empty()
    {
        // NIST SP 800-63B 6.1.2.1 (binding an authenticator needs authentication at the
        // current level): a user with a factor enrols another only in a session that proved
        // the current one (changeMethod) and whose change has not expired; that proof is the
        // re-authentication, so no password is asked again.
        let now = state.clock.now();
        if state
            .store
            .method_change(&session.user.id, &session.id, now)
            .await?
            .is_none()
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "a second factor is already enrolled; use changeMethod to replace it",
            ));
        }
        return Ok(());
    }
    session.require_fresh_password(state)
}

/// Checks the signed-in `user`'s password again (admin operations, re-authentication), inside
/// the same throttles as a login (a wrong one counts like a failed login).
pub async fn check_password(
    state: &AppState,
    caller: &Caller,
    user: &User,
    password: &str,
) -> AppResult<()> {
    let password = password_input("password", password)?.to_owned();
    let hash = user.password_hash.clone();
    let account = state.key.account_key(&user.email);
    let subject = Subject::Password {
        account: &account,
        user: Some(user),
    };
    throttle::attempt(state, caller.attempt(state, subject), async move {
        Ok(crate::verify::password_matches(state, hash, password)
            .await?
            .then_some(()))
    })
    .await
}

/// Lower-cased, trimmed email, or `invalid_input`.
pub fn email_input(field: &str, email: &str) -> AppResult<String> {
    let email = email.trim().to_ascii_lowercase();
    if email.is_empty() || email.len() > 254 {
        return Err(AppError::input(
            field,
            if email.is_empty() {
                "empty"
            } else {
                "too_long"
            },
            "the email address is not valid",
        ));
    }
    Ok(email)
}

/// A password within bounds, or `invalid_input`.
pub fn password_input<'a>(field: &str, password: &'a str) -> AppResult<&'a str> {
    if password.is_empty() {
        return Err(AppError::input(field, "empty", "the password is empty"));
    }
    if password.len() > crate::crypto::password::MAX_LEN {
        return Err(AppError::input(
            field,
            "too_long",
            "the password is too long",
        ));
    }
    Ok(password)
}

/// The OpenAPI description shared by the error answers.
pub const ERROR_DESCRIPTION: &str = "Error body; see `code`.";
