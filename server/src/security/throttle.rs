//! The attempt guard: every password, one-time code and recovery code is counted against its
//! throttles *before* it is evaluated (docs/security.md K5), and settled after. The counters live
//! in the database (`throttles` table and the users' second-factor counter), so they hold
//! across server instances.
//!
//! | subject | throttles (key) | past the limit |
//! | --- | --- | --- |
//! | any, from an unknown device | `src:<source>`: [`Policy::source_limit`] | 429 `rate_limited` for that source only |
//! | password, unknown device | `pw:acct:<account>`: [`Policy::account_limit`] (all sources) | 429 `locked_out` for unknown devices |
//! | password, unknown device | `pw:pair:<account>:<source>`: [`Policy::pair_limit`] | 429 `locked_out` for that source only |
//! | password, known device | `pw:dev:<nonce>`: [`Policy::pair_limit`] | 429 `locked_out` for that device only |
//! | TOTP or SMS code | the account's consecutive-failure counter ([`CodeLimit`]) | growing delays, then `recovery_required` |
//! | recovery code | `rc:<user>`: [`Policy::pair_limit`] | 429 `locked_out` |
//!
//! Failures from one source never refuse another source (issue 9 rows 1 and 2); a known device
//! (OWASP device cookies) is never refused because of others. Accounts are named by their
//! account key, so unknown emails are throttled exactly like known ones (ASVS 5.0 6.3.8).

use super::attempt::log_failure;
pub use super::attempt::{Attempt, Caller, Subject};
use crate::error::{AppError, AppResult};
use crate::notify::{notify, Event};
use crate::policy::Policy;
use crate::state::AppState;
use crate::store::{CodeLimit, CodeReservation, Limit, Reservation};
use mfa_wire::ErrorCode;
use std::future::Future;

/// What happens to a reserved key when the attempt succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settle {
    /// One failure less (shared budgets).
    Refund,
    /// Forget the key's failures (NIST SP 800-63B 5.2.2: after a success, "disregard any
    /// previous failed attempts for that user from the same IP address").
    Clear,
}

#[derive(Default)]
struct Held(Vec<(String, Option<u64>, Settle)>);

impl Held {
    /// Reserves `key`; `Err(until)` when it is locked (nothing held is kept: the caller
    /// releases).
    async fn reserve(
        &mut self,
        state: &AppState,
        key: String,
        limit: Limit,
        settle: Settle,
        now: u64,
    ) -> AppResult<Result<u32, u64>> {
        match state.store.reserve_throttle(&key, limit, now).await? {
            Reservation::Allowed {
                failures,
                locks_until,
            } => {
                self.0.push((key, locks_until, settle));
                Ok(Ok(failures))
            }
            Reservation::Locked { until } => Ok(Err(until)),
        }
    }

    /// Gives every reservation back (the attempt was not evaluated).
    async fn release(self, state: &AppState) -> AppResult<()> {
        for (key, lock, _) in self.0 {
            state.store.refund_throttle(&key, lock.is_some()).await?;
        }
        Ok(())
    }

    /// Settles every reservation after a success.
    async fn succeed(self, state: &AppState) -> AppResult<()> {
        for (key, lock, settle) in self.0 {
            match settle {
                Settle::Refund => state.store.refund_throttle(&key, lock.is_some()).await?,
                Settle::Clear => state.store.clear_throttle(&key).await?,
            }
        }
        Ok(())
    }

    /// The latest lock this attempt set on a key other than the source's.
    fn account_lock(&self) -> Option<u64> {
        self.0
            .iter()
            .filter(|(key, _, _)| !key.starts_with("src:"))
            .filter_map(|(_, lock, _)| *lock)
            .max()
    }
}

/// The second-factor rule from the policy.
pub fn code_limit(p: &Policy) -> CodeLimit {
    CodeLimit {
        step: p.max_failures,
        cap: p.mfa_failure_cap,
        base_lock: p.lock_seconds,
        max_lock: p.mfa_max_lock_seconds,
    }
}

fn locked(until: u64, now: u64) -> AppError {
    AppError::locked(until, now)
}

/// The answer once the factor is capped (NIST SP 800-63B 5.2.2).
pub fn recovery_required() -> AppError {
    AppError::new(
        ErrorCode::RecoveryRequired,
        "too many failed codes: sign in with a recovery code, or ask an admin to reset your second factor",
    )
}

