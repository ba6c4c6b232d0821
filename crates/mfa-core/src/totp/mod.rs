//! HOTP (RFC 4226) and TOTP (RFC 6238): code generation and constant-time verification.

use crate::{secret, Error, ErrorCode, Result};
use alloc::{string::String, vec::Vec};
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// The HMAC hash (RFC 6238 §1.2: SHA-1 by default, SHA-256 and SHA-512 allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA-1, the default and the only one every authenticator app supports.
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Algorithm {
    /// The name used in Key URIs and the JS API.
    ///
    /// ```
    /// assert_eq!(mfa_core::totp::Algorithm::Sha256.as_str(), "SHA256");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    /// Parses `SHA1`, `SHA256` or `SHA512`, in any case and with an optional dash (`sha-256`).
    ///
    /// ```
    /// use mfa_core::totp::Algorithm;
    /// assert_eq!(Algorithm::parse("sha-256").unwrap(), Algorithm::Sha256);
    /// assert!(Algorithm::parse("MD5").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Self> {
        let mut buf = [0u8; 6];
        let mut len = 0;
        for b in name.bytes().filter(|&b| b != b'-') {
            if len == buf.len() {
                len = 0;
                break;
            }
            buf[len] = b.to_ascii_uppercase();
            len += 1;
        }
        match &buf[..len] {
            b"SHA1" => Ok(Self::Sha1),
            b"SHA256" => Ok(Self::Sha256),
            b"SHA512" => Ok(Self::Sha512),
            _ => Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                "the algorithm must be SHA1, SHA256 or SHA512",
            )),
        }
    }
}

/// The default time step in seconds (RFC 6238 §5.2).
pub const DEFAULT_PERIOD: u32 = 30;
/// The default number of digits.
pub const DEFAULT_DIGITS: u8 = 6;
/// The longest period accepted: NIST SP 800-63B 5.1.4.1, a clock-based nonce "SHALL be changed at
/// least once every 2 minutes".
pub const MAX_PERIOD: u32 = 120;
/// The widest verification window accepted, in steps either side.
pub const MAX_WINDOW: u32 = 10;

/// Checks a digit count: RFC 4226 R4 / §5.3 (at least 6; 7 and 8 possible).
///
/// ```
/// assert!(mfa_core::totp::check_digits(8).is_ok());
/// assert!(mfa_core::totp::check_digits(5).is_err());
/// ```
pub fn check_digits(digits: u32) -> Result<u8> {
    match digits {
        6..=8 => Ok(digits as u8),
        _ => Err(Error::new(
            ErrorCode::InvalidDigits,
            "digits must be 6, 7 or 8",
        )),
    }
}

/// Checks a period: a whole number of seconds from 1 to [`MAX_PERIOD`].
///
/// ```
/// assert!(mfa_core::totp::check_period(30).is_ok());
/// assert!(mfa_core::totp::check_period(0).is_err());
/// ```
pub fn check_period(period: u64) -> Result<u32> {
    match period {
        1..=120 => Ok(period as u32),
        _ => Err(Error::new(
            ErrorCode::InvalidPeriod,
            "the period must be 1 to 120 seconds (NIST SP 800-63B 5.1.4.1)",
        )),
    }
}

/// A TOTP key with its parameters.
#[derive(Clone, PartialEq, Eq)]
pub struct Totp {
    key: Vec<u8>,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
}

impl core::fmt::Debug for Totp {
    // The key is never printed.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Totp")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl Drop for Totp {
    fn drop(&mut self) {
        self.key.fill(0);
    }
}

impl Totp {
    /// A TOTP from a base32 secret (normalised; at least 80 bits) and checked parameters.
    ///
    /// ```
    /// use mfa_core::totp::{Algorithm, Totp};
    /// let totp = Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm::Sha1, 8, 30).unwrap();
    /// assert_eq!(totp.code(59), "94287082"); // RFC 6238 Appendix B
    /// ```
    pub fn new(secret: &str, algorithm: Algorithm, digits: u32, period: u64) -> Result<Self> {
        let digits = check_digits(digits)?;
        let period = check_period(period)?;
        Ok(Self {
            key: secret::decode(secret)?,
            algorithm,
            digits,
            period,
        })
    }

    /// A TOTP from raw key bytes (any length), for vectors and servers that hold decrypted keys.
    ///
    /// ```
    /// let totp = mfa_core::totp::Totp::from_key(b"12345678901234567890".to_vec(), Default::default(), 6, 30).unwrap();
    /// assert_eq!(totp.code(1111111109), "081804");
    /// ```
    pub fn from_key(key: Vec<u8>, algorithm: Algorithm, digits: u32, period: u64) -> Result<Self> {
        Ok(Self {
            digits: check_digits(digits)?,
            period: check_period(period)?,
            key,
            algorithm,
        })
    }

    /// The number of digits.
    pub const fn digits(&self) -> u8 {
        self.digits
    }

    /// The period in seconds.
    pub const fn period(&self) -> u32 {
        self.period
    }

    /// The time step that contains `unix_seconds` (RFC 6238 §4: floor(T / X), T0 = 0; u64, so
    /// times past 2038 and past 2^32 work).
    pub const fn step(&self, unix_seconds: u64) -> u64 {
        unix_seconds / self.period as u64
    }

    /// The code for the step that contains `unix_seconds`, zero-padded.
    pub fn code(&self, unix_seconds: u64) -> String {
        self.code_at_step(self.step(unix_seconds))
    }

