//! Any text: normalisation never panics, is idempotent, and its output decodes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mfa_core::{base32, secret};

fuzz_target!(|text: &str| {
    let Ok(canonical) = secret::normalize(text) else { return };
    assert_eq!(secret::normalize(&canonical).unwrap(), canonical);
    assert!(base32::decode(&canonical).is_some());
    assert_eq!(secret::normalize(&secret::format(text).unwrap()).unwrap(), canonical);
});
