// Test vectors copied from the RFCs (independent oracles); the same tables as
// testdata/rfc_vectors.rs, which the native and Rust wasm suites use.

/** RFC 4226 Appendix D: secret "12345678901234567890", counters 0..=9, 6-digit HOTP. */
export const RFC4226_HOTP = [
  "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
];

/** RFC 6238 Appendix A seeds in base32, as long as the hash output (the erratum to Appendix B). */
export const SEED_SHA1_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
export const SEED_SHA256_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
export const SEED_SHA512_B32 =
  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
export const SEEDS = { SHA1: SEED_SHA1_B32, SHA256: SEED_SHA256_B32, SHA512: SEED_SHA512_B32 };

/** RFC 6238 Appendix B, all 18 rows: [unix time, algorithm, 8-digit TOTP], period 30. */
export const RFC6238 = [
  [59, "SHA1", "94287082"],
  [59, "SHA256", "46119246"],
  [59, "SHA512", "90693936"],
  [1111111109, "SHA1", "07081804"],
  [1111111109, "SHA256", "68084774"],
  [1111111109, "SHA512", "25091201"],
  [1111111111, "SHA1", "14050471"],
  [1111111111, "SHA256", "67062674"],
  [1111111111, "SHA512", "99943326"],
  [1234567890, "SHA1", "89005924"],
  [1234567890, "SHA256", "91819424"],
  [1234567890, "SHA512", "93441116"],
  [2000000000, "SHA1", "69279037"],
  [2000000000, "SHA256", "90698825"],
  [2000000000, "SHA512", "38618901"],
  [20000000000, "SHA1", "65353130"],
  [20000000000, "SHA256", "77737706"],
  [20000000000, "SHA512", "47863826"],
];

/** pyotp test_match_google_authenticator_output: a lower-case base32 secret. */
export const GOOGLE_AUTH = { secret: "wrn3pqx5uqxqvnqr", time: 1297553958, code: "102705" };
