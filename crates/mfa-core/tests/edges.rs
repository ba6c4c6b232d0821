//! The edges cargo-mutants found untested in mfa-core (docs/testing.md): the truncated HOTP
//! values, the parameters a `Totp` reports, the step arithmetic at both ends of time, the
//! seconds left in a step, the validators' length limits and the reasons' wire names.

use mfa_core::totp::{hotp, seconds_remaining, Algorithm, Totp};
use mfa_core::validate::{phone_number, recovery_code, Reason, RecoveryFormat};

/// RFC 4226 Appendix D, "Truncated" column (decimal), counts 0 to 9; also computed with
/// Python's hmac/hashlib and the §5.3 truncation.
#[test]
fn hotp_truncation_rfc_4226_appendix_d() {
    let expected = [
        1284755224, 1094287082, 137359152, 1726969429, 1640338314, 868254676, 1918287922, 82162583,
        673399871, 645520489,
    ];
    for (count, value) in expected.into_iter().enumerate() {
        assert_eq!(
            hotp(b"12345678901234567890", Algorithm::Sha1, count as u64),
            value
        );
    }
}

#[test]
fn a_totp_reports_its_parameters() {
    let totp = Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm::Sha256, 8, 60).unwrap();
    assert_eq!((totp.digits(), totp.period()), (8, 60));
    let totp = Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm::Sha1, 7, 1).unwrap();
    assert_eq!((totp.digits(), totp.period()), (7, 1));
}

/// Steps before the epoch and after u64::MAX do not exist: they are skipped, never wrapped
/// around to the other end of time (where they would accept another step's code).
#[test]
fn the_window_stops_at_both_ends_of_time() {
    let totp = Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm::Sha1, 6, 1).unwrap();
    let (first, last) = (totp.code_at_step(0), totp.code_at_step(u64::MAX));
    assert_ne!(
        first, last,
        "the two ends have different codes for this key"
    );
    assert_eq!(
        totp.verify(&last, u64::MAX, 1),
        Some(0),
        "the last step exists"
    );
    assert_eq!(
        totp.verify(&totp.code_at_step(u64::MAX - 1), u64::MAX, 1),
        Some(-1)
    );
    assert_eq!(
        totp.verify(&first, u64::MAX, 1),
        None,
        "u64::MAX + 1 does not wrap to 0"
    );
    assert_eq!(totp.verify(&first, 0, 1), Some(0));
    assert_eq!(
        totp.verify(&last, 0, 1),
        None,
        "step -1 does not wrap to u64::MAX"
    );
    assert_eq!(totp.verify(&totp.code_at_step(1), 0, 1), Some(1));
}

#[test]
fn seconds_left_in_a_step() {
    for (period, at, left) in [
        (30, 0, 30),
        (30, 1, 29),
        (30, 29, 1),
        (30, 30, 30),
        (30, 59, 1),
        (60, 1_111_111_109, 31),
        (1, 12_345, 1),
        (120, u64::MAX, 120 - (u64::MAX % 120) as u32),
    ] {
        assert_eq!(
            seconds_remaining(period, at),
            left,
            "period {period} at {at}"
        );
    }
}

/// ITU-T E.164: 7 to 15 digits in all, country code included.
#[test]
fn phone_numbers_have_seven_to_fifteen_digits() {
    let digits = |n: usize| format!("+4{}", "1".repeat(n - 1));
    assert_eq!(phone_number(&digits(6)), Err(Reason::TooShort));
    assert_eq!(phone_number(&digits(7)).unwrap(), digits(7));
    assert_eq!(phone_number(&digits(15)).unwrap(), digits(15));
    assert_eq!(phone_number(&digits(16)), Err(Reason::TooLong));
    assert_eq!(phone_number(&digits(40)), Err(Reason::TooLong));
}

#[test]
fn recovery_codes_are_grouped_in_fours() {
    let format = RecoveryFormat::default();
    assert_eq!(
        (format.len(), format.is_empty(), format.bits()),
        (16, false, 80)
    );
    let none = RecoveryFormat {
        groups: 0,
        group_length: 4,
    };
    assert!(none.is_empty());
    let ungrouped = RecoveryFormat {
        groups: 4,
        group_length: 0,
    };
    assert_eq!(
        ungrouped.group("ABCD"),
        "ABCD",
        "no group length, no dashes (and no % 0)"
    );
    assert_eq!(format.group("ABCDEFGHIJKLMNOP"), "ABCD-EFGH-IJKL-MNOP");
    assert_eq!(
        recovery_code("abcdefghijklmnop", format).unwrap(),
        "ABCD-EFGH-IJKL-MNOP"
    );
}

/// The reasons' wire names, which the server's errors and the JS API both expose.
#[test]
fn reasons_have_stable_names() {
    for (reason, name) in [
        (Reason::Empty, "empty"),
        (Reason::TooShort, "too_short"),
        (Reason::TooLong, "too_long"),
        (Reason::InvalidCharacter, "invalid_character"),
        (Reason::MissingCountryCode, "missing_country_code"),
        (Reason::InvalidCountryCode, "invalid_country_code"),
    ] {
        assert_eq!(reason.as_str(), name);
    }
}
