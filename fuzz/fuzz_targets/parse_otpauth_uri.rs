//! Any text: `uri::parse` never panics, and whatever it accepts is a usable key that survives
//! a build/parse round trip when it can be built.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mfa_core::{totp::Totp, uri};

fuzz_target!(|text: &str| {
    let Ok(key) = uri::parse(text) else { return };
    let totp = Totp::new(&key.secret, key.algorithm, key.digits.into(), key.period.into()).expect("parsed keys are usable");
    assert_eq!(totp.code(0).len(), usize::from(key.digits));
    if let Ok(built) = uri::build(&key) {
        assert_eq!(uri::parse(&built).expect("built URIs parse"), key);
    }
});
