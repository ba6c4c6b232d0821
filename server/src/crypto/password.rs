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

    /// Known answers computed independently with Python argon2-cffi:
    /// `argon2.low_level.hash_secret_raw(b"correct horse", bytes(range(16)), time_cost=t,
    /// memory_cost=m, parallelism=1, hash_len=32, type=Type.ID, version=19)`, at the test cost
    /// and at the production cost (OWASP Password Storage: m=19 MiB, t=2, p=1): the parameters a
    /// hash names are the ones it is checked with.
    #[test]
    fn argon2id_known_answers() {
        let salt = hex(&(0..16).collect::<Vec<u8>>());
        for (m, t, out) in [
            (
                64,
                1,
                "25ce5233cc1e4d37e9bca31bfef41710e40446cd1cb575932791c5fd3780bd3c",
            ),
            (
                19 * 1024,
                2,
                "d00b90c40f918cf889780d7d3a9ec3c2b1719df87dc5e4d4d93ea6163db04e17",
            ),
        ] {
            let stored = format!("argon2id$m={m},t={t}${salt}${out}");
            assert!(verify("correct horse", &stored), "{stored}");
            assert!(!verify("correct horsf", &stored));
        }
        let policy = crate::config::Policy::default();
        assert_eq!(
            (policy.password_memory_kib, policy.password_iterations),
            (19 * 1024, 2)
        );
    }

    /// A stored hash that is not exactly `argon2id$m=..,t=..$<salt hex>$<32-byte hash hex>` never
    /// matches, and odd or non-ASCII hex cannot make the parser panic.
    #[test]
    fn malformed_stored_hashes_never_match() {
        let good = hash("pw", 64, 1).unwrap();
        assert!(verify("pw", &good));
        let (head, hash_hex) = good.rsplit_once('$').unwrap();
        for bad in [
            format!("{good}$extra"),
            format!("{head}${}", &hash_hex[..62]),
            format!("{head}${hash_hex}00"),
            // One hex digit changed (to another digit: the hash is random, it may start with 0).
            format!(
                "{head}${}{}",
                if hash_hex.starts_with('0') { '1' } else { '0' },
                &hash_hex[1..]
            ),
            format!("{head}${}é", &hash_hex[..62]),
            good.replacen("argon2id", "argon2i", 1),
            good.replacen("m=64", "m=6x", 1),
        ] {
            assert!(!verify("pw", &bad), "{bad}");
        }
        let odd_salt = good.replacen("$m=64,t=1$", "$m=64,t=1$0", 1);
        assert!(!verify("pw", &odd_salt));
    }

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
