//! `Debug` of the types that hold a TOTP key (`Totp`, `KeyUri`) never shows the key: not as
//! base32 in either case, not as hex, and not as the decimal byte list a derived `Debug` prints
//! for `Vec<u8>` (`key: [49, 50, ...]`), not even three bytes of it. It still says what the value
//! is (type, algorithm, digits, period), so logs stay useful.

use mfa_core::totp::{Algorithm, Totp};
use proptest::prelude::*;

/// The ways `key` (also given as `base32`) could appear in `text`, as found pieces.
fn leaks(text: &str, key: &[u8], base32: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    // Any 8 characters of the base32 (40 bits), in any case.
    for piece in base32.as_bytes().windows(8) {
        let piece = String::from_utf8_lossy(piece).to_ascii_lowercase();
        if lower.contains(&piece) {
            found.push(piece);
        }
    }
    // Any 3 consecutive bytes as Debug prints them ("49, 50, 51"), or without spaces, or as hex.
    let compact = lower.replace(' ', "");
    for w in key.windows(3) {
        let decimal = format!("{}, {}, {}", w[0], w[1], w[2]);
        let hex = format!("{:02x}{:02x}{:02x}", w[0], w[1], w[2]);
        if lower.contains(&decimal) || compact.contains(&decimal.replace(' ', "")) {
            found.push(decimal);
        }
        if lower.contains(&hex) {
            found.push(hex);
        }
    }
    found
}

fn check(key: &[u8], algorithm: Algorithm, digits: u32, period: u64) {
    let base32 = mfa_core::base32::encode(key);
    let totp = Totp::new(&base32, algorithm, digits, period).unwrap();
    for text in [format!("{totp:?}"), format!("{totp:#?}")] {
        assert_eq!(leaks(&text, key, &base32), Vec::<String>::new(), "{text}");
        for shown in [
            "Totp",
            algorithm_name(algorithm),
            &digits.to_string(),
            &period.to_string(),
        ] {
            assert!(text.contains(shown), "{text} lacks {shown}");
        }
    }
    let uri = format!(
        "otpauth://totp/Acme:alice%40example.com?secret={base32}&issuer=Acme&algorithm={}&digits={digits}&period={period}",
        algorithm.as_str()
    );
    let parsed = mfa_core::uri::parse(&uri).unwrap();
    assert_eq!(parsed.secret, base32, "the key is there to leak");
    for text in [format!("{parsed:?}"), format!("{parsed:#?}")] {
        assert_eq!(leaks(&text, key, &base32), Vec::<String>::new(), "{text}");
        assert!(
            text.contains("KeyUri") && text.contains("alice@example.com"),
            "{text}"
        );
    }
}

fn algorithm_name(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::Sha1 => "Sha1",
        Algorithm::Sha256 => "Sha256",
        Algorithm::Sha512 => "Sha512",
    }
}

#[test]
fn the_rfc_keys_never_show() {
    check(b"12345678901234567890", Algorithm::Sha1, 6, 30);
    check(
        b"12345678901234567890123456789012",
        Algorithm::Sha256,
        8,
        60,
    );
    check(&[0xab; 64], Algorithm::Sha512, 7, 15);
}

/// The oracle itself finds a derived `Debug`'s output (so the checks above can fail).
#[test]
fn a_derived_debug_would_be_found() {
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Leaky {
        key: Vec<u8>,
    }
    let key = b"12345678901234567890".to_vec();
    let base32 = mfa_core::base32::encode(&key);
    let text = format!("{:?}", Leaky { key: key.clone() });
    assert!(!leaks(&text, &key, &base32).is_empty(), "{text}");
    let text = format!("secret={}", base32.to_ascii_lowercase());
    assert!(!leaks(&text, &key, &base32).is_empty(), "{text}");
}

proptest! {
    #[test]
    fn random_keys_never_show(
        key in proptest::collection::vec(any::<u8>(), 16..64),
        algorithm in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
        digits in 6u32..=8,
        period in 1u64..=120,
    ) {
        check(&key, algorithm, digits, period);
    }
}
