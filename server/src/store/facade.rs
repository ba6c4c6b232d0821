//! The store's operations: each copies its arguments, runs on the database thread and returns
//! plain data. The rules each statement enforces are documented on the engine's method.

use super::{model::*, Store, StoreResult};
use crate::crypto::recovery::Stored;
use mfa_wire::SessionState;

fn own(text: &str) -> String {
    text.to_owned()
}

/// Organisations and users.
impl Store {
    /// Creates an organisation.
    pub async fn create_org(&self, org: &Org) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.create_org(org).await;
        }
        let org = org.clone();
        self.run(move |db| db.create_org(&org)).await
    }

    /// Whether any organisation exists (the development seed runs only on an empty database).
    pub async fn has_orgs(&self) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg.has_orgs().await;
        }
        self.run(|db| db.has_orgs()).await
    }

    /// Updates the policy; `None` leaves a setting unchanged. Returns the new policy.
    pub async fn set_org_policy(
        &self,
        org_id: &str,
        require_mfa: Option<bool>,
        sso: Option<bool>,
    ) -> StoreResult<Option<Org>> {
        if let Some(pg) = self.pg() {
            return pg.set_org_policy(org_id, require_mfa, sso).await;
        }
        let org_id = own(org_id);
        self.run(move |db| db.set_org_policy(&org_id, require_mfa, sso))
            .await
    }

    /// Creates a user.
    pub async fn create_user(&self, user: &User, now: u64) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.create_user(user, now).await;
        }
        let user = user.clone();
        self.run(move |db| db.create_user(&user, now)).await
    }

    /// A user and their organisation, by email (already lower-cased).
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, Org)>> {
        if let Some(pg) = self.pg() {
            return pg.user_by_email(email).await;
        }
        let email = own(email);
        self.run(move |db| db.user_by_email(&email)).await
    }

    /// The member of `org_id` with this email.
    pub async fn member_by_email(&self, org_id: &str, email: &str) -> StoreResult<Option<User>> {
        if let Some(pg) = self.pg() {
            return pg.member_by_email(org_id, email).await;
        }
        let (org_id, email) = (own(org_id), own(email));
        self.run(move |db| db.member_by_email(&org_id, &email))
            .await
    }

    /// Counts a second-factor attempt before it is evaluated (see the engine's
    /// `reserve_code_attempt`: consecutive failures, growing delays, a hard cap).
    pub async fn reserve_code_attempt(
        &self,
        user_id: &str,
        now: u64,
        limit: CodeLimit,
    ) -> StoreResult<CodeReservation> {
        if let Some(pg) = self.pg() {
            return pg.reserve_code_attempt(user_id, now, limit).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.reserve_code_attempt(&user_id, now, limit))
            .await
    }

    /// When the user's second-factor lock ends, if it runs at `now`.
    pub async fn codes_locked_until(&self, user_id: &str, now: u64) -> StoreResult<Option<u64>> {
        if let Some(pg) = self.pg() {
            return pg.codes_locked_until(user_id, now).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.codes_locked_until(&user_id, now))
            .await
    }

    /// Forgets the second-factor failures and lifts any delay.
    pub async fn clear_code_failures(&self, user_id: &str) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.clear_code_failures(user_id).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.clear_code_failures(&user_id)).await
    }
}

/// Failure throttles.
impl Store {
    /// Counts an attempt against `key` before it is evaluated; `Locked` when it may not run.
    pub async fn reserve_throttle(
        &self,
        key: &str,
        limit: Limit,
        now: u64,
    ) -> StoreResult<Reservation> {
        if let Some(pg) = self.pg() {
            return pg.reserve_throttle(key, limit, now).await;
        }
        let key = own(key);
        self.run(move |db| db.reserve_throttle(&key, limit, now))
            .await
    }

    /// Gives back a reserved attempt that succeeded (lifting the lock it set, if any).
    pub async fn refund_throttle(&self, key: &str, lifted_lock: bool) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.refund_throttle(key, lifted_lock).await;
        }
        let key = own(key);
        self.run(move |db| db.refund_throttle(&key, lifted_lock))
            .await
    }

    /// Forgets a key's failures.
    pub async fn clear_throttle(&self, key: &str) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.clear_throttle(key).await;
        }
        let key = own(key);
        self.run(move |db| db.clear_throttle(&key)).await
    }

    /// Removes throttle keys whose window and lock have passed.
    pub async fn prune_throttles(&self, now: u64, longest: u64) -> StoreResult<usize> {
        if let Some(pg) = self.pg() {
            return pg.prune_throttles(now, longest).await;
        }
        self.run(move |db| db.prune_throttles(now, longest)).await
    }
}

