//! The PostgreSQL engine (`--db postgres://...`, issue 10): every SQL statement for PostgreSQL
//! lives under this module, one module per concept like the SQLite engine beside it.
//!
//! Several server instances may share one database, so every rule that SQLite got from its
//! single writer is spelled out here, per statement (ASVS 5.0 15.4.2, docs/security.md K5/K6):
//! - single use and counters (TOTP `last_step`, challenges, recovery codes, attempt and throttle
//!   reservations, SMS resends) are one conditional `UPDATE`/`INSERT ... ON CONFLICT` whose
//!   affected rows decide. Under READ COMMITTED, a concurrent writer of the same row waits for
//!   the first to commit and then re-evaluates the `WHERE` on the new row version, so of any
//!   number of concurrent requests only those the rule allows win;
//! - multi-statement changes of one user's factors (confirmation, reset, pending enrolments,
//!   method changes, recovery-code sets) first lock the user's row (`SELECT ... FOR NO KEY
//!   UPDATE`), so they run one at a time per user, as under SQLite's write lock;
//! - the SMS budgets count rows before inserting one, so that transaction takes a transaction-
//!   scoped advisory lock that serialises every send (SMS sends are few; the global budget is
//!   shared by all of them anyway).
//!
//! Calls are async network round trips on a connection pool (deadpool-postgres), so this engine
//! needs no database thread. A refused or broken connection is [`StoreError::Unavailable`]
//! (503 `unavailable`); the pool drops broken connections and opens new ones on demand, so the
//! server recovers by itself when the database is back.

mod challenges;
mod changes;
mod factors;
mod recovery;
mod sessions;
mod sms_log;
mod throttles;
mod users;
mod webauthn;

use crate::store::{StoreError, StoreResult};
use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use std::time::Duration;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

/// Migrations, applied in order inside one transaction; `schema_migrations` records them.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_webauthn.sql"),
];

/// Connections per instance: enough for two cores' request workers, far below PostgreSQL's
/// default `max_connections` (100) so several instances fit.
const POOL_SIZE: usize = 16;

/// How long a request waits for a connection (or to open one) before it is answered 503.
const WAIT: Duration = Duration::from_secs(2);

/// Session settings of every connection, before the URL's own `options` (which win):
/// - a statement (a lock wait included) is cancelled after 5 s, as SQLite's busy timeout gives
///   up after 5 s, and the request answers 503 `unavailable`;
/// - a connection idle inside a transaction for 10 s is ended, so an instance that stalls or is
///   cut off mid-transaction cannot hold a user's row lock (`lock_user`) or the SMS lock for the
///   other instances until TCP keepalive notices (OWASP ASVS 5.0 15.4.2, docs/postgres.md
///   "Timeouts"). Transactions run no application code between statements.
const SESSION_OPTIONS: &str = "-c statement_timeout=5s -c idle_in_transaction_session_timeout=10s";

/// Query parameters.
type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The pool and the SQL run on it.
pub struct Pg {
    pool: Pool,
}

