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
//!
//! `no_std` with `alloc`: the shipped build (feature `panic-handler`) links no std, so a panic
//! is a bare trap through the handler below instead of std's formatting machinery (which was
//! cut out of the binary after the fact before; bench/NOTES.md). Test builds link std and
//! its handler, so the feature is off there.
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;
// Without the feature (tests, and `cargo build` for development), std is linked as before and
// brings its own panic handler.
#[cfg(not(feature = "panic-handler"))]
extern crate std;

/// With `panic = "abort"` a panic ends in a trap whatever the handler does; this one traps at
/// once, so no message is formatted and no formatting code is linked. Only for the cdylib that
/// ships (scripts/build.sh): test binaries bring std's handler.
#[cfg(all(feature = "panic-handler", target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

// A free-list allocator instead of std's dlmalloc: ~3 KB gzip less of what browsers download
// (bench/RESULTS.md). This module allocates little and briefly (strings in and out of each
// call), so a simple first-fit list is enough; the lock is free in single-threaded wasm.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

pub mod base_url;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
mod js;
mod num;
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

/// The CSRF header `MfaClient` sends with state-changing requests unless told otherwise: the
/// reference server's (`mfa_wire::CSRF_HEADER`; tests/contract_errors.rs checks they agree, and
/// with the contract's `csrf` security scheme).
pub const CSRF_HEADER: (&str, &str) = ("X-MFA-CSRF", "1");
