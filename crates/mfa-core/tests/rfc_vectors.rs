//! The RFC 4226 and RFC 6238 test vectors, and pyotp's published vectors, natively.
#[path = "../../../testdata/rfc_vectors.rs"]
mod vectors;

use mfa_core::totp::{Algorithm, Totp};
use vectors::*;

#[test]
fn rfc4226_appendix_d() {
    let totp = Totp::from_key(RFC4226_SECRET.to_vec(), Algorithm::Sha1, 6, 30).unwrap();
    for (counter, expected) in RFC4226_HOTP.iter().enumerate() {
        assert_eq!(totp.code_at_step(counter as u64), *expected);
    }
}

#[test]
fn rfc6238_appendix_b_all_18_rows() {
    for (time, alg, expected) in RFC6238 {
        let (seed, seed_b32) = seed_for(alg);
        let algorithm = Algorithm::parse(alg).unwrap();
        assert_eq!(
            Totp::from_key(seed.to_vec(), algorithm, 8, 30)
                .unwrap()
                .code(time),
            expected,
            "{time} {alg}"
        );
        assert_eq!(
            Totp::new(seed_b32, algorithm, 8, 30).unwrap().code(time),
            expected,
            "{time} {alg} (base32)"
        );
        // The 6-digit truncation keeps leading zeros.
        assert_eq!(
            Totp::new(seed_b32, algorithm, 6, 30).unwrap().code(time),
            &expected[2..]
        );
        assert_eq!(
            Totp::new(seed_b32, algorithm, 8, 30)
                .unwrap()
                .verify(expected, time, 1),
            Some(0)
        );
    }
}

#[test]
fn short_key_pitfall_vector_differs() {
    // A 20-byte key with SHA-256 is not the RFC's 32-byte seed (speakeasy#76).
    assert_eq!(
        Totp::from_key(SEED_SHA1.to_vec(), Algorithm::Sha256, 8, 30)
            .unwrap()
            .code(59),
        "32247374"
    );
}

#[test]
fn pyotp_window_vectors() {
    let totp = Totp::from_key(PYOTP_WINDOW_KEY.to_vec(), Algorithm::Sha1, 6, 30).unwrap();
    for (code, offset) in PYOTP_WINDOW_ACCEPT {
        assert_eq!(totp.verify(code, 200, 1), Some(offset), "{code}");
    }
    assert_eq!(totp.verify(PYOTP_WINDOW_REJECT, 200, 1), None);
    assert_eq!(totp.verify("451564", 200, 0), None);
}

#[test]
fn google_authenticator_output_with_lower_case_secret() {
    let totp = Totp::new(GOOGLE_AUTH_SECRET, Algorithm::Sha1, 6, 30).unwrap();
    assert_eq!(totp.code(GOOGLE_AUTH_TIME), GOOGLE_AUTH_CODE);
}
