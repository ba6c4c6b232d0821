// Test vectors copied from the RFCs (independent oracles), shared by the native tests of
// crates/mfa-core and the wasm suite in tests/common (included with #[path]).
#![allow(dead_code)]

/// RFC 4226 Appendix D: secret "12345678901234567890", counters 0..=9, 6-digit HOTP.
pub const RFC4226_SECRET: &[u8] = b"12345678901234567890";
pub const RFC4226_HOTP: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// RFC 6238 Appendix A seeds: as long as the hash output (the erratum to Appendix B's prose).
pub const SEED_SHA1: &[u8] = b"12345678901234567890";
pub const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
pub const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// The same seeds in base32 (RFC 6238 Appendix B), for the string APIs.
pub const SEED_SHA1_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const SEED_SHA256_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
pub const SEED_SHA512_B32: &str =
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

/// RFC 6238 Appendix B, all 18 rows: (unix time, algorithm, 8-digit TOTP), period 30.
pub const RFC6238: [(u64, &str, &str); 18] = [
    (59, "SHA1", "94287082"),
    (59, "SHA256", "46119246"),
    (59, "SHA512", "90693936"),
    (1111111109, "SHA1", "07081804"),
    (1111111109, "SHA256", "68084774"),
    (1111111109, "SHA512", "25091201"),
    (1111111111, "SHA1", "14050471"),
    (1111111111, "SHA256", "67062674"),
    (1111111111, "SHA512", "99943326"),
    (1234567890, "SHA1", "89005924"),
    (1234567890, "SHA256", "91819424"),
    (1234567890, "SHA512", "93441116"),
    (2000000000, "SHA1", "69279037"),
    (2000000000, "SHA256", "90698825"),
    (2000000000, "SHA512", "38618901"),
    (20000000000, "SHA1", "65353130"),
    (20000000000, "SHA256", "77737706"),
    (20000000000, "SHA512", "47863826"),
];

/// pyotp's ValidWindowTest (secret ABCDEFGH is 40 bits, below our 80-bit floor, so it is
/// used with the raw-key API only): at t=200, window 1 accepts these and rejects 195979.
pub const PYOTP_WINDOW_KEY: &[u8] = b"\x00\x44\x32\x14\xc7";
pub const PYOTP_WINDOW_ACCEPT: [(&str, i64); 3] = [("451564", -1), ("028307", 0), ("681610", 1)];
pub const PYOTP_WINDOW_REJECT: &str = "195979";

/// pyotp test_match_google_authenticator_output: a lower-case base32 secret at t=1297553958.
pub const GOOGLE_AUTH_SECRET: &str = "wrn3pqx5uqxqvnqr";
pub const GOOGLE_AUTH_TIME: u64 = 1297553958;
pub const GOOGLE_AUTH_CODE: &str = "102705";

pub fn seed_for(algorithm: &str) -> (&'static [u8], &'static str) {
    match algorithm {
        "SHA1" => (SEED_SHA1, SEED_SHA1_B32),
        "SHA256" => (SEED_SHA256, SEED_SHA256_B32),
        _ => (SEED_SHA512, SEED_SHA512_B32),
    }
}
