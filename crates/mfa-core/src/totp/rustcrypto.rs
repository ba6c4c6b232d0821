//! HMAC-SHA-1/256/512 through RustCrypto's `hmac`, `sha1` and `sha2` crates: the `rustcrypto`
//! feature, which the reference server enables. The wasm package keeps the compact
//! implementation of `hmac.rs` for its size (bench/RESULTS.md); both give the same MACs, checked
//! against FIPS 180-4, RFC 2202/4231 and RFC 4226/6238 vectors (`totp/tests.rs`). The keyed
//! states are cloned per MAC (the key is absorbed once), and wiped on drop (`zeroize`).

use super::Algorithm;
use hmac::{Hmac, KeyInit, Mac};

/// A MAC: up to 64 bytes.
pub(crate) struct Output {
    bytes: [u8; 64],
    len: usize,
}

impl Output {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    fn of(mac: &[u8]) -> Self {
        let mut bytes = [0u8; 64];
        let len = mac.len().min(64);
        bytes[..len].copy_from_slice(&mac[..len]);
        Self { bytes, len }
    }
}

/// An HMAC key with its padded blocks already absorbed.
pub(crate) enum Key {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl Key {
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Self {
        // HMAC takes keys of any length (RFC 2104 §2), so `new_from_slice` cannot fail.
        match alg {
            Algorithm::Sha1 => Self::Sha1(keyed(key)),
            Algorithm::Sha256 => Self::Sha256(keyed(key)),
            Algorithm::Sha512 => Self::Sha512(keyed(key)),
        }
    }

    pub(crate) fn mac(&self, message: &[u8]) -> Output {
        match self {
            Self::Sha1(k) => Output::of(&k.clone().chain_update(message).finalize().into_bytes()),
            Self::Sha256(k) => Output::of(&k.clone().chain_update(message).finalize().into_bytes()),
            Self::Sha512(k) => Output::of(&k.clone().chain_update(message).finalize().into_bytes()),
        }
    }
}

fn keyed<M: KeyInit>(key: &[u8]) -> M {
    M::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}
