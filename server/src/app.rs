//! The HTTP application: routes, fallbacks, CORS, CSRF, body limits, headers.

use crate::error::AppError;
use crate::extract::MAX_BODY_BYTES;
use crate::routes;
use crate::security::csrf;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use mfa_wire::ErrorCode;
use std::path::Path;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of the static demo (ASVS 5.0 3.4.3: at least `object-src 'none'`
/// and `base-uri 'none'` with an allowlist; CSP3 "can-compile-wasm-bytes":
/// `'wasm-unsafe-eval'` lets the page compile its own WebAssembly and nothing else; no inline
/// script, no eval, no plug-ins, no `<base>`, no framing; the API on the same origin).
pub const DEMO_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// The application for `state`, serving `static_dir` at `/` if given.
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let (api, _) = routes::api().split_for_parts();
    let api = api
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    let app = Router::new().nest("/api", api);
    let app = match static_dir {
        Some(dir) => app.fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(DEMO_CSP),
                ))
                .service(ServeDir::new(dir)),
        ),
        None => app.fallback(not_found),
    };
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        csrf::guard,
    ))
    .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
    .layer(cors(&state))
    // No API answer may be cached: some carry secrets or recovery codes (ASVS 5.0 14.3.2).
    .layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
    .layer(SetResponseHeaderLayer::if_not_present(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    // Pages and answers are framed by nobody (clickjacking of the MFA settings), and leak no
    // URL in Referer (OWASP HTTP Security Response Headers Cheat Sheet; ASVS 5.0 3.4.5 referrer
    // policy, 3.4.6 frame-ancestors).
    .layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    ))
    .layer(SetResponseHeaderLayer::if_not_present(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("DENY"),
    ))
    .layer(SetResponseHeaderLayer::if_not_present(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ))
    .layer(CatchPanicLayer::custom(|_| {
        AppError::internal().into_response()
    }))
    .with_state(state)
}

/// CORS: only configured origins (and loopback in development mode), with credentials; the
/// `Date` and `Retry-After` headers are readable by the caller.
fn cors(state: &AppState) -> CorsLayer {
    let origins = state.origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origin.to_str().is_ok_and(|o| origins.allows(o))
        }))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        // `x-mfa-csrf` is `mfa_wire::CSRF_HEADER` in the lower case header names require.
        .allow_headers([header::CONTENT_TYPE, HeaderName::from_static("x-mfa-csrf")])
        .expose_headers([header::DATE, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
        .vary([header::ORIGIN])
}

async fn not_found() -> Response {
    AppError::not_found("no such path").into_response()
}

async fn method_not_allowed() -> Response {
    AppError::new(
        ErrorCode::MethodNotAllowed,
        "the method is not allowed on this path",
    )
    .into_response()
}
