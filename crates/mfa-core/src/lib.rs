//! The platform-independent core of `mfa-wasm`: everything that is the same in a browser and on
//! a server. No wasm-bindgen here, so the reference server compiles it natively.
//!
//! - [`secret`]: CSPRNG secrets, normalisation, manual-entry format ([`base32`] underneath)
//! - [`totp`]: RFC 4226 HOTP / RFC 6238 TOTP, constant-time verification
//! - [`uri`]: `otpauth://` Key URIs
//! - [`qr`]: QR codes as inline SVG
//! - [`validate`]: codes, recovery codes and phone numbers as people type them
//!
//! ```
//! let secret = mfa_core::secret::generate(20).unwrap();
//! let totp = mfa_core::totp::Totp::new(&secret, Default::default(), 6, 30).unwrap();
//! let code = totp.code(1_700_000_000);
//! assert_eq!(totp.verify(&code, 1_700_000_000, 1), Some(0));
//! ```
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// no_std with alloc, so that the wasm package can link no std (mfa-wasm's src/lib.rs).
extern crate alloc;

pub mod base32;
pub mod error;
pub mod qr;
pub mod secret;
mod text;
pub mod totp;
pub mod uri;
pub mod validate;

pub use error::{Error, ErrorCode, Reason, Result};