/// Sessions.
impl Store {
    /// Creates a session.
    pub async fn create_session(
        &self,
        id: &str,
        user_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg
                .create_session(id, user_id, state, token_hash, now, expires_at)
                .await;
        }
        let (id, user_id, hash) = (own(id), own(user_id), token_hash.to_vec());
        self.run(move |db| db.create_session(&id, &user_id, state, &hash, now, expires_at))
            .await
    }

    /// The unexpired session with this token hash, its user and organisation.
    pub async fn session_by_token(
        &self,
        token_hash: &[u8],
        now: u64,
    ) -> StoreResult<Option<(SessionRow, User, Org)>> {
        if let Some(pg) = self.pg() {
            return pg.session_by_token(token_hash, now).await;
        }
        let hash = token_hash.to_vec();
        self.run(move |db| db.session_by_token(&hash, now)).await
    }

    /// Records a password check in the session (re-authentication).
    pub async fn mark_password(&self, id: &str, now: u64) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.mark_password(id, now).await;
        }
        let id = own(id);
        self.run(move |db| db.mark_password(&id, now)).await
    }

    /// Ends a session (its challenges go with it).
    pub async fn delete_session(&self, id: &str) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.delete_session(id).await;
        }
        let id = own(id);
        self.run(move |db| db.delete_session(&id)).await
    }

    /// Replaces a session by a new one with a new token; false when the old one is gone.
    pub async fn rotate_session(
        &self,
        old_id: &str,
        new_id: &str,
        state: SessionState,
        token_hash: &[u8],
        now: u64,
        expires_at: u64,
    ) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg
                .rotate_session(old_id, new_id, state, token_hash, now, expires_at)
                .await;
        }
        let (old, new, hash) = (own(old_id), own(new_id), token_hash.to_vec());
        self.run(move |db| db.rotate_session(&old, &new, state, &hash, now, expires_at))
            .await
    }

    /// Ends every session of a user except `keep`.
    pub async fn delete_user_sessions(
        &self,
        user_id: &str,
        keep: Option<&str>,
    ) -> StoreResult<usize> {
        if let Some(pg) = self.pg() {
            return pg.delete_user_sessions(user_id, keep).await;
        }
        let (user_id, keep) = (own(user_id), keep.map(own));
        self.run(move |db| db.delete_user_sessions(&user_id, keep.as_deref()))
            .await
    }

    /// Removes expired sessions, pending enrolments and old SMS records.
    pub async fn prune(&self, now: u64, sms_window: u64) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.prune(now, sms_window).await;
        }
        self.run(move |db| db.prune(now, sms_window)).await
    }
}

/// Factors and challenges.
impl Store {
    /// The user's confirmed factors, TOTP first.
    pub async fn active_factors(&self, user_id: &str) -> StoreResult<Vec<FactorRow>> {
        if let Some(pg) = self.pg() {
            return pg.active_factors(user_id).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.active_factors(&user_id)).await
    }

    /// A factor of the user by id (pending or active).
    pub async fn factor(&self, user_id: &str, id: &str) -> StoreResult<Option<FactorRow>> {
        if let Some(pg) = self.pg() {
            return pg.factor(user_id, id).await;
        }
        let (user_id, id) = (own(user_id), own(id));
        self.run(move |db| db.factor(&user_id, &id)).await
    }

