//! Unit tests: the SHA/HMAC vectors (FIPS 180-4, RFC 2202, RFC 4231), RustCrypto on random
//! inputs, and verification windows.

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(alg: Algorithm, data: &[u8]) -> String {
    hex(hmac::digest(alg, data).as_bytes())
}

#[test]
fn sha_vectors_fips_180_4() {
    let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_eq!(
        digest(Algorithm::Sha1, b"abc"),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(
        digest(Algorithm::Sha1, two_blocks),
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
    );
    assert_eq!(
        digest(Algorithm::Sha1, b""),
        "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    );
    assert_eq!(
        digest(Algorithm::Sha256, b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        digest(Algorithm::Sha256, two_blocks),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(
        digest(Algorithm::Sha512, b"abc"),
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    );
    let million_a = vec![b'a'; 1_000_000];
    assert_eq!(
        digest(Algorithm::Sha1, &million_a),
        "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
    );
}

#[test]
fn hmac_vectors_rfc_2202_and_4231() {
    let mac = |alg, key: &[u8], data: &[u8]| hex(hmac::Key::new(alg, key).mac(data).as_bytes());
    assert_eq!(
        mac(Algorithm::Sha1, &[0x0b; 20], b"Hi There"),
        "b617318655057264e28bc0b6fb378c8ef146be00"
    );
    // A key longer than the block is hashed first.
    assert_eq!(
        mac(
            Algorithm::Sha1,
            &[0xaa; 80],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        ),
        "aa4ae5e15272d00e95705637ce8a3b55ed402112"
    );
    assert_eq!(
        mac(Algorithm::Sha256, &[0x0b; 20], b"Hi There"),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
    assert_eq!(
        mac(Algorithm::Sha512, &[0x0b; 20], b"Hi There"),
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    );
    assert_eq!(
        mac(Algorithm::Sha512, &[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
    );
}

proptest::proptest! {
    #[test]
    fn hmac_matches_rustcrypto(
        key in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        msg in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
    ) {
        use ::hmac::{Hmac, KeyInit, Mac};
        fn theirs<D: ::hmac::EagerHash>(key: &[u8], msg: &[u8]) -> Vec<u8> {
            let mut m = <Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        let ours = |alg| hmac::Key::new(alg, &key).mac(&msg).as_bytes().to_vec();
        proptest::prop_assert_eq!(ours(Algorithm::Sha1), theirs::<sha1::Sha1>(&key, &msg));
        proptest::prop_assert_eq!(ours(Algorithm::Sha256), theirs::<sha2::Sha256>(&key, &msg));
        proptest::prop_assert_eq!(ours(Algorithm::Sha512), theirs::<sha2::Sha512>(&key, &msg));
    }
}

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn verify_rejects_wrong_lengths_and_handles_the_ends_of_time() {
    let totp = Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap();
    let code = totp.code(0);
    assert_eq!(totp.verify(&code, 0, 1), Some(0));
    assert_eq!(totp.verify(&code[..5], 0, 1), None);
    assert_eq!(totp.verify("", 0, 1), None);
    assert_eq!(totp.verify(&format!("{code}0"), 0, 1), None);
    // No underflow before the epoch, no overflow at the end of time.
    assert_eq!(totp.verify(&totp.code(u64::MAX), u64::MAX, 1), Some(0));
}

#[test]
fn verify_window_offsets() {
    let totp = Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap();
    let t = 2_000_000_000;
    assert_eq!(totp.verify(&totp.code(t + 30), t, 1), Some(1));
    assert_eq!(totp.verify(&totp.code(t - 60), t, 1), None);
    assert_eq!(totp.verify(&totp.code(t - 60), t, 2), Some(-2));
    assert_eq!(totp.verify(&totp.code(t - 300), t, 99), Some(-10)); // window capped at 10
    assert_eq!(totp.verify(&totp.code(t - 330), t, 99), None);
}

#[test]
fn parameter_checks() {
    assert_eq!(
        check_digits(9).unwrap_err().code(),
        ErrorCode::InvalidDigits
    );
    assert_eq!(
        check_period(121).unwrap_err().code(),
        ErrorCode::InvalidPeriod
    );
    assert_eq!(
        Algorithm::parse("sha3").unwrap_err().code(),
        ErrorCode::UnsupportedAlgorithm
    );
    assert_eq!(
        Algorithm::parse("SHA1SHA1SHA1").unwrap_err().code(),
        ErrorCode::UnsupportedAlgorithm
    );
    assert!(!format!("{:?}", Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap()).contains("GEZ"));
}

#[cfg(feature = "rustcrypto")]
proptest::proptest! {
    /// The two backends give the same MAC for every key and message.
    #[test]
    fn rustcrypto_backend_matches_the_compact_one(
        key in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        msg in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
    ) {
        for alg in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            let (theirs, ours) = (
                rustcrypto::Key::new(alg, &key).mac(&msg),
                hmac::Key::new(alg, &key).mac(&msg),
            );
            proptest::prop_assert_eq!(theirs.as_bytes(), ours.as_bytes());
        }
    }
}
