//! Verifying second factors: TOTP, SMS and recovery codes, each inside the attempt guard that
//! applies the per-IP and per-account limits. The routes call only these functions.

use crate::crypto::{self, recovery};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{AttemptKind, Challenge, FactorRow, Reservation};
use mfa_core::totp::{Algorithm, Totp};
use mfa_core::validate::RecoveryFormat;
use mfa_wire::ErrorCode;
use std::future::Future;
use std::net::IpAddr;
use subtle::ConstantTimeEq;

/// TOTP parameters (RFC 6238 defaults, the only ones every app supports): SHA1, 6 digits, 30 s.
pub const DIGITS: u32 = 6;
/// The TOTP period.
pub const PERIOD: u64 = 30;
/// Steps accepted either side of now: 1 (RFC 6238 §5.2 "at most one time step").
pub const WINDOW: u32 = 1;
/// The secret size the server generates, and the least it accepts from a client: 20 bytes,
/// 160 bits (RFC 4226 R6 recommendation; RFC 6238 §5.1 "length of the HMAC output").
pub const SECRET_BYTES: usize = 20;

/// Checks that a one-time code is exactly six ASCII digits. The server accepts nothing else:
/// no spaces, no full-width or other Unicode digits (docs/security.md A8; the client normalises).
pub fn otp_digits<'a>(field: &str, code: &'a str) -> AppResult<&'a str> {
    let reason = if !code.bytes().all(|b| b.is_ascii_digit()) {
        "invalid_character"
    } else if code.len() < DIGITS as usize {
        if code.is_empty() {
            "empty"
        } else {
            "too_short"
        }
    } else if code.len() > DIGITS as usize {
        "too_long"
    } else {
        return Ok(code);
    };
    Err(AppError::input(
        field,
        reason,
        "a code is exactly 6 ASCII digits",
    ))
}

/// Runs one attempt of `kind` by `user_id` from `ip`: reserves it per IP and per account
/// before evaluating it, then settles. `check` returns `Some` on success. A success clears the
/// account's counter of that kind; a failure answers `invalid_code` with the attempts left, or
/// `locked_out` (429, `Retry-After`) when it used the last one (NIST SP 800-63B 5.2.2; RFC 4226
/// §7.3; ASVS 4.0.3 2.2.1).
pub async fn attempt<T, F>(
    state: &AppState,
    user_id: &str,
    kind: AttemptKind,
    ip: IpAddr,
    check: F,
) -> AppResult<T>
where
    F: Future<Output = AppResult<Option<T>>>,
{
    let policy = &state.policy;
    let now = state.clock.now();
    state.ip_limiter.reserve(ip, now).map_err(|wait| {
        AppError::rate_limited(wait, "too many failed attempts from this address")
    })?;
    let reservation = match state.store.reserve_attempt(
        user_id,
        kind,
        now,
        policy.max_failures,
        policy.lock_seconds,
    ) {
        Ok(r) => r,
        Err(e) => {
            state.ip_limiter.refund(ip);
            return Err(e.into());
        }
    };
    let (failures, locks_until) = match reservation {
        Reservation::Locked { until } => {
            state.ip_limiter.refund(ip);
            return Err(AppError::locked(until, now));
        }
        Reservation::Allowed {
            failures,
            locks_until,
        } => (failures, locks_until),
    };
    match check.await? {
        Some(value) => {
            state.ip_limiter.refund(ip);
            state.store.clear_attempts(user_id, kind)?;
            Ok(value)
        }
        None => {
            tracing::info!(user = user_id, ?kind, "failed authentication attempt");
            match (locks_until, kind) {
                (Some(until), _) => Err(AppError::locked(until, now)),
                (None, AttemptKind::Password) => Err(AppError::new(
                    ErrorCode::InvalidCredentials,
                    "the email or password is wrong",
                )),
                (None, AttemptKind::SecondFactor) => Err(AppError::invalid_code(
                    policy.max_failures.saturating_sub(failures),
                )),
            }
        }
    }
}

