//! Validation and normalisation of what people type: one-time codes, recovery codes and phone
//! numbers. Each validator returns the normalised value or a stable [`Reason`].
//!
//! What is cleaned: surrounding and inner spaces (including non-breaking and zero-width ones),
//! dashes, and full-width characters (`１２３４５６`). What is refused is refused with a reason;
//! nothing is silently dropped. Servers should still accept only ASCII (npm advisory 1087; docs/security.md K8).

use crate::{base32, text};
use alloc::{string::String, vec::Vec};

/// Why an input is not valid: the validators give one of [`Reason::VALIDATION`].
pub use crate::error::Reason;

/// A validator's answer: the normalised value, or why there is none.
pub type Validation = Result<String, Reason>;

/// Keeps the characters `keep` maps (after width folding), skips separators, and stops at the
/// first other character or once `max` characters are kept (for a cheap `TooLong`).
fn clean(input: &str, max: usize, keep: impl Fn(char) -> Option<char>) -> Validation {
    let mut out = String::with_capacity(max.min(input.len()) + 1);
    let mut count = 0;
    for c in input.chars().map(text::fold_width) {
        if text::is_separator(c) {
            continue;
        }
        let kept = keep(c).ok_or(Reason::InvalidCharacter)?;
        count += 1;
        if count > max {
            return Err(Reason::TooLong);
        }
        out.push(kept);
    }
    if out.is_empty() {
        return Err(Reason::Empty);
    }
    Ok(out)
}

fn digit(c: char) -> Option<char> {
    c.is_ascii_digit().then_some(c)
}

fn exact_digits(input: &str, length: usize) -> Validation {
    let value = clean(input, length, digit)?;
    if value.len() < length {
        return Err(Reason::TooShort);
    }
    Ok(value)
}

/// Validates a TOTP code of `digits` digits (6 to 8).
///
/// ```
/// use mfa_core::validate::{totp_code, Reason};
/// assert_eq!(totp_code(" 123 456 ", 6).unwrap(), "123456");
/// assert_eq!(totp_code("１２３-４５６", 6).unwrap(), "123456");
/// assert_eq!(totp_code("12345", 6), Err(Reason::TooShort));
/// ```
pub fn totp_code(input: &str, digits: usize) -> Validation {
    exact_digits(input, digits)
}

/// Validates an SMS code of `length` digits.
///
/// ```
/// assert_eq!(mfa_core::validate::sms_code("123-456", 6).unwrap(), "123456");
/// ```
pub fn sms_code(input: &str, length: usize) -> Validation {
    exact_digits(input, length)
}

/// The shape of recovery codes: `groups` groups of `group_length` base32 characters joined by
/// dashes. The default, 4 x 4 = 16 characters of 5 bits, carries 80 bits: above the 64 bits below
/// which NIST SP 800-63B 5.1.2.2 makes rate limiting mandatory, and easy to type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecoveryFormat {
    /// How many groups.
    pub groups: usize,
    /// Characters per group.
    pub group_length: usize,
}

impl Default for RecoveryFormat {
    fn default() -> Self {
        Self {
            groups: 4,
            group_length: 4,
        }
    }
}

impl RecoveryFormat {
    /// Total characters.
    pub const fn len(&self) -> usize {
        self.groups * self.group_length
    }

    /// Whether the format has no characters at all.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entropy of a random code in this format, in bits.
    ///
    /// ```
    /// assert_eq!(mfa_core::validate::RecoveryFormat::default().bits(), 80);
    /// ```
    pub const fn bits(&self) -> usize {
        self.len() * 5
    }

