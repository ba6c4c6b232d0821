//! Any text through every validator: no panic, and accepted values are canonical and stable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mfa_core::validate::{phone_number, recovery_code, sms_code, totp_code, RecoveryFormat};

fuzz_target!(|text: &str| {
    for digits in 6..=8 {
        if let Ok(v) = totp_code(text, digits) {
            assert!(v.len() == digits && v.bytes().all(|b| b.is_ascii_digit()));
        }
    }
    if let Ok(v) = sms_code(text, 6) {
        assert_eq!(sms_code(&v, 6).unwrap(), v);
    }
    if let Ok(v) = recovery_code(text, RecoveryFormat::default()) {
        assert_eq!(recovery_code(&v, RecoveryFormat::default()).unwrap(), v);
    }
    if let Ok(v) = phone_number(text) {
        assert!(v.len() >= 8 && v.len() <= 16 && v.starts_with('+'));
        assert_eq!(phone_number(&v).unwrap(), v);
    }
});
