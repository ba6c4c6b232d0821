//! RFC 4648 base32 (upper-case alphabet, no padding).
//!
//! Hand-written rather than taken from the `base32` or `data-encoding` crates, for two measured
//! reasons: authenticator apps (Google Authenticator, pyotp) ignore non-zero trailing bits, which
//! `data-encoding` rejects, and `base32` 0.5 decodes case-sensitively and rejects padding, so input
//! would need a second pass anyway. [`crate::secret::normalize`] does the tolerant cleaning; this
//! module only sees canonical text. It is checked against the RFC 4648 §10 vectors and, through
//! TOTP, against pyotp.

use alloc::{string::String, vec::Vec};

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes bytes as canonical base32 without padding.
///
/// ```
/// assert_eq!(mfa_core::base32::encode(b"foobar"), "MZXW6YTBOI");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The 5-bit value of one upper-case base32 character.
pub(crate) fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'2'..=b'7' => Some(u32::from(c - b'2') + 26),
        _ => None,
    }
}

/// Whether a number of base32 characters can end an encoding (RFC 4648 §6: 1, 3 or 6 leftover
/// characters cannot).
pub(crate) const fn valid_length(len: usize) -> bool {
    !matches!(len % 8, 1 | 3 | 6)
}

/// Decodes canonical upper-case base32 without padding; `None` for any other character or an
/// impossible length. Trailing bits that do not make a whole byte are ignored.
///
/// ```
/// assert_eq!(mfa_core::base32::decode("MZXW6YTBOI").as_deref(), Some(&b"foobar"[..]));
/// assert_eq!(mfa_core::base32::decode("mzxw6ytboi"), None);
/// ```
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if !valid_length(text.len()) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &c in text.as_bytes() {
        buffer = (buffer << 5) | value(c)?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10, with the padding removed.
    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "MY"),
        ("fo", "MZXQ"),
        ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn rejects_impossible_lengths_and_characters() {
        for bad in ["A", "ABC", "ABCDEF", "MZXW6YTB0", "MZXW6ytb", "MZXW6YT="] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn ignores_trailing_bits_like_authenticator_apps() {
        // "MZ" is canonical for "f"; "M3" sets the 2 unused trailing bits.
        assert_eq!(decode("M3").unwrap(), b"f");
    }

    proptest::proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80)) {
            proptest::prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
    }
}
