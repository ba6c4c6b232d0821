//! The OpenAPI 3.1 document, generated from the handlers' annotations (the same that give the
//! routes, `crate::routes::api`) and the `mfa-wire` types.
//! `api/openapi.json` is this document; a test fails when they differ (regenerate with
//! `cargo run -p mfa-server -- --write-openapi api/openapi.json` or `UPDATE_OPENAPI=1 cargo test`).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "MFA reference server",
        description = "TOTP, SMS and recovery-code MFA. Errors share one body (`ApiError`) with a stable `code`. \
State-changing requests need the `X-MFA-CSRF: 1` header and, when an `Origin` header is sent, an allowed origin. \
The session travels in an HttpOnly cookie.",
        license(name = "MIT OR Apache-2.0"),
    ),
    components(schemas(mfa_wire::ErrorCode)),
    modifiers(&Security),
    tags(
        (name = "session", description = "Login, logout, status"),
        (name = "enrollment", description = "Enrolling TOTP or SMS"),
        (name = "challenge", description = "Second-factor challenges"),
        (name = "recovery", description = "Recovery codes and changing the method"),
        (name = "admin", description = "Organisation administration"),
        (name = "dev", description = "Health, the development SMS and mail outboxes, and the test clock"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "mfa_session",
                "The session cookie (`__Host-mfa_session` under HTTPS).",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-MFA-CSRF",
                "Must be `1` on every state-changing request.",
            ))),
        );
    }
}

/// The document: the description above plus every route of [`crate::routes::api`], under `/api`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api", crate::routes::api())
        .into_openapi();
    add_shared_answers(&mut doc);
    doc
}

/// The answers that follow from an operation's shape, said once here rather than on every
/// handler (a handler's own, more specific description of a status is kept):
/// - a JSON body: 400 `invalid_input`, 413 `payload_too_large`, 415 `invalid_input` (not JSON),
///   from the body extractor (`extract.rs`);
/// - a required session cookie: 401 `unauthorized`;
/// - outside the `dev` tag, every operation reads or writes the database: 500 `internal` and 503
///   `unavailable` (the database busy, full or unreachable, with `Retry-After`).
fn add_shared_answers(doc: &mut utoipa::openapi::OpenApi) {
    let error = |description: &str, retry: bool| {
        let mut response = serde_json::json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApiError" } } },
        });
        if retry {
            response["headers"] = serde_json::json!({ "Retry-After": {
                "schema": { "type": "integer", "format": "int64", "minimum": 0 },
                "description": "Seconds to wait",
            } });
        }
        serde_json::from_value::<utoipa::openapi::Response>(response)
            .map(utoipa::openapi::RefOr::T)
            .expect("a fixed, valid response object")
    };
    let with_body = [
        ("400", error("invalid_input", false)),
        ("413", error("payload_too_large", false)),
        ("415", error("invalid_input (not JSON)", false)),
    ];
    let with_session = [("401", error("unauthorized", false))];
    let with_store = [
        (
            "500",
            error(
                "internal: an unexpected failure (logged; the body says no more)",
                false,
            ),
        ),
        (
            "503",
            error(
                "unavailable: the database is busy, full or unreachable; retry after Retry-After",
                true,
            ),
        ),
    ];
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            let security = serde_json::to_value(&op.security).unwrap_or_default();
            // Required when every alternative requirement names it (logout's is optional).
            let session = security.as_array().is_some_and(|all| {
                !all.is_empty() && all.iter().all(|r| r.get("session").is_some())
            });
            let store = !op.tags.iter().flatten().any(|t| t == "dev");
            let shared = [
                (op.request_body.is_some(), &with_body[..]),
                (session, &with_session[..]),
                (store, &with_store[..]),
            ];
            let responses = &mut op.responses.responses;
            for (applies, answers) in shared {
                for (status, answer) in answers.iter().filter(|_| applies) {
                    responses
                        .entry((*status).into())
                        .or_insert_with(|| answer.clone());
                }
            }
        }
    }
}

/// The document as the pretty JSON that `api/openapi.json` holds (with a final newline).
pub fn json() -> String {
    let mut text = document().to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}
