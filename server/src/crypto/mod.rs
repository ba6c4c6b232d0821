//! Cryptography: the server key and what is derived from it, random values, and hashing of
//! session tokens and SMS codes. Everything is RustCrypto.

pub mod keyfile;
pub mod password;
pub mod recovery;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A failure of the CSPRNG or of decryption. Carries no detail on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CryptoError;

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cryptographic operation failed")
    }
}

impl std::error::Error for CryptoError {}

/// Random bytes from the OS CSPRNG (ASVS 5.0 6.5.3; NIST SP 800-63B 5.1.2.1, 5.1.3.1).
pub fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|_| CryptoError)?;
    Ok(buf)
}

/// An unguessable id (80 random bits) with a readable prefix, e.g. `chl_6XW...`.
pub fn random_id(prefix: &str) -> Result<String, CryptoError> {
    Ok(format!(
        "{prefix}_{}",
        mfa_core::base32::encode(&random::<10>()?).to_ascii_lowercase()
    ))
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hexadecimal (either case); `None` if malformed.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// A session token: 256 random bits, base32.
pub fn session_token() -> Result<String, CryptoError> {
    Ok(mfa_core::base32::encode(&random::<32>()?))
}

/// What the database stores for a session token: its SHA-256 (a stolen database holds no
/// usable token; a 256-bit random token needs no salt or KDF).
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac =
        <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The server key: 32 bytes from which the secret-encryption and code-hashing keys derive.
#[derive(Clone)]
pub struct ServerKey {
    secret_key: [u8; 32],
    sms_key: [u8; 32],
    account_key: [u8; 32],
    device_key: [u8; 32],
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(<redacted>)")
    }
}

impl ServerKey {
    /// Derives the working keys from a master key (HMAC-SHA256 as a KDF, one label each).
    pub fn new(master: &[u8; 32]) -> Self {
        Self {
            secret_key: hmac(master, &[b"mfa-server/totp-secret/v1"]),
            sms_key: hmac(master, &[b"mfa-server/sms-code/v1"]),
            account_key: hmac(master, &[b"mfa-server/account-key/v1"]),
            device_key: hmac(master, &[b"mfa-server/device-cookie/v1"]),
        }
    }

    /// Encrypts a TOTP secret at rest with ChaCha20-Poly1305 (RFC 6238 §5.1 "encrypting them";
    /// ASVS 4.0.3 2.8.2). The row id is the associated data, so a ciphertext moved to another
    /// row does not decrypt. Output: 12-byte random nonce, then ciphertext and tag.
    pub fn seal(&self, row_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let cipher = ChaCha20Poly1305::new(&Key::from(self.secret_key));
        let nonce_bytes = random::<12>()?;
        let ct = cipher
            .encrypt(
                &Nonce::from(nonce_bytes),
                Payload {
                    msg: plaintext,
                    aad: row_id.as_bytes(),
                },
            )
            .map_err(|_| CryptoError)?;
        let mut out = Vec::with_capacity(12 + ct.len());
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts what [`Self::seal`] produced for the same row.
    pub fn open(&self, row_id: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < 12 + 16 {
            return Err(CryptoError);
        }
        let (nonce, ct) = sealed.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| CryptoError)?;
        let cipher = ChaCha20Poly1305::new(&Key::from(self.secret_key));
        cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ct,
                    aad: row_id.as_bytes(),
                },
            )
            .map_err(|_| CryptoError)
    }

    /// The stored form of an SMS code: HMAC-SHA256 keyed with the server key over the
    /// challenge id and the code (ASVS 4.0.3 2.7.5 "retains only a hashed version"). The key
    /// matters: 10^6 codes are trivial to search offline with an unkeyed hash.
    pub fn sms_code_hash(&self, challenge_id: &str, code: &str) -> Vec<u8> {
        hmac(&self.sms_key, &[challenge_id.as_bytes(), code.as_bytes()]).to_vec()
    }
}

impl ServerKey {
    /// The key throttles and device cookies know an account by: a keyed hash of its
    /// lower-cased email (32 hex digits). Unknown emails get one too, so an unknown account is
    /// throttled exactly like a known one (ASVS 5.0 6.3.8: no enumeration by behaviour), and the
    /// database never holds the emails that strangers tried.
    pub fn account_key(&self, email: &str) -> String {
        hex(&hmac(&self.account_key, &[email.as_bytes()])[..16])
    }

    /// The signature of a device cookie: HMAC-SHA256 under the server key over the account key
    /// and the cookie's nonce (OWASP "Slow Down Online Guessing Attacks with Device Cookies":
    /// the cookie holds the login, a nonce and a signature).
    pub fn device_mac(&self, account: &str, nonce: &[u8]) -> [u8; 32] {
        hmac(&self.device_key, &[account.as_bytes(), nonce])
    }
}

/// Loads the master key the development way: `MFA_SERVER_KEY` (64 hex digits), else
/// `<db>.key` next to the database (created with mode 0600 on first start), else, for
/// `:memory:`, a random key. Outside development mode `keyfile::server_key` decides, and never
/// keeps the key next to the database.
pub fn load_master_key(db: &str) -> std::io::Result<[u8; 32]> {
    if let Ok(hex) = std::env::var("MFA_SERVER_KEY") {
        return parse_hex_key(hex.trim())
            .ok_or_else(|| std::io::Error::other("MFA_SERVER_KEY must be 64 hex digits"));
    }
    if db == ":memory:" {
        return random::<32>().map_err(|_| std::io::Error::other("the CSPRNG is unavailable"));
    }
    read_or_create_key(Path::new(&format!("{db}.key")))
}

/// Reads a key file, or creates it (mode 0600, from the CSPRNG) if it does not exist.
pub fn read_or_create_key(path: &Path) -> std::io::Result<[u8; 32]> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_hex_key(text.trim()).ok_or_else(|| {
            std::io::Error::other(format!("{} does not hold 64 hex digits", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key =
                random::<32>().map_err(|_| std::io::Error::other("the CSPRNG is unavailable"))?;
            write_key_file(path, &key)?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}

fn write_key_file(path: &Path, key: &[u8; 32]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(hex(key).as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

fn parse_hex_key(hex: &str) -> Option<[u8; 32]> {
    unhex(hex)?.try_into().ok()
}

#[cfg(test)]
mod tests;
