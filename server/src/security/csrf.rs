//! CSRF defence and the origin policy shared with CORS.
//!
//! Every state-changing request (POST, PUT, PATCH, DELETE) must carry `X-MFA-CSRF: 1`. A
//! custom header cannot be sent cross-origin without a CORS preflight, which only allowed
//! origins pass (OWASP CSRF Prevention Cheat Sheet, "custom request headers"; ASVS 5.0 3.5.2).
//! If an `Origin` header is present it must be the server's own origin or an allowed one
//! (ASVS 5.0 3.5.1, verify the Origin); a cross-site `Sec-Fetch-Site` without an `Origin` is
//! refused too (ASVS 5.0 3.5.3). SameSite=Lax cookies are only defence in depth.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mfa_wire::{ErrorCode, CSRF_HEADER, CSRF_HEADER_VALUE};

/// Which cross-origin callers are allowed (CORS with credentials, and the Origin check).
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    /// Exact origins, e.g. `https://app.example.com`.
    pub allowed: Vec<String>,
    /// Development mode: any `http://127.0.0.1:<port>` or `http://localhost:<port>` (the
    /// wasm-bindgen test runner and the demo's dev server pick their own ports).
    pub dev_loopback: bool,
}

impl OriginPolicy {
    /// Whether `origin` may call the API with credentials.
    pub fn allows(&self, origin: &str) -> bool {
        self.allowed.iter().any(|o| o == origin) || (self.dev_loopback && is_loopback(origin))
    }
}

fn is_loopback(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let port_ok = |p: &str| p.is_empty() || (p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        if let Some(after) = rest.strip_prefix(host) {
            return after.is_empty() || after.strip_prefix(':').is_some_and(port_ok);
        }
    }
    false
}

fn refuse(reason: &str, message: &'static str) -> Response {
    let mut err = AppError::new(ErrorCode::Forbidden, message);
    err.body.reason = Some(reason.to_owned());
    err.into_response()
}

/// The middleware.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) != Some(CSRF_HEADER_VALUE) {
        return refuse(
            "csrf_header",
            "state-changing requests need the X-MFA-CSRF: 1 header",
        );
    }
    match headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or(""))
    {
        Some(origin) => {
            if !(is_own_origin(&state, headers, origin) || state.origins.allows(origin)) {
                return refuse("origin", "the request's Origin is not allowed");
            }
        }
        None => {
            if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
                return refuse("origin", "cross-site requests are not allowed");
            }
        }
    }
    next.run(request).await
}

fn is_own_origin(state: &AppState, headers: &HeaderMap, origin: &str) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let scheme = if state.cookie.secure {
        "https://"
    } else {
        "http://"
    };
    origin.strip_prefix(scheme) == Some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        let dev = OriginPolicy {
            allowed: vec!["https://app.example".into()],
            dev_loopback: true,
        };
        for ok in [
            "http://127.0.0.1:8000",
            "http://localhost:45123",
            "http://localhost",
            "http://[::1]:9",
            "https://app.example",
        ] {
            assert!(dev.allows(ok), "{ok}");
        }
        for bad in [
            "http://127.0.0.1.evil.example",
            "http://localhost:80x",
            "https://localhost:8000",
            "http://evil.example",
            "null",
            "",
        ] {
            assert!(!dev.allows(bad), "{bad}");
        }
        let prod = OriginPolicy {
            allowed: vec![],
            dev_loopback: false,
        };
        assert!(!prod.allows("http://127.0.0.1:8000"));
    }
}