/// Seconds as PostgreSQL BIGINT (times stay far below 2^63).
fn int(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

fn secs(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Whether `db` names a PostgreSQL database.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `db` without its password, for messages and logs.
///
/// ```ignore
/// assert_eq!(redacted("postgres://u:secret@h/db"), "postgres://u:***@h/db");
/// ```
pub fn redacted(db: &str) -> String {
    let Some((scheme, rest)) = db.split_once("://") else {
        return db.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}")
        }
        _ => db.to_owned(),
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(err: tokio_postgres::Error) -> Self {
        // Statements bind values as parameters, so the message holds no input.
        tracing::error!(error = %err, "database error");
        if err.is_closed() {
            return Self::Unavailable;
        }
        if let Some(db) = err.as_db_error() {
            let code = db.code().code();
            // 08: connection exception; 57P0x: shutting down or starting; 57014: cancelled
            // (`statement_timeout`); 25P03: ended idle in a transaction; 55P03: lock not
            // available; 53: out of resources (e.g. too many connections); 40001/40P01:
            // serialization failure or deadlock. A retry resolves each.
            let retry = code.starts_with("08")
                || code.starts_with("57P")
                || code.starts_with("53")
                || ["57014", "25P03", "55P03", "40001", "40P01"].contains(&code);
            return if retry {
                Self::Unavailable
            } else {
                Self::Internal
            };
        }
        // No answer from the server: the socket failed (connection refused, reset).
        let io = std::error::Error::source(&err).is_some_and(|s| s.is::<std::io::Error>());
        if io {
            Self::Unavailable
        } else {
            Self::Internal
        }
    }
}

impl From<PoolError> for StoreError {
    fn from(err: PoolError) -> Self {
        match err {
            PoolError::Backend(e) => e.into(),
            other => {
                tracing::error!(error = %other, "no database connection");
                Self::Unavailable
            }
        }
    }
}

impl Pg {
    /// Connects to the database at `url` and applies the migrations it lacks.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            tracing::error!(error = %e, "invalid PostgreSQL URL");
            StoreError::Internal
        })?;
        // A database that stops answering (no reset, e.g. a network partition) must not hold
        // requests: connecting gives up after WAIT, and keepalives notice a dead peer.
        config.connect_timeout(WAIT).keepalives(true);
        with_session_options(&mut config);
        let manager = Manager::from_config(
            config,
            NoTls,
            // Fast: a connection whose socket closed (database restarted) is dropped at
            // checkout without a round trip; a request that meets one mid-flight gets 503.
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .recycle_timeout(Some(WAIT))
            .build()
            .map_err(|e| {
                tracing::error!(error = %e, "cannot build the connection pool");
                StoreError::Internal
            })?;
        let pg = Self { pool };
        pg.migrate().await?;
        Ok(pg)
    }

    /// Applies the missing migrations. Instances starting together take turns: an advisory
    /// lock held for the transaction serialises them.
    async fn migrate(&self) -> StoreResult<()> {
        let mut client = self.pool.get().await?;
        let tx = maintenance(&mut client).await?;
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(1684107617);
             CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)",
        )
        .await?;
        let done: i64 = tx
            .query_one("SELECT count(*) FROM schema_migrations", &[])
            .await?
            .get(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1::BIGINT)",
                &[&(i as i64 + 1)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A pooled connection.
    async fn client(&self) -> StoreResult<deadpool_postgres::Client> {
        Ok(self.pool.get().await?)
    }

    /// Runs one statement; the rows it changed.
    async fn execute(&self, sql: &str, params: Params<'_>) -> StoreResult<u64> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.execute(&statement, params).await?)
    }

    /// Runs one query; its first row, if any.
    async fn query_opt(&self, sql: &str, params: Params<'_>) -> StoreResult<Option<Row>> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.query_opt(&statement, params).await?)
    }

    /// Runs one query; its rows.
    async fn query(&self, sql: &str, params: Params<'_>) -> StoreResult<Vec<Row>> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.query(&statement, params).await?)
    }

    /// The rows of `table` (tests only: a table name from the test, never input).
    #[cfg(test)]
    pub async fn count_rows(&self, table: &str) -> StoreResult<i64> {
        let row = self
            .query_opt(&format!("SELECT count(*) FROM {table}"), &[])
            .await?;
        Ok(row.map_or(0, |r| r.get(0)))
    }

    /// Tests only: the session's `statement_timeout` and `idle_in_transaction_session_timeout`,
    /// and what a statement cancelled by its timeout becomes.
    #[cfg(test)]
    pub async fn timeouts(&self) -> StoreResult<(String, String, StoreError)> {
        let mut client = self.client().await?;
        let show = |row: Row| row.get::<_, String>(0);
        let statement = show(client.query_one("SHOW statement_timeout", &[]).await?);
        let idle = show(
            client
                .query_one("SHOW idle_in_transaction_session_timeout", &[])
                .await?,
        );
        // A shorter timeout for this transaction only (`SET LOCAL`), then a longer statement.
        let tx = client.transaction().await?;
        tx.batch_execute("SET LOCAL statement_timeout = '20ms'")
            .await?;
        let cancelled = match tx.query("SELECT pg_sleep(2)", &[]).await {
            Ok(_) => return Err(StoreError::Internal),
            Err(e) => StoreError::from(e),
        };
        Ok((statement, idle, cancelled))
    }

    /// Whether the database answers (PostgreSQL checks its own pages; there is no
    /// `integrity_check` to run).
    pub async fn integrity_ok(&self) -> StoreResult<bool> {
        let row = self.query_opt("SELECT 1", &[]).await?;
        Ok(row.is_some())
    }
}

/// A transaction for maintenance (migrations, pruning), whose statements may take longer than
/// a request's: it lifts [`SESSION_OPTIONS`]' statement timeout for itself only (`SET LOCAL`),
/// so an instance waiting for another's migrations, or a prune after a long backlog, is not
/// cancelled at 5 s every time (`faults.rs` `migrations_may_wait_longer_than_a_request`).
async fn maintenance(
    client: &mut deadpool_postgres::Client,
) -> StoreResult<deadpool_postgres::Transaction<'_>> {
    let tx = client.transaction().await?;
    tx.batch_execute("SET LOCAL statement_timeout = 0").await?;
    Ok(tx)
}

/// Puts [`SESSION_OPTIONS`] before the URL's own `options`, so an operator's setting wins.
pub(super) fn with_session_options(config: &mut tokio_postgres::Config) {
    let options = match config.get_options() {
        Some(own) if !own.trim().is_empty() => format!("{SESSION_OPTIONS} {own}"),
        _ => SESSION_OPTIONS.to_owned(),
    };
    config.options(options);
}

/// Locks `user_id`'s row until the transaction ends: multi-statement changes of one user's
/// factors, codes and method changes run one at a time (see the module's documentation).
async fn lock_user(tx: &deadpool_postgres::Transaction<'_>, user_id: &str) -> StoreResult<()> {
    tx.execute(
        "SELECT 1 FROM users WHERE id = $1::TEXT FOR NO KEY UPDATE",
        &[&user_id],
    )
    .await?;
    Ok(())
}
