//! `getHealth`, and the development-only `getSmsOutbox`, `getMailOutbox` and `advanceDevClock`.

use crate::clock::rfc3339;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use mfa_wire::*;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This module's operations: each handler's `#[utoipa::path]` gives its route and its part of
/// the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_health))
        .routes(routes!(get_sms_outbox))
        .routes(routes!(get_mail_outbox))
        .routes(routes!(advance_dev_clock))
}

/// Liveness.
#[utoipa::path(get, path = "/health", operation_id = "getHealth", tag = "dev",
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn get_health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        dev: state.dev,
    })
}

/// The security notices the development notifier "sent" by email (development mode only;
/// `not_found` otherwise).
#[utoipa::path(get, path = "/dev/mail-outbox", operation_id = "getMailOutbox", tag = "dev",
    responses(
        (status = 200, description = "Messages, oldest first", body = MailOutbox),
        (status = 404, description = "not_found: not in development mode", body = ApiError),
    ))]
pub async fn get_mail_outbox(State(state): State<AppState>) -> AppResult<Json<MailOutbox>> {
    let outbox = state
        .mail_outbox
        .as_ref()
        .filter(|_| state.dev)
        .ok_or_else(|| AppError::not_found("no such path"))?;
    Ok(Json(MailOutbox {
        messages: outbox.messages(),
    }))
}

/// The SMS messages the development sender "sent" (development mode only; `not_found`
/// otherwise, so production never exposes codes).
#[utoipa::path(get, path = "/dev/sms-outbox", operation_id = "getSmsOutbox", tag = "dev",
    responses(
        (status = 200, description = "Messages, oldest first", body = SmsOutbox),
        (status = 404, description = "not_found: not in development mode", body = ApiError),
    ))]
pub async fn get_sms_outbox(State(state): State<AppState>) -> AppResult<Json<SmsOutbox>> {
    let outbox = state
        .outbox
        .as_ref()
        .filter(|_| state.dev)
        .ok_or_else(|| AppError::not_found("no such path"))?;
    Ok(Json(SmsOutbox {
        messages: outbox.messages(),
    }))
}

/// Moves the server's clock forward (development mode with `--test-clock` only; `not_found`
/// otherwise), so test suites see sessions, challenges, enrolments, codes and locks expire
/// without waiting.
#[utoipa::path(post, path = "/dev/clock", operation_id = "advanceDevClock", tag = "dev",
    request_body = AdvanceDevClockRequest,
    security(("csrf" = [])),
    responses(
        (status = 200, description = "The server's time after the move", body = DevClock),
        (status = 403, description = "forbidden (CSRF)", body = ApiError),
        (status = 404, description = "not_found: not in development mode with --test-clock", body = ApiError),
    ))]
pub async fn advance_dev_clock(
    State(state): State<AppState>,
    req: Result<ApiJson<AdvanceDevClockRequest>, AppError>,
) -> AppResult<Json<DevClock>> {
    // Outside development mode the path does not exist, whatever the body.
    let clock = state
        .test_clock
        .as_ref()
        .filter(|_| state.dev)
        .ok_or_else(|| AppError::not_found("no such path"))?;
    let ApiJson(req) = req?;
    clock.advance(u64::from(req.advance_seconds));
    let now = state.clock.now();
    tracing::info!(
        seconds = req.advance_seconds,
        now = %rfc3339(now),
        "development clock moved forward"
    );
    Ok(Json(DevClock {
        unix_seconds: now,
        now: rfc3339(now),
        offset_seconds: clock.offset(),
    }))
}
