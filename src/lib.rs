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

// A free-list allocator instead of std's dlmalloc: ~3 KB gzip less of what browsers download
// (bench/RESULTS.md). This module allocates little and briefly (strings in and out of each
// call), so a simple first-fit list is enough; the lock is free in single-threaded wasm.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(feature = "client")]
pub mod client;
pub mod error;
mod js;
pub mod qr;
pub mod secret;
#[cfg(feature = "client")]
mod task;
pub mod totp;
#[cfg(feature = "ui")]
pub mod ui;
pub mod uri;
pub mod validate;

pub use error::MfaError;
