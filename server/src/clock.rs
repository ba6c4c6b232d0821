//! Time: the server's only time source (ASVS 5.0 6.5.8: TOTP is checked against a trusted
//! server clock, never a client-provided time), injectable so tests can move it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of Unix time in seconds.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Debug)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    /// A clock showing `unix_seconds`.
    pub fn new(unix_seconds: u64) -> Self {
        Self(AtomicU64::new(unix_seconds))
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: u64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set(&self, unix_seconds: u64) {
        self.0.store(unix_seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The clock of `--test-clock` (development mode only): another clock plus an offset that
/// `POST /api/dev/clock` moves forward, so out-of-process test suites can expire sessions,
/// challenges, enrolments, codes and locks without waiting. It keeps following the inner clock,
/// so TOTP codes computed from the real time stay valid until someone moves it.
///
/// ```
/// use mfa_server::clock::{Clock, ManualClock, OffsetClock};
/// let clock = OffsetClock::new(std::sync::Arc::new(ManualClock::new(100)));
/// clock.advance(600);
/// assert_eq!((clock.now(), clock.offset()), (700, 600));
/// ```
pub struct OffsetClock {
    inner: std::sync::Arc<dyn Clock>,
    offset: AtomicU64,
}

impl OffsetClock {
    /// `inner`, not moved yet.
    pub fn new(inner: std::sync::Arc<dyn Clock>) -> Self {
        Self {
            inner,
            offset: AtomicU64::new(0),
        }
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: u64) {
        // fetch_update never fails with a closure that always answers Some.
        let _ = self
            .offset
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
                Some(o.saturating_add(seconds))
            });
    }

    /// How far it has been moved, in seconds.
    pub fn offset(&self) -> u64 {
        self.offset.load(Ordering::SeqCst)
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> u64 {
        self.inner.now().saturating_add(self.offset())
    }
}

/// Formats Unix seconds as RFC 3339 UTC, e.g. `2030-01-01T00:00:00Z`.
pub fn rfc3339(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let rem = unix_seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(20_000_000_000), "2603-10-11T11:33:20Z");
    }
}
