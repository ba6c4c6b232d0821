//! Verifying second factors: TOTP, SMS and recovery codes, and passwords. The routes run each
//! check inside the attempt guard (`security::throttle::attempt`).

use crate::crypto::{self, recovery};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{Challenge, FactorRow};
use mfa_core::totp::{Algorithm, Totp};
use mfa_core::validate::RecoveryFormat;
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

/// Whether a client-supplied TOTP key is evidently not random: fewer than 8 distinct byte
/// values (RFC 4226 R6 "strong shared secret"; RFC 6238 §5.1 keys "SHOULD be chosen at random
/// or using a cryptographically strong pseudorandom generator"). 20 bytes of zeros or a short
/// repeated pattern pass the length check but are guessable. 20 random bytes have about 19
/// distinct values; 7 or fewer happens with probability below 10^-18.
///
/// ```
/// assert!(mfa_server::verify::degenerate_secret(&[0u8; 20]));
/// assert!(mfa_server::verify::degenerate_secret(b"abababababababababab"));
/// assert!(!mfa_server::verify::degenerate_secret(b"12345678901234567890"));
/// ```
pub fn degenerate_secret(key: &[u8]) -> bool {
    let mut seen = [false; 256];
    key.iter().for_each(|&b| seen[usize::from(b)] = true);
    seen.iter().filter(|&&s| s).count() < 8
}

/// Checks that a one-time code is exactly six ASCII digits. The server accepts nothing else:
/// no spaces, no full-width or other Unicode digits (docs/security.md K8; the client normalises).
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
pub async fn check_totp(
    state: &AppState,
    factor: &FactorRow,
    code: &str,
) -> AppResult<Option<i64>> {
    let totp = totp_of(state, factor)?;
    let now = state.clock.now();
    let Some(offset) = totp.verify(code, now, WINDOW) else {
        return Ok(None);
    };
    let step = i64::try_from(totp.step(now))
        .unwrap_or(i64::MAX)
        .saturating_add(offset);
    if factor.active && !state.store.advance_last_step(&factor.id, step).await? {
        tracing::warn!(factor = %factor.id, "replayed TOTP code rejected"); // ASVS 4.0.3 2.8.5
        return Ok(None);
    }
    Ok(Some(step))
}

/// Checks an SMS code against its challenge in constant time and, if it matches, uses the
/// challenge up atomically (single use, even under concurrency). `consume` is false when the
/// caller consumes it in a larger transaction.
pub async fn check_sms(
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
            .consume_challenge(&challenge.id, state.clock.now())
            .await?
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

/// Spends a recovery code of the user: hashes the input with each unused code's salt (through
/// the KDF gate), then spends the match atomically. Returns the codes left.
pub async fn check_recovery(
    state: &AppState,
    user_id: &str,
    canonical: String,
) -> AppResult<Option<u32>> {
    let codes = state.store.unused_recovery_codes(user_id).await?;
    let iterations = state.policy.recovery_kdf_iterations;
    let matched = state
        .kdf
        .run(move |_| {
            // Every unused code is hashed, match or not, so the time does not depend on which
            // matched.
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
            .spend_recovery_code(user_id, id, state.clock.now())
            .await?),
        None => Ok(None),
    }
}

/// Generates a new set of recovery codes and their stored forms (through the KDF gate).
pub async fn new_recovery_codes(
    state: &AppState,
) -> AppResult<(Vec<String>, Vec<recovery::Stored>)> {
    let iterations = state.policy.recovery_kdf_iterations;
    let codes = recovery::generate()?;
    let plain = codes.clone();
    let stored = state
        .kdf
        .run(move |_| {
            plain
                .iter()
                .map(|c| recovery::store(c, iterations))
                .collect::<Result<Vec<_>, _>>()
        })
        .await??;
    Ok((codes, stored))
}

/// Checks a password (Argon2id, through the KDF gate).
pub async fn password_matches(state: &AppState, hash: String, password: String) -> AppResult<bool> {
    state
        .kdf
        .run(move |scratch| crypto::password::verify_in(&password, &hash, &mut scratch.argon2))
        .await
}
