//! Unit tests of the server key, its derived keys and the key file.

use super::*;

#[test]
fn sealed_secrets_open_only_for_their_row() {
    let key = ServerKey::new(&[7; 32]);
    let sealed = key.seal("fac_a", b"secret bytes").unwrap();
    assert_eq!(key.open("fac_a", &sealed).unwrap(), b"secret bytes");
    assert!(key.open("fac_b", &sealed).is_err());
    assert!(ServerKey::new(&[8; 32]).open("fac_a", &sealed).is_err());
    assert!(key.open("fac_a", &sealed[..10]).is_err());
    assert_ne!(
        key.seal("fac_a", b"secret bytes").unwrap(),
        sealed,
        "fresh nonce each time"
    );
}

#[test]
fn hex_keys() {
    assert_eq!(parse_hex_key(&"ab".repeat(32)), Some([0xab; 32]));
    assert_eq!(parse_hex_key("abc"), None);
    assert_eq!(parse_hex_key(&"zz".repeat(32)), None);
}

/// The master key of the vectors below: bytes 0 to 31.
fn vector_master() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

/// Known answers computed independently with Python's `hmac`, `hashlib` and `struct`:
/// `sms_key = HMAC-SHA256(master, len64be(label) || label)` with the label
/// `mfa-server/sms-code/v1`, then `HMAC-SHA256(sms_key, len64be(id) || id || len64be(code) ||
/// code)`. The hash is keyed (ASVS 4.0.3 2.7.5): another server key gives another hash.
#[test]
fn sms_hash_is_the_documented_keyed_hmac() {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let master = vector_master();
    assert_eq!(
        hex(&ServerKey::new(&master).sms_code_hash("chl_test", "123456")),
        "041561a51851d7ab953c53d9cfc74562c4419d21b9c177ff751d4ae24a3ec7cd"
    );
    let other: [u8; 32] = std::array::from_fn(|i| i as u8 + 1);
    assert_eq!(
        hex(&ServerKey::new(&other).sms_code_hash("chl_test", "123456")),
        "11938a113ca34ce60ecb12b02cd256900d8a0018d305d43ebce1495f44bcbf27"
    );
}

/// A TOTP secret sealed by an independent implementation (Python `cryptography`
/// ChaCha20Poly1305, key `HMAC-SHA256(master, len64be(label) || label)` with the label
/// `mfa-server/totp-secret/v1`, nonce bytes 100 to 111, associated data the row id
/// `fac_vector`) opens here, and only for its row and its key.
#[test]
fn sealed_secrets_follow_the_documented_aead() {
    let sealed: Vec<u8> = (0..96)
        .step_by(2)
        .map(|i| {
            let hex = "6465666768696a6b6c6d6e6f6a2615c55d0c58e5d1884450951d0c3ba86d3ee17025c5c1dc213e3a2c65ba1fbccdf523";
            u8::from_str_radix(&hex[i..i + 2], 16).unwrap()
        })
        .collect();
    let key = ServerKey::new(&vector_master());
    assert_eq!(
        key.open("fac_vector", &sealed).unwrap(),
        b"12345678901234567890"
    );
    assert!(key.open("fac_other", &sealed).is_err());
    assert!(ServerKey::new(&[0; 32])
        .open("fac_vector", &sealed)
        .is_err());
}

#[test]
fn sms_hash_binds_the_challenge() {
    let key = ServerKey::new(&[1; 32]);
    assert_ne!(
        key.sms_code_hash("chl_a", "123456"),
        key.sms_code_hash("chl_b", "123456")
    );
    assert_eq!(
        key.sms_code_hash("chl_a", "123456"),
        key.sms_code_hash("chl_a", "123456")
    );
}

#[test]
fn empty_secrets_seal_and_open() {
    let key = ServerKey::new(&[3; 32]);
    let sealed = key.seal("fac_a", b"").unwrap();
    assert_eq!(sealed.len(), 12 + 16, "nonce and tag only");
    assert_eq!(key.open("fac_a", &sealed).unwrap(), b"");
    assert!(key.open("fac_a", &sealed[..27]).is_err());
}

#[test]
fn nothing_secret_is_printed() {
    assert_eq!(
        format!("{:?}", ServerKey::new(&[9; 32])),
        "ServerKey(<redacted>)"
    );
    assert_eq!(CryptoError.to_string(), "cryptographic operation failed");
}

/// The server key: `MFA_SERVER_KEY` when set, else `<db>.key`, created once (mode 0600, 64 hex
/// digits) from the CSPRNG and read back on every later start, else for `:memory:` a fresh random
/// key. One test, because the environment variable is process-wide.
#[test]
fn master_keys_are_created_once_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    std::env::remove_var("MFA_SERVER_KEY");

    let first = load_master_key(&db("a.db")).unwrap();
    let file = std::fs::read_to_string(dir.path().join("a.db.key")).unwrap();
    let hex: String = first.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(file, format!("{hex}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir.path().join("a.db.key")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(
        load_master_key(&db("a.db")).unwrap(),
        first,
        "read back, not replaced"
    );
    let other = load_master_key(&db("b.db")).unwrap();
    let memory = [
        load_master_key(":memory:").unwrap(),
        load_master_key(":memory:").unwrap(),
    ];
    let keys = [first, other, memory[0], memory[1]];
    for (i, a) in keys.iter().enumerate() {
        assert!(
            keys[i + 1..].iter().all(|b| a != b),
            "keys are random and distinct"
        );
    }
    assert!(!std::path::Path::new(":memory:.key").exists());

    std::fs::write(dir.path().join("c.db.key"), "not hex\n").unwrap();
    assert!(
        load_master_key(&db("c.db")).is_err(),
        "a damaged key file is an error"
    );

    std::env::set_var("MFA_SERVER_KEY", "ab".repeat(32));
    assert_eq!(
        load_master_key(&db("a.db")).unwrap(),
        [0xab; 32],
        "the variable wins"
    );
    std::env::set_var("MFA_SERVER_KEY", "ab");
    assert!(load_master_key(&db("a.db")).is_err());
    std::env::remove_var("MFA_SERVER_KEY");
}