/// The TOTP of a factor (decrypting its secret).
fn totp_of(state: &AppState, factor: &FactorRow) -> AppResult<Totp> {
    let sealed = factor.secret_ct.as_deref().ok_or_else(AppError::internal)?;
    let key = state.key.open(&factor.id, sealed)?;
    Totp::from_key(key, Algorithm::Sha1, DIGITS, PERIOD).map_err(|_| AppError::internal())
}

/// Checks a TOTP code within ±1 step of the server clock and returns the matched step. For an
/// active factor the step must also be later than the last accepted one, recorded atomically
/// (replay protection, see `Store::advance_last_step`); a pending factor's step is recorded
/// when the enrolment is confirmed.
pub fn check_totp(state: &AppState, factor: &FactorRow, code: &str) -> AppResult<Option<i64>> {
    let totp = totp_of(state, factor)?;
    let now = state.clock.now();
    let Some(offset) = totp.verify(code, now, WINDOW) else {
        return Ok(None);
    };
    let step = i64::try_from(totp.step(now))
        .unwrap_or(i64::MAX)
        .saturating_add(offset);
    if factor.active && !state.store.advance_last_step(&factor.id, step)? {
        tracing::warn!(factor = %factor.id, "replayed TOTP code rejected"); // ASVS 4.0.3 2.8.5
        return Ok(None);
    }
    Ok(Some(step))
}

/// Checks an SMS code against its challenge in constant time and, if it matches, uses the
/// challenge up atomically (single use, even under concurrency). `consume` is false when the
/// caller consumes it in a larger transaction.
pub fn check_sms(
    state: &AppState,
    challenge: &Challenge,
    code: &str,
    consume: bool,
) -> AppResult<Option<()>> {
    let Some(stored) = challenge.code_hash.as_deref() else {
        return Ok(None);
    };
    let given = state.key.sms_code_hash(&challenge.id, code);
    if !bool::from(given.ct_eq(stored)) {
        return Ok(None);
    }
    if consume
        && !state
            .store
            .consume_challenge(&challenge.id, state.clock.now())?
    {
        return Ok(None);
    }
    Ok(Some(()))
}

/// A recovery code in canonical form, or `invalid_input` with the validator's reason.
pub fn recovery_input(field: &str, code: &str) -> AppResult<String> {
    mfa_core::validate::recovery_code(code, RecoveryFormat::default()).map_err(|reason| {
        AppError::input(
            field,
            reason.as_str(),
            "a recovery code is 16 base32 characters, e.g. ABCD-EFGH-IJKL-MNOP",
        )
    })
}

/// Spends a recovery code of the user: hashes the input with each unused code's salt (off the
/// async threads), then spends the match atomically. Returns the codes left.
pub async fn check_recovery(
    state: &AppState,
    user_id: &str,
    canonical: String,
) -> AppResult<Option<u32>> {
    let codes = state.store.unused_recovery_codes(user_id)?;
    let iterations = state.policy.recovery_kdf_iterations;
    let matched = tokio::task::spawn_blocking(move || {
        // Every unused code is hashed, match or not, so the time does not depend on which matched.
        codes.iter().fold(None, |found, (id, stored)| {
            if recovery::matches(&canonical, stored, iterations) {
                Some(*id)
            } else {
                found
            }
        })
    })
    .await?;
    match matched {
        Some(id) => Ok(state
            .store
            .spend_recovery_code(user_id, id, state.clock.now())?),
        None => Ok(None),
    }
}

/// Generates a new set of recovery codes and their stored forms (KDF off the async threads).
pub async fn new_recovery_codes(
    state: &AppState,
) -> AppResult<(Vec<String>, Vec<recovery::Stored>)> {
    let iterations = state.policy.recovery_kdf_iterations;
    let codes = recovery::generate()?;
    let plain = codes.clone();
    let stored = tokio::task::spawn_blocking(move || {
        plain
            .iter()
            .map(|c| recovery::store(c, iterations))
            .collect::<Result<Vec<_>, _>>()
    })
    .await??;
    Ok((codes, stored))
}

/// Checks a password (Argon2id, off the async threads).
pub async fn password_matches(hash: String, password: String) -> AppResult<bool> {
    Ok(tokio::task::spawn_blocking(move || crypto::password::verify(&password, &hash)).await?)
}
