//! Shared secrets: generation from the CSPRNG, normalisation of what people paste, and the
//! grouped form shown for manual entry.

use crate::{base32, text, Error, ErrorCode, Result};
use alloc::{string::String, vec::Vec};

/// Bytes in a generated secret by default: 160 bits, the RFC 4226 R6 recommendation and the
/// HMAC-SHA1 output length (RFC 6238 §5.1).
pub const DEFAULT_BYTES: usize = 20;
/// The fewest bytes [`generate`] produces: RFC 4226 R6, "at least 128 bits".
pub const MIN_GENERATED_BYTES: usize = 16;
/// The fewest bytes a secret may have to be used at all: 80 bits, which many sites still issue
/// (Google's own Key URI example). Accepted, never generated.
pub const MIN_ACCEPTED_BYTES: usize = 10;
/// The most bytes a secret may have: the SHA-512 block size; longer keys are hashed by HMAC anyway.
pub const MAX_BYTES: usize = 128;

/// Generates a secret of `bytes` random bytes from the platform CSPRNG, as canonical base32.
///
/// Refuses fewer than [`MIN_GENERATED_BYTES`] (RFC 4226 R6) or more than [`MAX_BYTES`].
///
/// ```
/// let secret = mfa_core::secret::generate(20).unwrap();
/// assert_eq!(secret.len(), 32);
/// assert!(mfa_core::secret::generate(10).is_err());
/// ```
pub fn generate(bytes: usize) -> Result<String> {
    if bytes < MIN_GENERATED_BYTES {
        return Err(Error::new(
            ErrorCode::SecretTooShort,
            "a generated secret needs at least 16 bytes (RFC 4226 R6)",
        )
        .with_field("byteLength"));
    }
    if bytes > MAX_BYTES {
        return Err(Error::input(
            "byteLength",
            crate::Reason::OutOfRange,
            "a secret has at most 128 bytes",
        ));
    }
    let mut buf = [0u8; MAX_BYTES];
    getrandom::fill(&mut buf[..bytes]).map_err(|_| {
        Error::new(
            ErrorCode::RandomUnavailable,
            "the platform CSPRNG is unavailable",
        )
    })?;
    let encoded = base32::encode(&buf[..bytes]);
    buf.fill(0);
    Ok(encoded)
}

/// Normalises a pasted or typed secret to canonical base32: upper case, no spaces, dashes or `=`
/// padding. Full-width letters and digits are folded to ASCII.
///
/// ```
/// use mfa_core::secret::normalize;
/// assert_eq!(normalize(" jbsw-y3dp ehpk 3pxp== ").unwrap(), "JBSWY3DPEHPK3PXP");
/// assert!(normalize("JBSW Y3DP 0000").is_err()); // 0 is not base32
/// ```
pub fn normalize(input: &str) -> Result<String> {
    const BAD: Error = Error::new(ErrorCode::InvalidSecret, "the secret is not valid base32");
    const TOO_LONG: Error = Error::new(ErrorCode::InvalidSecret, "the secret is too long");
    // Bounds the work on pasted text; the real limit is on the canonical characters below.
    if input.len() > 16 * 1024 {
        return Err(TOO_LONG);
    }
    let mut out = String::with_capacity(input.len());
    let mut padding = 0usize;
    for c in input.chars().map(text::fold_width) {
        if text::is_separator(c) {
            continue;
        }
        if c == '=' {
            padding += 1;
            continue;
        }
        // Padding may only trail the data.
        if padding > 0 {
            return Err(BAD);
        }
        let upper = c.to_ascii_uppercase();
        if !upper.is_ascii() || base32::value(upper as u8).is_none() {
            return Err(BAD);
        }
        out.push(upper);
    }
    if out.is_empty() {
        return Err(Error::new(ErrorCode::InvalidSecret, "the secret is empty"));
    }
    if out.len() > (MAX_BYTES * 8).div_ceil(5) {
        return Err(TOO_LONG);
    }
    if !base32::valid_length(out.len()) || padding > 6 {
        return Err(BAD);
    }
    Ok(out)
}

