//! The security policy: every number the server enforces, each with its rule (docs/security.md). Who each limit
//! can lock out, and why that is acceptable, is in `server/README.md` ("Limits as levers").

use crate::store::{Limit, SmsLimits};

/// The policy numbers.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Failures before a lock, for: passwords per (account, source address), passwords per
    /// device cookie, recovery codes per account, and each step of the second-factor delays.
    /// 5, as Gitea after GHSA-5mx6-8rwm-52wf: RFC 4226 §7.3 asks for a limit "as low as
    /// possible" without hurting usability.
    pub max_failures: u32,
    /// How long those locks last: 15 minutes (the first second-factor delay; later ones grow).
    pub lock_seconds: u64,
    /// Failed attempts one source (IPv4 address, IPv6 /64) may make in
    /// [`Self::ip_window_seconds`] across all accounts (password spraying, rubygems
    /// GHSA-c55g-q6f4-5qxr). Devices that signed in before are exempt (OWASP "Slow Down Online
    /// Guessing Attacks with Device Cookies").
    pub ip_failure_limit: u32,
    /// The per-source window.
    pub ip_window_seconds: u64,
    /// Failed passwords per account per [`Self::account_window_seconds`] from unknown devices,
    /// all sources together: ASVS 4.0.3 2.2.1 "no more than 100 failed attempts per hour is
    /// possible on a single account". Past it, unknown devices wait for the window to end;
    /// devices that signed in before are not affected.
    pub account_failure_limit: u32,
    /// The per-account window: one hour.
    pub account_window_seconds: u64,
    /// How long a device cookie is valid: 90 days.
    pub device_cookie_seconds: u64,
    /// Consecutive second-factor failures (TOTP and SMS codes) per account for the life of the
    /// factor: NIST SP 800-63B 5.2.2 "no more than 100". Past it only a recovery code or an
    /// admin reset unblocks the account.
    pub mfa_failure_cap: u32,
    /// The longest second-factor delay. The delays double from [`Self::lock_seconds`] after
    /// every [`Self::max_failures`] failures (NIST SP 800-63B 5.2.2 "increasing wait time";
    /// RFC 4226 §7.3 delay scheme), up to one day.
    pub mfa_max_lock_seconds: u64,
    /// How old the session's password may be when a first factor is bound: 10 minutes (ASVS
    /// 5.0 7.5.1 "full re-authentication before allowing modifications to ... MFA
    /// configuration"; NIST SP 800-63B 6.1.2.1). A fresh login counts.
    pub reauth_seconds: u64,
    /// How long an SMS code lives: 5 minutes (NIST SP 800-63B 5.1.3.2 and ASVS 5.0 6.5.5: at
    /// most 10 minutes). Clamped to 600.
    pub sms_ttl_seconds: u64,
    /// Seconds between two sends for one challenge (resend cooldown).
    pub sms_resend_cooldown_seconds: u64,
    /// SMS sends per user per [`Self::sms_window_seconds`], all purposes (ASVS 5.0 2.4.1,
    /// SMS pumping).
    pub sms_per_user_limit: u32,
    /// Enrolment sends per phone number per window, all users together: anyone may type any
    /// number, so this bounds the texts a stranger can cause.
    pub sms_per_number_limit: u32,
    /// Enrolment sends per (user, number) per window.
    pub sms_enroll_per_user_number_limit: u32,
    /// Sign-in sends per (user, number) per window: only the number's owner spends it.
    pub sms_signin_per_number_limit: u32,
    /// SMS sends per source address per window.
    pub sms_per_source_limit: u32,
    /// SMS sends per window in all (`--sms-hourly-cap`): the bill's upper bound.
    pub sms_global_limit: u32,
    /// Calling codes SMS may go to (`--sms-countries`; `sms::destination`).
    pub sms_countries: Vec<u16>,
    /// The SMS rate-limit window: one hour.
    pub sms_window_seconds: u64,
    /// How long a pending enrolment or a TOTP challenge lives.
    pub pending_ttl_seconds: u64,
    /// Lifetime of a session that still needs a second factor or an enrolment.
    pub pending_session_seconds: u64,
    /// Lifetime of a signed-in session.
    pub session_seconds: u64,
    /// Argon2id memory in KiB for passwords (OWASP Password Storage Cheat Sheet: 19 MiB, t=2, p=1).
    pub password_memory_kib: u32,
    /// Argon2id passes.
    pub password_iterations: u32,
    /// PBKDF2-HMAC-SHA256 iterations for recovery codes (see `crypto::recovery`).
    pub recovery_kdf_iterations: u32,
    /// Password and recovery-code hashes computed at once (`security::kdf`): the cores, at
    /// most 8 (8 x 19 MiB of Argon2 memory).
    pub kdf_concurrency: usize,
    /// Hashes that may wait for a slot; beyond, 503 `unavailable`.
    pub kdf_queue: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_seconds: 15 * 60,
            ip_failure_limit: 100,
            ip_window_seconds: 15 * 60,
            account_failure_limit: 100,
            account_window_seconds: 3600,
            device_cookie_seconds: 90 * 86_400,
            mfa_failure_cap: 100,
            mfa_max_lock_seconds: 86_400,
            reauth_seconds: 10 * 60,
            sms_ttl_seconds: 5 * 60,
            sms_resend_cooldown_seconds: 30,
            sms_per_user_limit: 5,
            sms_per_number_limit: 5,
            sms_enroll_per_user_number_limit: 3,
            sms_signin_per_number_limit: 5,
            sms_per_source_limit: 10,
            sms_global_limit: 1000,
            sms_countries: crate::sms::destination::DEFAULT_COUNTRIES.to_vec(),
            sms_window_seconds: 3600,
            pending_ttl_seconds: 10 * 60,
            pending_session_seconds: 10 * 60,
            session_seconds: 12 * 3600,
            password_memory_kib: 19 * 1024,
            password_iterations: 2,
            recovery_kdf_iterations: 10_000,
            kdf_concurrency: std::thread::available_parallelism()
                .map_or(2, usize::from)
                .clamp(1, 8),
            kdf_queue: 32,
        }
    }
}

