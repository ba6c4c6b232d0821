//! `mfa-wasm`: client-side multi-factor authentication for the web, compiled to WebAssembly.
//!
//! Each module exports one concept to JS (camelCase names, hand-written TypeScript declarations
//! with no `any`); the logic lives in the platform-independent `mfa-core` crate.
//!
//! - [`secret`]: `generateSecret`, `normalizeSecret`, `formatSecret`
//! - [`totp`]: `totpCode`, `verifyTotp`, `secondsRemaining`
//! - [`uri`]: `buildOtpauthUri`, `parseOtpauthUri`
//! - [`qr`]: `qrSvg`, `qrDataUri`
//! - [`validate`]: `validateTotpCode`, `validateSmsCode`, `validateRecoveryCode`, `validatePhoneNumber`
//! - [`error`]: `MfaError`, `isMfaError`
//! - `client` (feature `client`): `MfaClient`, the typed client for the server's API
//! - `ui` (feature `ui`): DOM helpers for the enrolment UI
//!
//! Every export takes `JsValue` arguments and checks their types itself, so no input, however
//! malformed, panics or traps: it gets a thrown `MfaError` with a stable `code`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "client")]
pub mod client;
pub mod error;
mod js;
pub mod qr;
pub mod secret;
pub mod totp;
#[cfg(feature = "ui")]
pub mod ui;
pub mod uri;
pub mod validate;

pub use error::MfaError;
