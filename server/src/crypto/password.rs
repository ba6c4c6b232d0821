//! Password storage for the demo accounts: Argon2id (OWASP Password Storage Cheat Sheet:
//! m=19 MiB, t=2, p=1; NIST SP 800-63B 5.1.1.2 "memory-hard function SHOULD be used").
//! Stored as `argon2id$m=<kib>,t=<passes>$<salt hex>$<hash hex>`, so parameters can change.

use super::{hex, random, unhex, CryptoError};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

/// The longest password accepted, in bytes (bounds the hashing work).
pub const MAX_LEN: usize = 1024;

/// The most Argon2 memory a stored hash may ask for: 64 MiB.
pub const MAX_MEMORY_KIB: u32 = 64 * 1024;

fn argon(memory_kib: u32, iterations: u32) -> Result<Argon2<'static>, CryptoError> {
    let params = Params::new(memory_kib, iterations, 1, Some(32)).map_err(|_| CryptoError)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with a fresh 128-bit salt.
pub fn hash(password: &str, memory_kib: u32, iterations: u32) -> Result<String, CryptoError> {
    let salt = random::<16>()?;
    let mut out = [0u8; 32];
    argon(memory_kib, iterations)?
        .hash_password_into(password.as_bytes(), &salt, &mut out)
        .map_err(|_| CryptoError)?;
    Ok(format!(
        "argon2id$m={memory_kib},t={iterations}${}${}",
        hex(&salt),
        hex(&out)
    ))
}

/// Checks a password against a stored hash in constant time. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    verify_in(password, stored, &mut Vec::new())
}

/// [`verify`] with caller-owned Argon2 memory, grown as needed and kept for the next call (the
/// KDF pool's threads reuse theirs: `security::kdf`). A stored hash may ask for at most
/// [`MAX_MEMORY_KIB`] (a database row cannot make the server allocate without bound).
pub fn verify_in(password: &str, stored: &str, blocks: &mut Vec<Block>) -> bool {
    let Some((memory_kib, iterations, salt, expected)) = parse(stored) else {
        return false;
    };
    if memory_kib > MAX_MEMORY_KIB {
        return false;
    }
    let Ok(argon) = argon(memory_kib, iterations) else {
        return false;
    };
    let needed = usize::try_from(memory_kib).unwrap_or(usize::MAX);
    if blocks.len() < needed {
        blocks.resize(needed, Block::default());
    }
    let mut out = [0u8; 32];
    if argon
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut blocks[..])
        .is_err()
    {
        return false;
    }
    out.ct_eq(&expected[..]).into()
}

fn parse(stored: &str) -> Option<(u32, u32, Vec<u8>, Vec<u8>)> {
    let mut parts = stored.split('$');
    if parts.next()? != "argon2id" {
        return None;
    }
    let (m, t) = parts.next()?.split_once(',')?;
    let memory_kib = m.strip_prefix("m=")?.parse().ok()?;
    let iterations = t.strip_prefix("t=")?.parse().ok()?;
    let salt = unhex(parts.next()?)?;
    let hash = unhex(parts.next()?)?;
    (hash.len() == 32 && parts.next().is_none()).then_some((memory_kib, iterations, salt, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let stored = hash("correct horse", 64, 1).unwrap();
        assert!(stored.starts_with("argon2id$m=64,t=1$"));
        assert!(verify("correct horse", &stored));
        assert!(!verify("correct horsf", &stored));
        assert!(!verify("correct horse", "argon2id$m=64,t=1$00$zz"));
        assert!(!verify("x", ""));
    }
}
