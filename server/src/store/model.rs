//! The rows and outcomes the store hands out: plain data, the same for every database engine.

use crate::crypto::recovery::Stored;
use mfa_wire::{MfaMethod, Role, SessionState};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    /// Id.
    pub id: String,
    /// Name (issuer in Key URIs).
    pub name: String,
    /// Every member needs a second factor.
    pub require_mfa: bool,
    /// SSO handles sign-in and MFA.
    pub sso: bool,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: String,
    /// Organisation id.
    pub org_id: String,
    /// Email (lower case).
    pub email: String,
    /// Argon2id hash (see `crypto::password`).
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Must enrol at the next login.
    pub must_enroll: bool,
}

/// A session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Id (internal; challenges are bound to it).
    pub id: String,
    /// What it may do.
    pub state: SessionState,
    /// When its password was last checked (login or re-authentication).
    pub password_at: Option<u64>,
}

/// A factor row.
#[derive(Clone, PartialEq, Eq)]
pub struct FactorRow {
    /// Id (also the enrolment id while pending).
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// TOTP or SMS.
    pub method: MfaMethod,
    /// Confirmed.
    pub active: bool,
    /// TOTP: the sealed secret.
    pub secret_ct: Option<Vec<u8>>,
    /// SMS: the number.
    pub phone: Option<String>,
    /// When it was created or confirmed.
    pub created_at: u64,
    /// Pending only: when it expires.
    pub expires_at: Option<u64>,
}

impl std::fmt::Debug for FactorRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactorRow")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// Everything that changes, in one transaction, when an enrolment is confirmed.
pub struct Confirmation {
    /// The user.
    pub user_id: String,
    /// The pending factor.
    pub factor_id: String,
    /// SMS: the enrolment challenge, consumed here.
    pub challenge_id: Option<String>,
    /// TOTP: the step the confirming code used (it can never be used again).
    pub last_step: Option<i64>,
    /// WebAuthn: the credential to record with the factor.
    pub credential: Option<NewCredential>,
    /// The new recovery codes (replacing any old set).
    pub recovery: Vec<Stored>,
    /// The session that confirmed (replaced by a new one).
    pub old_session_id: String,
    /// The new session.
    pub new_session_id: String,
    /// Its token hash.
    pub new_token_hash: Vec<u8>,
    /// Now.
    pub now: u64,
    /// The new session's expiry.
    pub session_expires_at: u64,
}

/// How a confirmation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Done; `replaced` active factors were removed (a method change).
    Yes {
        /// How many factors the new one replaced.
        replaced: u32,
    },
    /// The enrolment or its challenge expired or was used meanwhile.
    Expired,
    /// The user has an active factor already.
    AlreadyEnrolled,
    /// WebAuthn: the credential id is registered already (to this or another user).
    CredentialTaken,
}

/// A WebAuthn credential to record (see `crate::webauthn::Registered`).
#[derive(Debug, Clone)]
pub struct NewCredential {
    /// The credential id.
    pub cred_id: Vec<u8>,
    /// webauthn-rs's `Passkey`, JSON.
    pub passkey: String,
    /// The signature counter.
    pub sign_count: u32,
    /// UV.
    pub user_verified: bool,
    /// BE.
    pub backup_eligible: bool,
    /// BS.
    pub backup_state: bool,
}

/// A stored WebAuthn credential.
#[derive(Debug, Clone)]
pub struct CredentialRow {
    /// The credential id.
    pub cred_id: Vec<u8>,
    /// Its factor.
    pub factor_id: String,
    /// webauthn-rs's `Passkey`, JSON.
    pub passkey: String,
}

/// What a challenge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The second step of a login.
    Login,
    /// Confirming an SMS enrolment.
    Enroll,
    /// A fresh verification inside a signed-in session (for a proof).
    StepUp,
}

/// A stored challenge.
#[derive(Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Id.
    pub id: String,
    /// The session it is bound to (ASVS 5.0 6.6.2, docs/security.md K9).
    pub session_id: String,
    /// The user.
    pub user_id: String,
    /// The factor it verifies.
    pub factor_id: String,
    /// What it is for.
    pub purpose: Purpose,
    /// SMS: the keyed hash of the code.
    pub code_hash: Option<Vec<u8>>,
    /// SMS: when the code was last sent.
    pub sent_at: Option<u64>,
    /// When it expires.
    pub expires_at: u64,
    /// Already used.
    pub used: bool,
    /// WebAuthn: the ceremony state (webauthn-rs's, JSON).
    pub ceremony: Option<String>,
}

impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Challenge")
            .field("id", &self.id)
            .field("purpose", &self.purpose)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A challenge to create.
#[derive(Debug, Clone)]
pub struct NewChallenge {
    /// Id.
    pub id: String,
    /// Bound session.
    pub session_id: String,
    /// User.
    pub user_id: String,
    /// Factor.
    pub factor_id: String,
    /// Purpose.
    pub purpose: Purpose,
    /// SMS code hash.
    pub code_hash: Option<Vec<u8>>,
    /// WebAuthn: the ceremony state.
    pub ceremony: Option<String>,
    /// Now.
    pub now: u64,
    /// Expiry.
    pub expires_at: u64,
}

/// A failure throttle: at most `max` failures within `window` seconds of the first; the
/// failure that reaches `max` locks the key for `lock` seconds, after which counting restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Failures allowed (the last one sets the lock).
    pub max: u32,
    /// Seconds after the first failure that the count lasts.
    pub window: u64,
    /// Seconds the lock lasts.
    pub lock: u64,
}

/// The outcome of reserving an attempt against a throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt may be evaluated. `failures` counts it; `locks_until` is set when it was the
    /// last one allowed (the lock is already in place, and lifts if the attempt succeeds).
    Allowed {
        /// Failures so far, including this attempt.
        failures: u32,
        /// The lock this attempt set.
        locks_until: Option<u64>,
    },
    /// The key is locked.
    Locked {
        /// Until when.
        until: u64,
    },
}

/// The second-factor counter's rule: consecutive failures per account, never forgotten until a
/// success, with a growing delay after every `step` failures and a hard `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeLimit {
    /// Failures between delays.
    pub step: u32,
    /// Consecutive failures after which codes are refused for good.
    pub cap: u32,
    /// The first delay; each later one doubles.
    pub base_lock: u64,
    /// The longest delay.
    pub max_lock: u64,
}

/// The outcome of reserving a second-factor attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeReservation {
    /// The attempt may be evaluated (see [`Reservation::Allowed`]).
    Allowed {
        /// Consecutive failures so far, including this attempt.
        failures: u32,
        /// The delay this attempt set, if it was the last before one.
        locks_until: Option<u64>,
    },
    /// A delay is running.
    Locked {
        /// Until when.
        until: u64,
    },
    /// The cap is reached: only a recovery code or an admin reset helps.
    Capped,
}

/// What an SMS is sent for: its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsPurpose {
    /// Confirming a number being enrolled (anyone may type any number).
    Enroll,
    /// Signing in or stepping up with the user's own enrolled number.
    SignIn,
}

/// One SMS about to be sent.
#[derive(Debug, Clone)]
pub struct SmsSend {
    /// The user it is for.
    pub user_id: String,
    /// The E.164 destination.
    pub phone: String,
    /// Its budget.
    pub purpose: SmsPurpose,
    /// The requesting source (IPv4 address or IPv6 /64).
    pub source: String,
    /// Now.
    pub now: u64,
}

/// The hourly SMS budgets (all per [`SmsLimits::window`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsLimits {
    /// The window, in seconds.
    pub window: u64,
    /// Sends per user, all purposes.
    pub per_user: u32,
    /// Enrolment sends per (user, number).
    pub enroll_per_user_number: u32,
    /// Enrolment sends per number, all users together.
    pub enroll_per_number: u32,
    /// Sign-in sends per (user, number): only the number's owner spends this budget.
    pub signin_per_user_number: u32,
    /// Sends per source address.
    pub per_source: u32,
    /// Sends in all.
    pub global: u32,
}

/// Which SMS budget refused a send, and how long until it has room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsRefused {
    /// The budget's name (`user`, `enroll_user_number`, `enroll_number`, `signin_number`,
    /// `source`, `global`).
    pub budget: &'static str,
    /// Seconds to wait.
    pub wait: u64,
}