    /// The code for a given counter/step (RFC 4226 §5.3), zero-padded.
    pub fn code_at_step(&self, step: u64) -> String {
        let mut buf = [0u8; 8];
        let len = self.write_code(step, &mut buf);
        buf[..len].iter().map(|&b| b as char).collect()
    }

    fn write_code(&self, step: u64, out: &mut [u8; 8]) -> usize {
        write_code(
            &mac::Key::new(self.algorithm, &self.key),
            self.digits,
            step,
            out,
        )
    }

    /// Verifies `code` at `unix_seconds`, accepting steps up to `window` either side (RFC 6238
    /// §5.2 recommends at most 1). Returns the matched offset (0 current, -1 previous, ...).
    ///
    /// Every candidate in the window is computed and compared in constant time, with no early
    /// return (ASVS 5.0 11.2.4; totp-rs#13). Only the length, which is not secret, is checked
    /// first. When two steps share a code, the offset nearest 0 wins, the past before the future.
    ///
    /// ```
    /// let totp = mfa_core::totp::Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Default::default(), 6, 30).unwrap();
    /// let previous = totp.code(1111111109 - 30);
    /// assert_eq!(totp.verify(&previous, 1111111109, 1), Some(-1));
    /// assert_eq!(totp.verify("000000", 1111111109, 1), None);
    /// ```
    pub fn verify(&self, code: &str, unix_seconds: u64, window: u32) -> Option<i64> {
        let code = code.as_bytes();
        if code.len() != usize::from(self.digits) {
            return None;
        }
        let window = i64::from(window.min(MAX_WINDOW));
        let now = self.step(unix_seconds) as i128;
        // The key is absorbed once (its two padded blocks); each step then costs two compressions.
        let key = mac::Key::new(self.algorithm, &self.key);
        let mut found = subtle::Choice::from(0);
        let mut offset = 0i64;
        // Visit the offsets in reverse order of preference so the preferred match is chosen last:
        // +w, -w, ..., +1, -1, 0.
        for distance in (0..=window).rev() {
            for sign in [1i64, -1] {
                let candidate = distance * sign;
                if distance == 0 && sign == -1 {
                    continue;
                }
                let step = now + i128::from(candidate);
                if step < 0 || step > i128::from(u64::MAX) {
                    continue; // a step before the epoch does not exist; time is not secret
                }
                let mut buf = [0u8; 8];
                let len = write_code(&key, self.digits, step as u64, &mut buf);
                let hit = buf[..len].ct_eq(code);
                offset.conditional_assign(&candidate, hit);
                found |= hit;
            }
        }
        bool::from(found).then_some(offset)
    }
}

/// The zero-padded code of `digits` digits for a counter, written into `out`; returns its length.
fn write_code(key: &mac::Key, digits: u8, step: u64, out: &mut [u8; 8]) -> usize {
    let mut v = truncate(&key.mac(&step.to_be_bytes())) % 10u32.pow(u32::from(digits));
    let digits = usize::from(digits).min(8);
    for slot in out[..digits].iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
    digits
}

/// HOTP before the modulo: HMAC, dynamic truncation to 31 bits (RFC 4226 §5.3). The counter is
/// an 8-byte big-endian integer.
///
/// ```
/// // RFC 4226 Appendix D, count 0: truncated decimal 1284755224.
/// assert_eq!(mfa_core::totp::hotp(b"12345678901234567890", Default::default(), 0), 1284755224);
/// ```
pub fn hotp(key: &[u8], algorithm: Algorithm, counter: u64) -> u32 {
    truncate(&mac::Key::new(algorithm, key).mac(&counter.to_be_bytes()))
}

/// Dynamic truncation of an HMAC output (RFC 4226 §5.3).
fn truncate(mac: &mac::Output) -> u32 {
    let hash = mac.as_bytes();
    let offset = usize::from(hash.last().copied().unwrap_or(0) & 0x0f);
    let byte = |i: usize| hash.get(offset + i).copied().unwrap_or(0);
    u32::from_be_bytes([byte(0) & 0x7f, byte(1), byte(2), byte(3)])
}

// The compact HMAC is always compiled, so its vector tests run in every configuration; with the
// `rustcrypto` feature nothing else uses it.
#[cfg_attr(feature = "rustcrypto", allow(dead_code))]
pub(crate) mod hmac;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

#[cfg(not(feature = "rustcrypto"))]
use self::hmac as mac;
/// The HMAC behind TOTP and HOTP: RustCrypto's with the `rustcrypto` feature (the reference
/// server), the compact one otherwise (the wasm package, for its size).
#[cfg(feature = "rustcrypto")]
use rustcrypto as mac;

/// Which HMAC implementation this build's TOTP uses: `"rustcrypto"` or `"compact"`.
///
/// ```
/// assert!(["rustcrypto", "compact"].contains(&mfa_core::totp::HMAC_BACKEND));
/// ```
pub const HMAC_BACKEND: &str = if cfg!(feature = "rustcrypto") {
    "rustcrypto"
} else {
    "compact"
};

/// Seconds left in the current step of `period` at `unix_seconds` (from `period` down to 1).
///
/// ```
/// assert_eq!(mfa_core::totp::seconds_remaining(30, 59), 1);
/// assert_eq!(mfa_core::totp::seconds_remaining(30, 60), 30);
/// ```
pub const fn seconds_remaining(period: u32, unix_seconds: u64) -> u32 {
    period - (unix_seconds % period as u64) as u32
}

#[cfg(test)]
mod tests;
