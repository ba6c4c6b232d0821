//! Storage: every SQL statement of the server lives in this module, behind [`Store`], so
//! another database (PostgreSQL) can replace SQLite by reimplementing these methods.
//!
//! SQLite runs embedded, in WAL mode with `synchronous=FULL` (a committed enrolment survives a
//! crash), foreign keys on, and versioned migrations. Every counter and every single-use
//! update is one atomic statement (`UPDATE ... WHERE ... RETURNING`) whose affected rows decide
//! the outcome, so concurrent requests cannot double-spend (ASVS 5.0 15.4.2, docs/security.md A5/A6).

mod challenges;
mod factors;
mod orgs;
mod recovery;
mod sessions;
mod sms_log;
mod users;

pub use challenges::{Challenge, NewChallenge, Purpose};
pub use factors::{Confirmation, Confirmed, FactorRow};
pub use orgs::Org;
pub use sessions::SessionRow;
pub use users::{AttemptKind, Reservation, User};

use rusqlite::Connection;
use std::sync::{Mutex, MutexGuard};

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// The database.
pub struct Store {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// Seconds as SQLite integers (times stay far below 2^63).
fn int(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

fn secs(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`, or an in-memory one.
    pub fn open(path: &str) -> rusqlite::Result<Self> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers never block the writer and a crash leaves the last commit intact.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Self {
            conn: Mutex::new(conn),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> rusqlite::Result<()> {
        let conn = self.conn.get_mut().unwrap_or_else(|p| p.into_inner());
        let done: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map(|v| usize::try_from(v).unwrap_or(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The connection. A panic elsewhere cannot poison the store for good: SQLite rolls back
    /// any transaction the panicking thread left open when its guard dropped.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `PRAGMA integrity_check` says `ok`.
    pub fn integrity_ok(&self) -> rusqlite::Result<bool> {
        let result: String = self
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(result == "ok")
    }
}