    /// Starts an enrolment: a pending factor, replacing the user's other pending ones, with its
    /// challenge (SMS code, WebAuthn ceremony) in the same transaction, so that a concurrent
    /// enrolment of the same user cannot remove the factor between the two.
    pub async fn create_pending_factor(
        &self,
        factor: &FactorRow,
        challenge: Option<&NewChallenge>,
    ) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.create_pending_factor(factor, challenge).await;
        }
        let (factor, challenge) = (factor.clone(), challenge.cloned());
        self.run(move |db| db.create_pending_factor(&factor, challenge.as_ref()))
            .await
    }

    /// Inserts an already confirmed factor (the development seed).
    pub async fn create_active_factor(&self, factor: &FactorRow) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.create_active_factor(factor).await;
        }
        let factor = factor.clone();
        self.run(move |db| db.create_active_factor(&factor)).await
    }

    /// The TOTP replay guard: records `step` only if later than the last accepted one.
    pub async fn advance_last_step(&self, factor_id: &str, step: i64) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg.advance_last_step(factor_id, step).await;
        }
        let factor_id = own(factor_id);
        self.run(move |db| db.advance_last_step(&factor_id, step))
            .await
    }

    /// Confirms an enrolment in one transaction.
    pub async fn confirm_enrollment(&self, c: Confirmation) -> StoreResult<Confirmed> {
        if let Some(pg) = self.pg() {
            return pg.confirm_enrollment(&c).await;
        }
        self.run(move |db| db.confirm_enrollment(&c)).await
    }

    /// Removes all of a user's factors and recovery codes; ends their sessions except `keep`.
    pub async fn reset_mfa(&self, user_id: &str, keep: Option<&str>) -> StoreResult<u32> {
        if let Some(pg) = self.pg() {
            return pg.reset_mfa(user_id, keep).await;
        }
        let (user_id, keep) = (own(user_id), keep.map(own));
        self.run(move |db| db.reset_mfa(&user_id, keep.as_deref()))
            .await
    }

    /// Creates a challenge.
    pub async fn create_challenge(&self, c: NewChallenge) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.create_challenge(&c).await;
        }
        self.run(move |db| db.create_challenge(&c)).await
    }

    /// A challenge by id.
    pub async fn challenge(&self, id: &str) -> StoreResult<Option<Challenge>> {
        if let Some(pg) = self.pg() {
            return pg.challenge(id).await;
        }
        let id = own(id);
        self.run(move |db| db.challenge(&id)).await
    }

    /// Uses a challenge (single use); whether this request won.
    pub async fn consume_challenge(&self, id: &str, now: u64) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg.consume_challenge(id, now).await;
        }
        let id = own(id);
        self.run(move |db| db.consume_challenge(&id, now)).await
    }

    /// Replaces an SMS challenge's code after the cooldown; `Err(seconds)` is the wait left.
    pub async fn replace_sms_code(
        &self,
        id: &str,
        code_hash: &[u8],
        now: u64,
        expires_at: u64,
        cooldown: u64,
    ) -> StoreResult<Result<(), u64>> {
        if let Some(pg) = self.pg() {
            return pg
                .replace_sms_code(id, code_hash, now, expires_at, cooldown)
                .await;
        }
        let (id, hash) = (own(id), code_hash.to_vec());
        self.run(move |db| db.replace_sms_code(&id, &hash, now, expires_at, cooldown))
            .await
    }

    /// Records an SMS send if every budget has room; which budget refused otherwise.
    pub async fn record_sms_send(
        &self,
        send: SmsSend,
        limits: SmsLimits,
    ) -> StoreResult<Result<(), SmsRefused>> {
        if let Some(pg) = self.pg() {
            return pg.record_sms_send(&send, limits).await;
        }
        self.run(move |db| db.record_sms_send(&send, limits)).await
    }
}

/// Recovery codes.
impl Store {
    /// The user's unused codes, as (row id, salt and hash).
    pub async fn unused_recovery_codes(&self, user_id: &str) -> StoreResult<Vec<(i64, Stored)>> {
        if let Some(pg) = self.pg() {
            return pg.unused_recovery_codes(user_id).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.unused_recovery_codes(&user_id)).await
    }

    /// How many unused codes the user has.
    pub async fn recovery_remaining(&self, user_id: &str) -> StoreResult<u32> {
        if let Some(pg) = self.pg() {
            return pg.recovery_remaining(user_id).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.recovery_remaining(&user_id)).await
    }

    /// Spends a code atomically; the codes left, or `None` if this request lost.
    pub async fn spend_recovery_code(
        &self,
        user_id: &str,
        code_id: i64,
        now: u64,
    ) -> StoreResult<Option<u32>> {
        if let Some(pg) = self.pg() {
            return pg.spend_recovery_code(user_id, code_id, now).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.spend_recovery_code(&user_id, code_id, now))
            .await
    }

    /// Replaces the user's codes with a new set.
    pub async fn regenerate_recovery_codes(
        &self,
        user_id: &str,
        codes: Vec<Stored>,
    ) -> StoreResult<()> {
        if let Some(pg) = self.pg() {
            return pg.regenerate_recovery_codes(user_id, &codes).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.regenerate_recovery_codes(&user_id, &codes))
            .await
    }
}

/// WebAuthn credentials.
impl Store {
    /// The user's credentials.
    pub async fn webauthn_credentials(&self, user_id: &str) -> StoreResult<Vec<CredentialRow>> {
        if let Some(pg) = self.pg() {
            return pg.webauthn_credentials(user_id).await;
        }
        let user_id = own(user_id);
        self.run(move |db| db.webauthn_credentials(&user_id)).await
    }

    /// Records an assertion if its counter grew (see the engine's `record_assertion`).
    pub async fn record_assertion(
        &self,
        user_id: &str,
        cred_id: &[u8],
        sign_count: u32,
        passkey: String,
        backup_state: bool,
        now: u64,
    ) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg
                .record_assertion(user_id, cred_id, sign_count, &passkey, backup_state, now)
                .await;
        }
        let (user_id, cred_id) = (own(user_id), cred_id.to_vec());
        self.run(move |db| {
            db.record_assertion(&user_id, &cred_id, sign_count, &passkey, backup_state, now)
        })
        .await
    }

    /// A credential's recorded (sign_count, user_verified, backup_eligible, backup_state).
    pub async fn credential_flags(
        &self,
        cred_id: &[u8],
    ) -> StoreResult<Option<(u32, bool, bool, bool)>> {
        if let Some(pg) = self.pg() {
            return pg.credential_flags(cred_id).await;
        }
        let cred_id = cred_id.to_vec();
        self.run(move |db| db.credential_flags(&cred_id)).await
    }
}
