//! Generates, into `OUT_DIR`, what the package declares and checks from its two sources of truth:
//!
//! - `errors.d.ts` (always): the TypeScript of `MfaError`, a union discriminated by `code`, from
//!   `mfa_core::ErrorCode` and `mfa_core::Reason` (errors.rs);
//! - with the `client` feature, from the API contract `api/openapi.json` (itself generated from
//!   `mfa-wire` and drift-tested by the server): `contract.rs`, the schemas as static tables the
//!   client checks requests and answers against, normalising each string by its `format`
//!   (contract.rs); `operations.rs`, one `MfaClient` method per operation (client.rs); and
//!   `client.d.ts`, the wire types as named interfaces and the operations'
//!   signatures (typescript.rs).
//!
//! Anything the generators do not know (a `format`, a schema construct, a server error code with
//! no `MfaError` code) stops the build with a message naming it: nothing passes silently.

mod client;
mod contract;
mod errors;
mod model;
mod typescript;

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=api/openapi.json");
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    let write = |name: &str, text: String| {
        fs::write(Path::new(&out).join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"))
    };
    write("errors.d.ts", errors::declarations());
    if env::var_os("CARGO_FEATURE_CLIENT").is_none() {
        return;
    }
    let text = fs::read_to_string("api/openapi.json").expect("api/openapi.json (the contract)");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("api/openapi.json is JSON");
    let api = model::Api::read(&doc);
    write("contract.rs", contract::rust(&api));
    write("operations.rs", client::rust(&api));
    write("client.d.ts", typescript::declarations(&doc, &api));
}
