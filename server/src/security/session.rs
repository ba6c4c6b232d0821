//! Session cookies and the extractor that turns a cookie into the signed-in user.
//!
//! The cookie is `HttpOnly` (no script can read it), `SameSite=Lax`, `Path=/`, and `Secure`
//! with the `__Host-` prefix under HTTPS (ASVS 5.0 3.3.1-3.3.4). The token is 256 random bits;
//! the database keeps only its SHA-256.

use crate::crypto;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{Org, User};
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponseParts, ResponseParts};
use mfa_wire::{ErrorCode, SessionState};

/// Cookie settings.
#[derive(Debug, Clone)]
pub struct CookieSettings {
    /// `__Host-mfa_session` when secure, else `mfa_session`.
    pub name: &'static str,
    /// `__Host-mfa_device` when secure, else `mfa_device` (see `security::device`).
    pub device_name: &'static str,
    /// Add `Secure`.
    pub secure: bool,
}

impl CookieSettings {
    /// Settings for HTTPS (`secure`) or plain HTTP.
    pub fn new(secure: bool) -> Self {
        let (name, device_name) = if secure {
            ("__Host-mfa_session", "__Host-mfa_device")
        } else {
            ("mfa_session", "mfa_device")
        };
        Self {
            name,
            device_name,
            secure,
        }
    }

    /// A `Set-Cookie` value carrying the session `token` for `max_age` seconds (0 deletes it).
    pub fn set(&self, token: &str, max_age: u64) -> HeaderValue {
        self.set_named(self.name, token, max_age)
    }

    /// A `Set-Cookie` value for cookie `name`: HttpOnly, SameSite=Lax, Path=/, and Secure
    /// (with the `__Host-` prefix in its name) under HTTPS (ASVS 5.0 3.3.1-3.3.4).
    pub fn set_named(&self, name: &str, value: &str, max_age: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value =
            format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The session token from the request's cookies, if any.
    pub fn token(&self, headers: &HeaderMap) -> Option<String> {
        Self::get(headers, self.name)
    }

    /// The value of cookie `name` in the request, if any.
    pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.trim().to_owned())
    }
}

/// A `Set-Cookie` header to add to a response.
pub struct SetCookie(pub HeaderValue);

impl IntoResponseParts for SetCookie {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        res.headers_mut().append(SET_COOKIE, self.0);
        Ok(res)
    }
}

/// The request's valid session, its user and organisation. Extracting it answers
/// `unauthorized` when there is none.
#[derive(Debug, Clone)]
pub struct Session {
    /// Session id.
    pub id: String,
    /// What it may do.
    pub state: SessionState,
    /// The user.
    pub user: User,
    /// The organisation.
    pub org: Org,
    /// When the session's password was last checked.
    pub password_at: Option<u64>,
}

impl Session {
    /// The session of these headers, if valid.
    pub async fn from_headers(state: &AppState, headers: &HeaderMap) -> AppResult<Option<Self>> {
        let Some(token) = state.cookie.token(headers) else {
            return Ok(None);
        };
        let found = state
            .store
            .session_by_token(&crypto::token_hash(&token), state.clock.now())
            .await?;
        Ok(found.map(|(row, user, org)| Self {
            id: row.id,
            state: row.state,
            user,
            org,
            password_at: row.password_at,
        }))
    }

    /// Refuses sessions that are not fully signed in (docs/security.md K10: no step-2 bypass).
    pub fn require_authenticated(&self) -> AppResult<()> {
        match self.state {
            SessionState::Authenticated => Ok(()),
            SessionState::MfaRequired => Err(AppError::new(
                ErrorCode::MfaRequired,
                "complete the second-factor challenge first",
            )),
            SessionState::EnrollmentRequired => Err(AppError::new(
                ErrorCode::EnrollmentRequired,
                "enrol a second factor first",
            )),
        }
    }

    /// Refuses unless the password was checked in this session within
    /// [`crate::Policy::reauth_seconds`]: binding a first factor needs a recent password (ASVS
    /// 5.0 7.5.1; NIST SP 800-63B 6.1.2.1), so a stolen cookie of a session without a factor
    /// cannot bind the thief's authenticator and collect the recovery codes.
    pub fn require_fresh_password(&self, state: &AppState) -> AppResult<()> {
        let now = state.clock.now();
        match self.password_at {
            Some(at) if now.saturating_sub(at) <= state.policy.reauth_seconds => Ok(()),
            _ => Err(AppError::new(
                ErrorCode::ReauthenticationRequired,
                "enter your password again (reauthenticate) to set up a second factor",
            )),
        }
    }

    /// Refuses every enrolment and challenge operation in an SSO organisation: its identity
    /// provider handles MFA (docs/security.md K15).
    pub fn refuse_sso(&self) -> AppResult<()> {
        if self.org.sso {
            return Err(AppError::sso_managed());
        }
        Ok(())
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Self::from_headers(state, &parts.headers)
            .await?
            .ok_or_else(AppError::unauthorized)
    }
}

/// Starts a new session for `user_id` and returns its cookie. Every successful login and every
/// completed second factor gets a new token (ASVS 5.0 7.2.4; session fixation).
pub async fn start(
    state: &AppState,
    user_id: &str,
    session_state: SessionState,
) -> AppResult<(String, SetCookie)> {
    let (id, token, expires, max_age) = new_token(state, session_state)?;
    state
        .store
        .create_session(
            &id,
            user_id,
            session_state,
            &crypto::token_hash(&token),
            state.clock.now(),
            expires,
        )
        .await?;
    Ok((id, SetCookie(state.cookie.set(&token, max_age))))
}

/// Replaces `session` by a new one in `session_state` and returns the new cookie.
pub async fn rotate(
    state: &AppState,
    session: &Session,
    session_state: SessionState,
) -> AppResult<SetCookie> {
    rotate_to(state, session, session_state)
        .await
        .map(|(cookie, _)| cookie)
}

/// [`rotate`], answering the new session's id too.
pub async fn rotate_to(
    state: &AppState,
    session: &Session,
    session_state: SessionState,
) -> AppResult<(SetCookie, String)> {
    let (id, token, expires, max_age) = new_token(state, session_state)?;
    if !state
        .store
        .rotate_session(
            &session.id,
            &id,
            session_state,
            &crypto::token_hash(&token),
            state.clock.now(),
            expires,
        )
        .await?
    {
        return Err(AppError::unauthorized());
    }
    Ok((SetCookie(state.cookie.set(&token, max_age)), id))
}

/// A fresh session id, token, expiry and cookie lifetime for a session in `session_state`.
pub fn new_token(
    state: &AppState,
    session_state: SessionState,
) -> AppResult<(String, String, u64, u64)> {
    let lifetime = match session_state {
        SessionState::Authenticated => state.policy.session_seconds,
        _ => state.policy.pending_session_seconds,
    };
    Ok((
        crypto::random_id("ses")?,
        crypto::session_token()?,
        state.clock.now() + lifetime,
        lifetime,
    ))
}