/// Runs one attempt: reserves its throttles, evaluates `check` (`Some` on success), settles.
/// A success clears the subject's failures; a failure answers `invalid_credentials`,
/// `invalid_code` with the attempts left before the next lock, `locked_out` (429,
/// `Retry-After`) when it set a lock, or `recovery_required` when it reached the cap.
pub async fn attempt<T, F>(state: &AppState, a: Attempt<'_>, check: F) -> AppResult<T>
where
    F: Future<Output = AppResult<Option<T>>>,
{
    let p = &state.policy;
    let now = state.clock.now();
    let mut held = Held::default();
    let refused = |reason: &str| log_failure(&a, reason);
    if a.device.is_none() {
        let key = format!("src:{}", a.client.source());
        if let Err(until) = held
            .reserve(state, key, p.source_limit(), Settle::Refund, now)
            .await?
        {
            refused("source throttled");
            return Err(AppError::rate_limited(
                until.saturating_sub(now),
                "too many failed attempts from this address",
            ));
        }
    }
    let mut code_reservation = None;
    let reserved = match (a.subject, &a.device) {
        (Subject::Password { account, .. }, Some(nonce)) => {
            let key = format!("pw:dev:{account}:{nonce}");
            held.reserve(state, key, p.pair_limit(), Settle::Clear, now)
                .await?
        }
        (Subject::Password { account, .. }, None) => {
            let key = format!("pw:acct:{account}");
            match held
                .reserve(state, key, p.account_limit(), Settle::Refund, now)
                .await?
            {
                Ok(_) => {
                    let key = format!("pw:pair:{account}:{}", a.client.source());
                    held.reserve(state, key, p.pair_limit(), Settle::Clear, now)
                        .await?
                }
                locked => locked,
            }
        }
        (Subject::Recovery(user), _) => {
            let key = format!("rc:{}", user.id);
            held.reserve(state, key, p.pair_limit(), Settle::Clear, now)
                .await?
        }
        (Subject::Code(user), _) => {
            match state
                .store
                .reserve_code_attempt(&user.id, now, code_limit(p))
                .await?
            {
                CodeReservation::Allowed {
                    failures,
                    locks_until,
                } => {
                    code_reservation = Some((failures, locks_until));
                    Ok(failures)
                }
                CodeReservation::Locked { until } => Err(until),
                CodeReservation::Capped => {
                    held.release(state).await?;
                    refused("second factor capped");
                    return Err(recovery_required());
                }
            }
        }
    };
    let failures = match reserved {
        Ok(failures) => failures,
        Err(until) => {
            held.release(state).await?;
            refused("locked");
            return Err(locked(until, now));
        }
    };
    // A check that could not run (the KDF gate is full: 503) was not an attempt: give its
    // reservations back.
    let outcome = match check.await {
        Ok(outcome) => outcome,
        Err(e) => {
            held.release(state).await?;
            return Err(e);
        }
    };
    if let Some(value) = outcome {
        if let Subject::Code(user) | Subject::Recovery(user) = a.subject {
            // A success with the factor, or a recovery code, ends the consecutive failures.
            state.store.clear_code_failures(&user.id).await?;
        }
        held.succeed(state).await?;
        return Ok(value);
    }
    log_failure(&a, "wrong");
    let user = match a.subject {
        Subject::Password { user, .. } => user,
        Subject::Code(user) | Subject::Recovery(user) => Some(user),
    };
    let (error, event) = match (a.subject, code_reservation) {
        (Subject::Code(_), Some((failures, _))) if failures >= p.mfa_failure_cap => {
            (recovery_required(), Some(Event::TooManyFailedCodes))
        }
        (Subject::Code(_), Some((_, Some(until)))) => {
            (locked(until, now), Some(Event::LockedOut(until)))
        }
        (Subject::Code(_), Some((failures, None))) => {
            let step = p.max_failures.max(1);
            let left = (step - failures % step).min(p.mfa_failure_cap.saturating_sub(failures));
            (AppError::invalid_code(left), None)
        }
        _ => match held.account_lock() {
            Some(until) => (locked(until, now), Some(Event::LockedOut(until))),
            None => match a.subject {
                Subject::Password { .. } => (
                    AppError::new(
                        ErrorCode::InvalidCredentials,
                        "the email or password is wrong",
                    ),
                    None,
                ),
                _ => (
                    AppError::invalid_code(p.max_failures.saturating_sub(failures)),
                    None,
                ),
            },
        },
    };
    // RFC 4226 §7.2: when the attempts are exhausted, "initiate a procedure to inform the
    // user"; ASVS 4.0.3 2.8.5. Only real accounts get mail (unknown ones have no owner).
    if let (Some(event), Some(user)) = (event, user) {
        notify(state, user, event, Some(a.client.ip)).await;
    }
    Err(error)
}
