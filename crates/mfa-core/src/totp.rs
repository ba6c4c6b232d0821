//! HOTP (RFC 4226) and TOTP (RFC 6238): code generation and constant-time verification.

use crate::{secret, Error, ErrorCode, Result};
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
            &hmac::Key::new(self.algorithm, &self.key),
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
        let key = hmac::Key::new(self.algorithm, &self.key);
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
fn write_code(key: &hmac::Key, digits: u8, step: u64, out: &mut [u8; 8]) -> usize {
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
    truncate(&hmac::Key::new(algorithm, key).mac(&counter.to_be_bytes()))
}

/// Dynamic truncation of an HMAC output (RFC 4226 §5.3).
fn truncate(mac: &hmac::Output) -> u32 {
    let hash = mac.as_bytes();
    let offset = usize::from(hash.last().copied().unwrap_or(0) & 0x0f);
    let byte = |i: usize| hash.get(offset + i).copied().unwrap_or(0);
    u32::from_be_bytes([byte(0) & 0x7f, byte(1), byte(2), byte(3)])
}

/// HMAC (RFC 2104) over SHA-1, SHA-256 and SHA-512 (FIPS 180-4).
///
/// Written out here instead of using the RustCrypto `hmac`/`sha1`/`sha2` crates, for the wasm
/// build's size (bench/RESULTS.md): their three monomorphised HMACs, the unrolled compression
/// functions and the `digest` plumbing took about 12 KB of wasm; this takes about 3 KB, with the
/// SHA-256 round constants taken from the SHA-512 ones (they are their top 32 bits). The
/// compression functions are the textbook loops: no secret-dependent branches or indices. They
/// are checked against FIPS 180-4 and RFC 2202/4231 vectors, and against RustCrypto on random
/// keys and messages of every length (tests below), besides the RFC 4226/6238 vectors and the
/// pyotp oracle of `tests/`.
pub(crate) mod hmac {
    use super::Algorithm;

    /// SHA-512's round constants; SHA-256's are the top halves of the first 64.
    #[rustfmt::skip]
    const K64: [u64; 80] = [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
        0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
        0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
        0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
        0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
        0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
        0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
        0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
        0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
        0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
        0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ];