/// Normalises and decodes a secret for use as a key, checking it has between
/// [`MIN_ACCEPTED_BYTES`] and [`MAX_BYTES`] bytes.
///
/// ```
/// assert_eq!(mfa_core::secret::decode("JBSWY3DPEHPK3PXP").unwrap(), b"Hello!\xDE\xAD\xBE\xEF");
/// ```
pub fn decode(input: &str) -> Result<Vec<u8>> {
    // Canonical text (what `generate` and Key URIs give) needs no cleaning pass: this skips an
    // allocation and the Unicode checks on every TOTP call. Anything else, including text too
    // long for a secret, goes through `normalize` and gets its errors.
    let cleaned;
    let canonical = if !input.is_empty()
        && input.len() <= (MAX_BYTES * 8).div_ceil(5)
        && input.bytes().all(|b| base32::value(b).is_some())
    {
        input
    } else {
        cleaned = normalize(input)?;
        &cleaned
    };
    let bytes = base32::decode(canonical).ok_or(Error::new(
        ErrorCode::InvalidSecret,
        "the secret is not valid base32",
    ))?;
    if bytes.len() < MIN_ACCEPTED_BYTES {
        return Err(Error::new(
            ErrorCode::SecretTooShort,
            "the secret has fewer than 80 bits",
        ));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::new(
            ErrorCode::InvalidSecret,
            "the secret is too long",
        ));
    }
    Ok(bytes)
}

/// Formats a secret for manual entry: canonical base32 in groups of four.
///
/// ```
/// assert_eq!(mfa_core::secret::format("gezdgnbvgy3tqojq").unwrap(), "GEZD GNBV GY3T QOJQ");
/// ```
pub fn format(input: &str) -> Result<String> {
    let canonical = normalize(input)?;
    let mut out = String::with_capacity(canonical.len() + canonical.len() / 4);
    for (i, c) in canonical.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_secrets_are_distinct_and_sized() {
        let a = generate(20).unwrap();
        let b = generate(20).unwrap();
        assert_ne!(a, b);
        assert_eq!(base32::decode(&a).unwrap().len(), 20);
        assert_eq!(generate(32).unwrap().len(), 52);
    }

    #[test]
    fn generate_refuses_short_and_huge() {
        assert_eq!(generate(15).unwrap_err().code(), ErrorCode::SecretTooShort);
        assert_eq!(generate(0).unwrap_err().code(), ErrorCode::SecretTooShort);
        assert_eq!(generate(129).unwrap_err().code(), ErrorCode::InvalidInput);
        assert!(generate(16).is_ok());
    }

    #[test]
    fn normalize_accepts_what_people_paste() {
        for input in [
            "GEZDGNBVGY3TQOJQ",
            "gezdgnbvgy3tqojq",
            "gezd gnbv gy3t qojq",
            "GEZD-GNBV-GY3T-QOJQ",
            "  GEZDGNBVGY3TQOJQ\n",
            "GEZD\u{A0}GNBV GY3T QOJQ",
            "ＧＥＺＤ GNBV GY3T QOJQ",
        ] {
            assert_eq!(normalize(input).unwrap(), "GEZDGNBVGY3TQOJQ", "{input:?}");
        }
        assert_eq!(normalize("MZXW6YQ=").unwrap(), "MZXW6YQ");
        assert_eq!(normalize("mzxw6===").unwrap(), "MZXW6");
    }

    #[test]
    fn normalize_refuses_what_cannot_be_base32() {
        for input in [
            "",
            "   ",
            "====",
            "GEZD1",
            "GEZDGNBVGY3TQOJ8",
            "MZ=XW",
            "ABC",
            "GEZDGNBVGY3TQOJQ!",
            "GEZDGNBVGY3TQOJÉ",
        ] {
            assert_eq!(
                normalize(input).unwrap_err().code(),
                ErrorCode::InvalidSecret,
                "{input:?}"
            );
        }
    }

    #[test]
    fn decode_enforces_the_80_bit_floor() {
        assert_eq!(
            decode("MZXW6YTBOI").unwrap_err().code(),
            ErrorCode::SecretTooShort
        );
        assert_eq!(decode("JBSWY3DPEHPK3PXP").unwrap().len(), 10);
    }

    #[test]
    fn errors_never_echo_the_input() {
        let err = normalize("SECRETSECRET1").unwrap_err();
        assert!(!err.message().contains("SECRET"));
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,64}") {
            if let Ok(once) = normalize(&s) {
                prop_assert_eq!(normalize(&once).unwrap(), once);
            }
        }

        #[test]
        fn format_then_normalize_round_trips(bytes in proptest::collection::vec(any::<u8>(), 10..64)) {
            let canonical = base32::encode(&bytes);
            let formatted = format(&canonical).unwrap();
            prop_assert!(formatted.split(' ').all(|g| g.len() <= 4));
            prop_assert_eq!(normalize(&formatted).unwrap(), canonical);
        }

        #[test]
        fn lowercase_and_grouping_do_not_change_the_key(bytes in proptest::collection::vec(any::<u8>(), 10..64)) {
            let canonical = base32::encode(&bytes);
            let messy = format(&canonical).unwrap().to_lowercase().replace(' ', " - ");
            prop_assert_eq!(decode(&messy).unwrap(), bytes);
        }
    }
}
