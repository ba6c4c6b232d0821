//! The MFA wire contract: every request, response and error body exchanged between the reference
//! server (`mfa-server`) and the wasm client. Both sides compile against this crate, so they
//! cannot drift; the server's OpenAPI 3.1 document (`api/openapi.json`) is generated from it.
//!
//! - JSON field names are camelCase; enum values are snake_case string literals.
//! - Results with several shapes are tagged unions ([`LoginResponse`] on `status`, the proofs on
//!   `method`).
//! - Requests refuse unknown fields.
//! - Every error has one shape, [`ApiError`], with a stable [`ErrorCode`].
//! - Types that carry passwords, codes, secrets or recovery codes print them as `<redacted>` in
//!   `Debug`, so they cannot leak into logs.
//!
//! Feature `openapi` derives utoipa `ToSchema` for the server's generated document
//! (`api/openapi.json`), from which mfa-wasm's build.rs derives the client, its TypeScript
//! declarations and its normalisation rules. Each field people type carries its `format` once,
//! here: `otp-code` (a one-time code: `minLength` = `maxLength` digits), `recovery-code`
//! (`XXXX-XXXX-XXXX-XXXX`), `e164` (a phone number) and `totp-secret` (base32, at least 160
//! bits). The default build is serde only and compiles for `wasm32-unknown-unknown`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

/// `Debug` that names every field but prints the sensitive ones as `<redacted>`.
macro_rules! redacted_debug {
    ($ty:ident { $($shown:ident),* } hides { $($hidden:ident),+ }) => {
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($shown), &self.$shown))*
                    $(.field(stringify!($hidden), &"<redacted>"))+
                    .finish()
            }
        }
    };
}

mod account;
mod admin;
mod challenge;
mod dev;
mod enroll;
mod error;
mod recovery;
mod webauthn;

pub use account::*;
pub use admin::*;
pub use challenge::*;
pub use dev::*;
pub use enroll::*;
pub use error::*;
pub use recovery::*;
pub use webauthn::*;

/// The header every state-changing request must carry (CSRF defence, OWASP CSRF Prevention
/// Cheat Sheet "custom request headers"; ASVS 5.0 3.5.2).
pub const CSRF_HEADER: &str = "X-MFA-CSRF";
/// The value of [`CSRF_HEADER`].
pub const CSRF_HEADER_VALUE: &str = "1";
