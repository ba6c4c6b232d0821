//! The HTTP/1 connection loop, with the limits `axum::serve` does not set: a header-read
//! timeout, a body-read deadline, and connection caps (OWASP Denial of Service Cheat Sheet:
//! limit connection counts and request time; issue 9 row 8: 1,100 half-open requests used to
//! starve `/api/health` for a minute).
//!
//! - hyper's own `header_read_timeout` (needs a timer; without one hyper silently disables it,
//!   which is why `axum::serve` had none) closes connections whose request head is not complete
//!   in time: slowloris.
//! - tower-http's `DeadlineBody` bounds the time to read a whole request body.
//! - A global cap below the process's open-file limit, so accepting never fails with EMFILE
//!   (which stalls every client), and a cap per client address so one client cannot take all
//!   the slots. Trusted proxies are exempt from the per-address cap (all their clients share
//!   their address). Connections over a cap are closed at once. These counts live in memory on
//!   purpose: they ration this process's sockets and file descriptors, which each instance has
//!   its own of; the security throttles (attempts, SMS) are in the database.

use crate::security::client::TrustedProxies;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::DeadlineBody;

/// The connection limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time to receive a complete request head (at most 10 s by default).
    pub header_read_timeout: Duration,
    /// Time to receive a complete request body.
    pub body_read_timeout: Duration,
    /// Open connections in all (lowered to fit the open-file limit).
    pub max_connections: usize,
    /// Open connections per client address (trusted proxies exempt).
    pub max_connections_per_ip: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 4096,
            max_connections_per_ip: 256,
        }
    }
}

/// File descriptors kept free for the database, the SMTP relay and the listener.
const FD_RESERVE: u64 = 64;

/// Raises the open-file soft limit to the hard limit and returns the connection cap that fits
/// under it.
pub fn fit_connections(wanted: usize) -> usize {
    let soft = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let room = usize::try_from(soft.saturating_sub(FD_RESERVE)).unwrap_or(usize::MAX);
    wanted.min(room).max(1)
}

/// Open connections per client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

impl PerAddress {
    fn enter(&self, ip: IpAddr, max: usize) -> bool {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(ip).or_insert(0);
        if *count >= max {
            return false;
        }
        *count += 1;
        true
    }

    fn leave(&self, ip: IpAddr) {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&ip);
            }
        }
    }
}

/// Serves `app` on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, proxies: TrustedProxies) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Per-connection errors (reset before accept) and, should the cap not fit,
                // EMFILE: wait a moment instead of spinning.
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!("connection cap reached: closing a new connection");
            continue; // dropping the stream closes it
        };
        let ip = peer.ip();
        let capped = !proxies.contains(ip);
        if capped && !per_address.enter(ip, limits.max_connections_per_ip) {
            tracing::info!(source = %ip, "per-address connection cap reached");
            continue;
        }
        let (app, per_address, limits) = (app.clone(), per_address.clone(), limits.clone());
        tokio::spawn(async move {
            let deadline = limits.body_read_timeout;
            let service = app.map_request(move |request: Request<Incoming>| {
                let mut request = request.map(|body| Body::new(DeadlineBody::new(deadline, body)));
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request
            });
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                .await;
            if let Err(e) = served {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            if capped {
                per_address.leave(ip);
            }
            drop(slot);
        });
    }
}