    /// Puts dashes between the groups of a code of exactly [`Self::len`] characters.
    pub fn group(&self, chars: &str) -> String {
        let mut out = String::with_capacity(self.len() + self.groups);
        for (i, c) in chars.chars().enumerate() {
            if i > 0 && self.group_length > 0 && i % self.group_length == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

/// Validates a recovery code: base32 characters in any case, grouped with dashes or spaces or
/// not at all. `0`, `1` and `8`, which base32 never uses, are read as the `O`, `I` and `B` people
/// mistake them for. Returns the canonical grouped form, e.g. `ABCD-EFGH-IJKL-MNOP`.
///
/// ```
/// use mfa_core::validate::{recovery_code, RecoveryFormat};
/// assert_eq!(recovery_code("abcd efgh ijkl mn0p", RecoveryFormat::default()).unwrap(), "ABCD-EFGH-IJKL-MNOP");
/// ```
pub fn recovery_code(input: &str, format: RecoveryFormat) -> Validation {
    let value = clean(input, format.len(), |c| {
        let c = match c.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            c => c,
        };
        (c.is_ascii() && base32::value(c as u8).is_some()).then_some(c)
    })?;
    if value.len() < format.len() {
        return Err(Reason::TooShort);
    }
    Ok(format.group(&value))
}

/// Validates a phone number in E.164 form: `+`, a country code not starting with 0, and 7 to 15
/// digits in all (ITU-T E.164 §6). Spaces, dashes, dots, parentheses and a national trunk `(0)`
/// after the country code are removed: `+44 (0)20 7946 0958` gives `+442079460958`.
///
/// ```
/// use mfa_core::validate::{phone_number, Reason};
/// assert_eq!(phone_number("+1 (415) 555-0132").unwrap(), "+14155550132");
/// assert_eq!(phone_number("415 555 0132"), Err(Reason::MissingCountryCode));
/// ```
pub fn phone_number(input: &str) -> Validation {
    const MIN: usize = 7;
    const MAX: usize = 15;
    // One pass over the folded characters (smaller in wasm than trimming, replacing and
    // cleaning in turn): the first non-space character must be `+`; then grouping punctuation
    // and separators are skipped, and the digit of the first "(0)" (a national trunk) is dropped.
    let chars: Vec<char> = input.chars().map(text::fold_width).collect();
    let Some(start) = chars.iter().position(|&c| !text::is_space(c)) else {
        return Err(Reason::Empty);
    };
    match chars.get(start) {
        Some('+') => {}
        Some(c) if c.is_ascii_digit() || *c == '(' => return Err(Reason::MissingCountryCode),
        _ => return Err(Reason::InvalidCharacter),
    }
    let rest = chars.get(start + 1..).unwrap_or_default();
    let trunk = rest.windows(3).position(|w| w == ['(', '0', ')']);
    let mut out = String::with_capacity(MAX + 1);
    out.push('+');
    for (i, &c) in rest.iter().enumerate() {
        if trunk.map(|t| t + 1) == Some(i)
            || text::is_separator(c)
            || matches!(c, '.' | '(' | ')' | '/')
        {
            continue;
        }
        if !c.is_ascii_digit() {
            return Err(Reason::InvalidCharacter);
        }
        if out.len() > MAX {
            return Err(Reason::TooLong);
        }
        out.push(c);
    }
    match out.as_bytes().get(1) {
        None => Err(Reason::Empty),
        Some(b'0') => Err(Reason::InvalidCountryCode),
        _ if out.len() - 1 < MIN => Err(Reason::TooShort),
        _ => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        for ok in [
            "123456",
            " 123456",
            "123 456",
            "123-456",
            "１２３４５６",
            "12\u{A0}34\u{2013}56",
            "\t123456\n",
        ] {
            assert_eq!(totp_code(ok, 6).unwrap(), "123456", "{ok:?}");
        }
        assert_eq!(totp_code("", 6), Err(Reason::Empty));
        assert_eq!(totp_code(" - ", 6), Err(Reason::Empty));
        assert_eq!(totp_code("12345", 6), Err(Reason::TooShort));
        assert_eq!(totp_code("1234567", 6), Err(Reason::TooLong));
        assert_eq!(totp_code("12a456", 6), Err(Reason::InvalidCharacter));
        assert_eq!(totp_code("١٢٣٤٥٦", 6), Err(Reason::InvalidCharacter)); // Arabic-Indic digits are refused, not guessed
        assert_eq!(totp_code("12345678", 8).unwrap(), "12345678");
        assert_eq!(sms_code("000 000", 6).unwrap(), "000000");
    }

    #[test]
    fn recovery_codes() {
        let f = RecoveryFormat::default();
        assert_eq!(
            recovery_code("ABCDEFGHIJKLMNOP", f).unwrap(),
            "ABCD-EFGH-IJKL-MNOP"
        );
        assert_eq!(
            recovery_code("abcd-efgh-ijkl-mnop", f).unwrap(),
            "ABCD-EFGH-IJKL-MNOP"
        );
        assert_eq!(recovery_code("ABCD-EFGH", f), Err(Reason::TooShort));
        assert_eq!(
            recovery_code("ABCD-EFGH-IJKL-MNOP-Q", f),
            Err(Reason::TooLong)
        );
        assert_eq!(
            recovery_code("ABCD-EFGH-IJKL-MN9P", f),
            Err(Reason::InvalidCharacter)
        );
        let two_by_five = RecoveryFormat {
            groups: 2,
            group_length: 5,
        };
        assert_eq!(
            recovery_code("abcde fghij", two_by_five).unwrap(),
            "ABCDE-FGHIJ"
        );
        assert_eq!(two_by_five.bits(), 50);
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(phone_number("+14155550132").unwrap(), "+14155550132");
        assert_eq!(
            phone_number(" +44 (0)20 7946 0958 ").unwrap(),
            "+442079460958"
        );
        assert_eq!(phone_number("+49.30.1234567").unwrap(), "+49301234567");
        assert_eq!(
            phone_number("＋８１ ３-１２３４-５６７８").unwrap(),
            "+81312345678"
        );
        assert_eq!(phone_number(""), Err(Reason::Empty));
        assert_eq!(phone_number("+"), Err(Reason::Empty));
        assert_eq!(
            phone_number("0044 20 7946 0958"),
            Err(Reason::MissingCountryCode)
        );
        assert_eq!(phone_number("+0 123 4567"), Err(Reason::InvalidCountryCode));
        assert_eq!(phone_number("+1 23"), Err(Reason::TooShort));
        assert_eq!(phone_number("+1234567890123456"), Err(Reason::TooLong));
        assert_eq!(
            phone_number("+1 415 CALL NOW"),
            Err(Reason::InvalidCharacter)
        );
        assert_eq!(phone_number("call +1415"), Err(Reason::InvalidCharacter));
    }

    proptest! {
        #[test]
        fn a_valid_code_survives_any_grouping(code in "[0-9]{6}", sep in "[ \\-\u{A0}\u{3000}]{0,3}") {
            let messy = format!("{}{sep}{}", &code[..3], &code[3..]);
            prop_assert_eq!(totp_code(&messy, 6).unwrap(), code);
        }

        #[test]
        fn validators_are_idempotent_and_never_panic(s in "\\PC{0,40}") {
            if let Ok(v) = totp_code(&s, 6) { prop_assert_eq!(totp_code(&v, 6).unwrap(), v); }
            if let Ok(v) = recovery_code(&s, RecoveryFormat::default()) { prop_assert_eq!(recovery_code(&v, RecoveryFormat::default()).unwrap(), v); }
            if let Ok(v) = phone_number(&s) {
                prop_assert!(v.starts_with('+') && v[1..].bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(phone_number(&v).unwrap(), v);
            }
        }

        #[test]
        fn accepted_codes_are_ascii_digits_of_the_right_length(s in "\\PC{0,12}", n in 6usize..=8) {
            if let Ok(v) = totp_code(&s, n) {
                prop_assert!(v.len() == n && v.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
