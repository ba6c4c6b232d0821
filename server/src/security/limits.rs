//! The per-IP failure limit (in memory; per-account limits live in the database, see
//! `store::users`). An IP may fail `limit` times per window across all accounts, which stops
//! one client from spraying codes or passwords over many accounts; the per-account counter
//! stops many IPs from guessing one account (rubygems GHSA-c55g-q6f4-5qxr).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Fixed-window failure counters per IP.
#[derive(Debug)]
pub struct IpLimiter {
    windows: Mutex<HashMap<IpAddr, (u64, u32)>>,
    limit: u32,
    window: u64,
}

impl IpLimiter {
    /// `limit` failures per `window` seconds.
    pub fn new(limit: u32, window: u64) -> Self {
        Self {
            windows: Mutex::new(HashMap::new()),
            limit,
            window: window.max(1),
        }
    }

    /// Counts an attempt before it is evaluated (so concurrent attempts cannot overshoot).
    /// `Err(seconds)` when the IP is over its limit.
    pub fn reserve(&self, ip: IpAddr, now: u64) -> Result<(), u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > 100_000 {
            let window = self.window;
            windows.retain(|_, (start, _)| now < *start + window);
        }
        let entry = windows.entry(ip).or_insert((now, 0));
        if now >= entry.0 + self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return Err((entry.0 + self.window).saturating_sub(now).max(1));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Gives back a reserved attempt that succeeded or was never evaluated.
    pub fn refund(&self, ip: IpAddr) {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = windows.get_mut(&ip) {
            entry.1 = entry.1.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_resets() {
        let limiter = IpLimiter::new(2, 60);
        let ip = IpAddr::from([10, 0, 0, 1]);
        assert!(limiter.reserve(ip, 100).is_ok());
        assert!(limiter.reserve(ip, 101).is_ok());
        assert_eq!(limiter.reserve(ip, 102), Err(58));
        limiter.refund(ip);
        assert!(limiter.reserve(ip, 103).is_ok());
        assert!(limiter.reserve(IpAddr::from([10, 0, 0, 2]), 103).is_ok());
        assert!(limiter.reserve(ip, 160).is_ok());
    }

    /// Past 100,000 addresses the map drops finished windows only: an address still in its
    /// window keeps its count (no way to clear a limit by spraying from many addresses).
    #[test]
    fn pruning_keeps_the_counting_addresses() {
        let limiter = IpLimiter::new(2, 60);
        let ip = IpAddr::from([10, 0, 0, 1]);
        assert!(limiter.reserve(ip, 1_000).is_ok());
        assert!(limiter.reserve(ip, 1_000).is_ok());
        for i in 0..100_001u32 {
            let other = IpAddr::from(std::net::Ipv4Addr::from(0x0b00_0000 + i));
            limiter
                .reserve(other, if i % 2 == 0 { 900 } else { 1_000 })
                .unwrap();
        }
        assert_eq!(
            limiter.reserve(ip, 1_030),
            Err(30),
            "still limited after the prune"
        );
        let windows = limiter.windows.lock().unwrap();
        // Kept: the 50,000 addresses whose window began at 1,000, and `ip`.
        assert_eq!(windows.len(), 50_001, "the finished windows went");
    }
}
