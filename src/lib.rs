//! `mfa-wasm`: client-side multi-factor authentication for the web, compiled to WebAssembly.
//!
//! The package's public API is the TypeScript layer in `ts/` (bundled with wasm-bindgen's glue
//! into `pkg/mfa_wasm.js` by scripts/build.sh, its declarations emitted from it). It checks the
//! JS types of every argument, supplies what only JS has (the clock, `fetch`, the DOM, the
//! flows' `Promise`s), and calls the exports below with plain strings and numbers. Every rule
//! that is security-relevant runs here, in Rust (`mfa-core`): secrets, codes, Key URIs, QR
//! codes, the normalisation of what people type, constant-time comparison, the API contract's
//! checks, and the `baseUrl` rule.
//!
//! - [`secret`], [`totp`], [`uri`], [`qr`], [`validate`]: the core
//! - [`error`]: the `MfaError` the exports throw
//! - `client` (feature `client`): the contract's checks for `MfaClient`
//! - `flow` (feature `flow`): the check of a started TOTP enrolment for the flows
//!
//! (The DOM helpers, feature `ui`, have no Rust of their own: they call the core's exports.)
//!
//! Every value rule answers a thrown `MfaError` with a stable `code`, never a panic or a trap.
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
#[cfg(feature = "flow")]
pub mod flow;
mod js;
mod num;
pub mod qr;
pub mod secret;
pub mod totp;
pub mod uri;
pub mod validate;

pub use error::MfaError;

/// The CSRF header `MfaClient` sends with state-changing requests unless told otherwise: the
/// reference server's (`mfa_wire::CSRF_HEADER`; tests/contract_errors.rs checks they agree, and
/// with the contract's `csrf` security scheme). ts/client/client.ts has the same pair, checked
/// against this one by tests/contract_errors.rs.
pub const CSRF_HEADER: (&str, &str) = ("X-MFA-CSRF", "1");
