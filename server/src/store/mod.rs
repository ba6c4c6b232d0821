//! Storage: the server's only way to its database. [`Store`] is an async interface whose methods
//! take and return plain data ([`model`]); the SQL behind it lives in one engine module
//! (`sqlite`, the embedded default, or `postgres` for `--db postgres://...`, issue 10), so the
//! routes do not know which engine runs.
//!
//! SQLite work leaves the async workers: the SQLite connection belongs to one dedicated
//! thread (`mfa-db`), and each call sends it a job and awaits the answer. A slow `fsync`
//! (`synchronous=FULL`) then delays only the database queue, never the HTTP workers that
//! answer `/api/health` or read requests. PostgreSQL calls are async network round trips on a
//! connection pool, so that engine needs no thread (see `postgres`). Security counters (attempts, throttles, SMS budgets)
//! live in the database, never in one process's memory, so they hold across instances.

mod changes;
mod facade;
pub mod model;
mod postgres;
mod sqlite;

pub use model::*;

use postgres::Pg;
pub use postgres::{is_url as is_postgres_url, redacted};
use sqlite::Db;
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// A database failure, without detail (the detail is logged where it happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The database is busy, unreachable or full; the request may be retried (answered as 503
    /// `unavailable`).
    Unavailable,
    /// Anything else (answered as 500 `internal`).
    Internal,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Unavailable => "the database is unavailable",
            Self::Internal => "database error",
        })
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        // Statements bind values as parameters, so the message holds no input.
        tracing::error!(error = %err, "database error");
        match err.sqlite_error_code() {
            // Busy, or a full disk: nothing was written (the transaction rolled back), and the
            // same request succeeds once the database can write again (like PostgreSQL's class
            // 53, insufficient resources, in `postgres/mod.rs`).
            Some(
                rusqlite::ErrorCode::DatabaseBusy
                | rusqlite::ErrorCode::DatabaseLocked
                | rusqlite::ErrorCode::DiskFull,
            ) => Self::Unavailable,
            _ => Self::Internal,
        }
    }
}

/// Results of the store.
pub type StoreResult<T> = Result<T, StoreError>;

type Job = Box<dyn FnOnce(&mut Db) + Send>;

/// The database: SQLite behind its thread, or a PostgreSQL pool.
pub struct Store {
    engine: Engine,
}

enum Engine {
    Sqlite(mpsc::Sender<Job>),
    Postgres(Pg),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// Jobs that may wait for the database thread before callers wait to queue (backpressure).
const QUEUE: usize = 1024;

impl Store {
    /// Opens and migrates the database `db`: a PostgreSQL URL (`postgres://user@host/db`), or
    /// a SQLite file (created with mode 0600 if needed), or an in-memory SQLite for `:memory:`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), mfa_server::store::StoreError> {
    /// let store = mfa_server::store::Store::open(":memory:").await?;
    /// assert!(!store.has_orgs().await?);
    /// # Ok(()) }
    /// ```
    pub async fn open(db: &str) -> StoreResult<Self> {
        if postgres::is_url(db) {
            let pg = Pg::open(db).await?;
            return Ok(Self {
                engine: Engine::Postgres(pg),
            });
        }
        Self::open_sqlite(db)
    }

    /// Whether this store is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.pg().is_some()
    }

    fn pg(&self) -> Option<&Pg> {
        match &self.engine {
            Engine::Postgres(pg) => Some(pg),
            Engine::Sqlite(_) => None,
        }
    }

    fn open_sqlite(path: &str) -> StoreResult<Self> {
        let mut db = Db::open(path)?;
        let (jobs, mut queue) = mpsc::channel::<Job>(QUEUE);
        std::thread::Builder::new()
            .name("mfa-db".into())
            .spawn(move || {
                while let Some(job) = queue.blocking_recv() {
                    // A panicking job drops its answer channel (its caller gets `Internal`);
                    // SQLite rolls back the transaction it left open, and the thread goes on.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut db)));
                }
            })
            .map_err(|e| {
                tracing::error!(error = %e, "cannot start the database thread");
                StoreError::Internal
            })?;
        Ok(Self {
            engine: Engine::Sqlite(jobs),
        })
    }

    /// Runs `f` on the database thread and returns its result.
    async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> rusqlite::Result<R> + Send + 'static,
    ) -> StoreResult<R> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |db| {
            let _ = tx.send(f(db).map_err(StoreError::from));
        });
        let Engine::Sqlite(jobs) = &self.engine else {
            return Err(StoreError::Internal);
        };
        jobs.send(job).await.map_err(|_| StoreError::Unavailable)?;
        rx.await.map_err(|_| StoreError::Internal)?
    }

    /// SQLite: `PRAGMA integrity_check` says `ok`; PostgreSQL: the database answers.
    pub async fn integrity_ok(&self) -> StoreResult<bool> {
        if let Some(pg) = self.pg() {
            return pg.integrity_ok().await;
        }
        self.run(|db| db.integrity_ok()).await
    }
}

#[cfg(test)]
mod tests;