    /// SHA-512's initial hash; SHA-256's is the top halves.
    const H512: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];

    const H1: [u64; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];

    const fn block_len(alg: Algorithm) -> usize {
        match alg {
            Algorithm::Sha512 => 128,
            _ => 64,
        }
    }

    const fn output_len(alg: Algorithm) -> usize {
        match alg {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    /// A digest or MAC: up to 64 bytes.
    pub(crate) struct Output {
        bytes: [u8; 64],
        len: usize,
    }

    impl Output {
        pub(crate) fn as_bytes(&self) -> &[u8] {
            self.bytes.get(..self.len).unwrap_or_default()
        }
    }

    // The compression functions take the whole 128-byte buffer so that every index below is
    // provably in bounds: no bounds checks, no calls in the rounds (they stay fast at opt-level z).

    /// The message schedule of SHA-1 and SHA-256: the block's 16 words, then `expand(w, t)`.
    fn schedule32<const N: usize>(
        block: &[u8; 128],
        expand: impl Fn(&[u32; N], usize) -> u32,
    ) -> [u32; N] {
        let mut w = [0u32; N];
        for t in 0..N {
            w[t] = if t < 16 {
                let j = t * 4;
                u32::from_be_bytes([block[j], block[j + 1], block[j + 2], block[j + 3]])
            } else {
                expand(&w, t)
            };
        }
        w
    }

    fn sha1(h: &mut [u64; 8], block: &[u8; 128]) {
        let w = schedule32::<80>(block, |w, t| {
            (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1)
        });
        let mut s = [h[0], h[1], h[2], h[3], h[4]].map(|x| x as u32);
        // Four rounds of 20 with their own function and constant, so no branch per round.
        macro_rules! rounds {
            ($range:expr, $k:expr, |$b:ident, $c:ident, $d:ident| $f:expr) => {
                for &wt in &w[$range] {
                    let [a, $b, $c, $d, e] = s;
                    let temp = a
                        .rotate_left(5)
                        .wrapping_add($f)
                        .wrapping_add(e)
                        .wrapping_add($k)
                        .wrapping_add(wt);
                    s = [temp, a, $b.rotate_left(30), $c, $d];
                }
            };
        }
        rounds!(0..20, 0x5A827999, |b, c, d| (b & c) | (!b & d));
        rounds!(20..40, 0x6ED9EBA1, |b, c, d| b ^ c ^ d);
        rounds!(40..60, 0x8F1BBCDC, |b, c, d| (b & c) | (b & d) | (c & d));
        rounds!(60..80, 0xCA62C1D6, |b, c, d| b ^ c ^ d);
        for (x, v) in h.iter_mut().zip(s) {
            *x = u64::from((*x as u32).wrapping_add(v));
        }
    }

    fn sha256(h: &mut [u64; 8], block: &[u8; 128]) {
        let w = schedule32::<64>(block, |w, t| {
            let (w15, w2) = (w[t - 15], w[t - 2]);
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1)
        });
        let mut v = h.map(|x| x as u32);
        for (&k, &wt) in K64.iter().zip(&w) {
            let [a, b, c, d, e, f, g, hh] = v;
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add((k >> 32) as u32)
                .wrapping_add(wt);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            v = [
                t1.wrapping_add(s0).wrapping_add(maj),
                a,
                b,
                c,
                d.wrapping_add(t1),
                e,
                f,
                g,
            ];
        }
        for (x, v) in h.iter_mut().zip(v) {
            *x = u64::from((*x as u32).wrapping_add(v));
        }
    }

    fn sha512(h: &mut [u64; 8], block: &[u8; 128]) {
        let mut w = [0u64; 80];
        for t in 0..80 {
            w[t] = if t < 16 {
                let j = t * 8;
                u64::from_be_bytes([
                    block[j],
                    block[j + 1],
                    block[j + 2],
                    block[j + 3],
                    block[j + 4],
                    block[j + 5],
                    block[j + 6],
                    block[j + 7],
                ])
            } else {
                let (w15, w2) = (w[t - 15], w[t - 2]);
                let s0 = w15.rotate_right(1) ^ w15.rotate_right(8) ^ (w15 >> 7);
                let s1 = w2.rotate_right(19) ^ w2.rotate_right(61) ^ (w2 >> 6);
                w[t - 16]
                    .wrapping_add(s0)
                    .wrapping_add(w[t - 7])
                    .wrapping_add(s1)
            };
        }
        let mut v = *h;
        for (&k, &wt) in K64.iter().zip(&w) {
            let [a, b, c, d, e, f, g, hh] = v;
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(k)
                .wrapping_add(wt);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            v = [
                t1.wrapping_add(s0).wrapping_add(maj),
                a,
                b,
                c,
                d.wrapping_add(t1),
                e,
                f,
                g,
            ];
        }
        for (x, v) in h.iter_mut().zip(v) {
            *x = x.wrapping_add(v);
        }
    }

    fn initial(alg: Algorithm) -> [u64; 8] {
        match alg {
            Algorithm::Sha1 => [H1[0], H1[1], H1[2], H1[3], H1[4], 0, 0, 0],
            Algorithm::Sha256 => H512.map(|x| x >> 32),
            Algorithm::Sha512 => H512,
        }
    }

    fn compress(alg: Algorithm, h: &mut [u64; 8], block: &[u8; 128]) {
        match alg {
            Algorithm::Sha1 => sha1(h, block),
            Algorithm::Sha256 => sha256(h, block),
            Algorithm::Sha512 => sha512(h, block),
        }
    }

    /// Hashes `data` onto the state `h`, which has already absorbed `done` bytes (whole blocks),
    /// and returns the digest. Padding: 0x80, zeros, then the length in bits in the last 8
    /// bytes (SHA-512's 16-byte length field has a zero high half here).
    fn hash_from(alg: Algorithm, mut h: [u64; 8], done: u64, data: &[u8]) -> Output {
        let block = block_len(alg);
        let mut buf = [0u8; 128];
        let mut chunks = data.chunks_exact(block);
        for chunk in &mut chunks {
            buf.iter_mut().zip(chunk).for_each(|(d, s)| *d = *s);
            compress(alg, &mut h, &buf);
        }
        let rest = chunks.remainder();
        buf = [0; 128];
        buf.iter_mut().zip(rest).for_each(|(d, s)| *d = *s);
        buf[rest.len() & 127] = 0x80;
        if rest.len() >= block - block / 8 {
            compress(alg, &mut h, &buf);
            buf = [0; 128];
        }
        let bits = (done + data.len() as u64).wrapping_mul(8).to_be_bytes();
        buf.iter_mut()
            .skip(block - 8)
            .zip(bits)
            .for_each(|(d, s)| *d = s);
        compress(alg, &mut h, &buf);

        let mut out = Output {
            bytes: [0; 64],
            len: output_len(alg),
        };
        for (i, chunk) in out.bytes.chunks_exact_mut(8).enumerate() {
            let word = if alg == Algorithm::Sha512 {
                h[i]
            } else {
                (h[(2 * i) & 7] << 32) | (h[(2 * i + 1) & 7] & 0xFFFF_FFFF)
            };
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// The SHA-1/256/512 digest of `data`.
    pub(crate) fn digest(alg: Algorithm, data: &[u8]) -> Output {
        hash_from(alg, initial(alg), 0, data)
    }

    /// An HMAC key with its inner and outer padded blocks already absorbed: each MAC of a short
    /// message then costs two compressions.
    pub(crate) struct Key {
        alg: Algorithm,
        inner: [u64; 8],
        outer: [u64; 8],
    }

    impl Key {
        pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Self {
            let block = block_len(alg);
            let mut padded = [0u8; 128];
            if key.len() > block {
                let hashed = digest(alg, key);
                padded
                    .iter_mut()
                    .zip(hashed.as_bytes())
                    .for_each(|(d, s)| *d = *s);
            } else {
                padded.iter_mut().zip(key).for_each(|(d, s)| *d = *s);
            }
            let absorb = |pad: u8| {
                let mut h = initial(alg);
                let mut blockbuf = [0u8; 128];
                for (d, k) in blockbuf.iter_mut().zip(padded.iter()).take(block) {
                    *d = k ^ pad;
                }
                compress(alg, &mut h, &blockbuf);
                h
            };
            let (inner, outer) = (absorb(0x36), absorb(0x5c));
            padded.fill(0);
            Self { alg, inner, outer }
        }

        pub(crate) fn mac(&self, message: &[u8]) -> Output {
            let block = block_len(self.alg) as u64;
            let inner = hash_from(self.alg, self.inner, block, message);
            hash_from(self.alg, self.outer, block, inner.as_bytes())
        }
    }

    impl Drop for Key {
        fn drop(&mut self) {
            // The absorbed states are as good as the key: wipe them.
            self.inner = [0; 8];
            self.outer = [0; 8];
        }
    }
}

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
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn digest(alg: Algorithm, data: &[u8]) -> String {
        hex(hmac::digest(alg, data).as_bytes())
    }

    #[test]
    fn sha_vectors_fips_180_4() {
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            digest(Algorithm::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            digest(Algorithm::Sha1, two_blocks),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(
            digest(Algorithm::Sha1, b""),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
        assert_eq!(
            digest(Algorithm::Sha256, b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            digest(Algorithm::Sha256, two_blocks),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            digest(Algorithm::Sha512, b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        let million_a = vec![b'a'; 1_000_000];
        assert_eq!(
            digest(Algorithm::Sha1, &million_a),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
    }

    #[test]
    fn hmac_vectors_rfc_2202_and_4231() {
        let mac = |alg, key: &[u8], data: &[u8]| hex(hmac::Key::new(alg, key).mac(data).as_bytes());
        assert_eq!(
            mac(Algorithm::Sha1, &[0x0b; 20], b"Hi There"),
            "b617318655057264e28bc0b6fb378c8ef146be00"
        );
        // A key longer than the block is hashed first.
        assert_eq!(
            mac(
                Algorithm::Sha1,
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        );
        assert_eq!(
            mac(Algorithm::Sha256, &[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            mac(Algorithm::Sha512, &[0x0b; 20], b"Hi There"),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        );
        assert_eq!(
            mac(Algorithm::Sha512, &[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        );
    }

    proptest::proptest! {
        #[test]
        fn hmac_matches_rustcrypto(
            key in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            msg in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        ) {
            use ::hmac::{Hmac, KeyInit, Mac};
            fn theirs<D: ::hmac::EagerHash>(key: &[u8], msg: &[u8]) -> Vec<u8> {
                let mut m = <Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
                m.update(msg);
                m.finalize().into_bytes().to_vec()
            }
            let ours = |alg| hmac::Key::new(alg, &key).mac(&msg).as_bytes().to_vec();
            proptest::prop_assert_eq!(ours(Algorithm::Sha1), theirs::<sha1::Sha1>(&key, &msg));
            proptest::prop_assert_eq!(ours(Algorithm::Sha256), theirs::<sha2::Sha256>(&key, &msg));
            proptest::prop_assert_eq!(ours(Algorithm::Sha512), theirs::<sha2::Sha512>(&key, &msg));
        }
    }

    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn verify_rejects_wrong_lengths_and_handles_the_ends_of_time() {
        let totp = Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap();
        let code = totp.code(0);
        assert_eq!(totp.verify(&code, 0, 1), Some(0));
        assert_eq!(totp.verify(&code[..5], 0, 1), None);
        assert_eq!(totp.verify("", 0, 1), None);
        assert_eq!(totp.verify(&format!("{code}0"), 0, 1), None);
        // No underflow before the epoch, no overflow at the end of time.
        assert_eq!(totp.verify(&totp.code(u64::MAX), u64::MAX, 1), Some(0));
    }

    #[test]
    fn verify_window_offsets() {
        let totp = Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap();
        let t = 2_000_000_000;
        assert_eq!(totp.verify(&totp.code(t + 30), t, 1), Some(1));
        assert_eq!(totp.verify(&totp.code(t - 60), t, 1), None);
        assert_eq!(totp.verify(&totp.code(t - 60), t, 2), Some(-2));
        assert_eq!(totp.verify(&totp.code(t - 300), t, 99), Some(-10)); // window capped at 10
        assert_eq!(totp.verify(&totp.code(t - 330), t, 99), None);
    }

    #[test]
    fn parameter_checks() {
        assert_eq!(
            check_digits(9).unwrap_err().code(),
            ErrorCode::InvalidDigits
        );
        assert_eq!(
            check_period(121).unwrap_err().code(),
            ErrorCode::InvalidPeriod
        );
        assert_eq!(
            Algorithm::parse("sha3").unwrap_err().code(),
            ErrorCode::UnsupportedAlgorithm
        );
        assert_eq!(
            Algorithm::parse("SHA1SHA1SHA1").unwrap_err().code(),
            ErrorCode::UnsupportedAlgorithm
        );
        assert!(
            !format!("{:?}", Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap()).contains("GEZ")
        );
    }
}