/// A failed-attempt window long enough to count "consecutive" failures: one day.
const DAY: u64 = 86_400;

impl Policy {
    /// Failed passwords from one source across accounts.
    pub fn source_limit(&self) -> Limit {
        Limit {
            max: self.ip_failure_limit,
            window: self.ip_window_seconds,
            lock: self.ip_window_seconds,
        }
    }

    /// Failed passwords per account from unknown devices, all sources together.
    pub fn account_limit(&self) -> Limit {
        Limit {
            max: self.account_failure_limit,
            window: self.account_window_seconds,
            lock: self.account_window_seconds,
        }
    }

    /// Failed passwords per (account, source), per device cookie, and recovery codes per
    /// account: `max_failures` within a day lock for `lock_seconds`.
    pub fn pair_limit(&self) -> Limit {
        Limit {
            max: self.max_failures,
            window: DAY,
            lock: self.lock_seconds,
        }
    }

    /// The hourly SMS budgets.
    pub fn sms_limits(&self) -> SmsLimits {
        SmsLimits {
            window: self.sms_window_seconds,
            per_user: self.sms_per_user_limit,
            enroll_per_user_number: self.sms_enroll_per_user_number_limit,
            enroll_per_number: self.sms_per_number_limit,
            signin_per_user_number: self.sms_signin_per_number_limit,
            per_source: self.sms_per_source_limit,
            global: self.sms_global_limit,
        }
    }

    /// The longest window a throttle key lives for (for pruning).
    pub fn longest_window(&self) -> u64 {
        DAY.max(self.ip_window_seconds)
            .max(self.account_window_seconds)
    }
}
