use super::{ErrorCode, Reason};
use std::collections::HashSet;

#[test]
fn every_code_and_reason_is_a_unique_snake_case_string_that_parses_back() {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let reasons: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    for list in [&codes, &reasons] {
        assert_eq!(list.iter().collect::<HashSet<_>>().len(), list.len());
        for text in list.iter() {
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{text}"
            );
        }
    }
    for &code in ErrorCode::ALL {
        assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        assert!(!code.doc().trim().is_empty());
    }
    for &reason in Reason::ALL {
        assert_eq!(Reason::parse(reason.as_str()), Some(reason));
    }
    assert_eq!(ErrorCode::parse("Invalid_Code"), None);
    assert_eq!(Reason::parse(""), None);
}

#[test]
fn the_validation_reasons_are_the_validators_own() {
    // What validate::* returns for each kind of bad input (an oracle independent of the list).
    use crate::validate::{phone_number, totp_code};
    let seen = [
        totp_code(" - ", 6),
        totp_code("12345", 6),
        totp_code("1234567", 6),
        totp_code("12a456", 6),
        phone_number("4155550132"),
        phone_number("+0155"),
    ]
    .map(|v| v.unwrap_err());
    assert_eq!(seen.as_slice(), Reason::VALIDATION);
}

#[test]
fn wire_codes_map_to_the_same_code_except_internal() {
    assert_eq!(ErrorCode::from_wire("internal"), Some(ErrorCode::Server));
    assert_eq!(ErrorCode::from_wire("not_found"), Some(ErrorCode::NotFound));
    assert_eq!(ErrorCode::from_wire("no_such_code"), None);
}
