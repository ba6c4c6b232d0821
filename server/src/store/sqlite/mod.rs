//! The SQLite engine: every SQL statement for SQLite lives under this module.
//!
//! SQLite runs embedded, in WAL mode with `synchronous=FULL` (a committed enrolment survives a
//! crash), foreign keys on, and versioned migrations. Every counter and every single-use
//! update is one atomic statement (`UPDATE ... WHERE ... RETURNING`) whose affected rows decide
//! the outcome, so concurrent requests cannot double-spend (ASVS 5.0 15.4.2, docs/security.md K5/K6).
//! One connection, owned by the store's database thread (see `store::Store`).

mod challenges;
mod changes;
mod factors;
mod orgs;
mod recovery;
mod sessions;
mod sms_log;
mod throttles;
mod users;
mod webauthn;

use rusqlite::{Connection, OptionalExtension};

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_throttles.sql"),
    include_str!("migrations/0003_password_at.sql"),
    include_str!("migrations/0004_sms_budgets.sql"),
    include_str!("migrations/0005_method_changes.sql"),
    include_str!("migrations/0006_webauthn.sql"),
];

/// The connection and the SQL run on it.
pub struct Db {
    conn: Connection,
}

/// Seconds as SQLite integers (times stay far below 2^63).
fn int(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

fn secs(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path`, or an in-memory one. A
    /// new database file is created with mode 0600 first (it holds sealed TOTP secrets and
    /// password hashes; ASVS 5.0 13.3.2: access to secret assets follows least privilege), and SQLite gives its `-wal` and
    /// `-shm` files the same mode.
    pub fn open(path: &str) -> rusqlite::Result<Self> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            create_private(path).map_err(|e| {
                rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                    Some(format!("cannot create {path}: {e}")),
                )
            })?;
            Connection::open(path)?
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers never block the writer and a crash leaves the last commit intact.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut db = Self { conn };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&mut self) -> rusqlite::Result<()> {
        let done: usize = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map(|v| usize::try_from(v).unwrap_or(0))?;
        if done >= MIGRATIONS.len() {
            return Ok(());
        }
        // A migration that rebuilds a table (0006) must not cascade its DROP to the rows that
        // reference it: foreign keys are off while migrating (SQLite "ALTER TABLE" §7), and each
        // migration commits only if `foreign_key_check` finds nothing.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let result = self.run_migrations(done);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        result
    }

    fn run_migrations(&mut self, done: usize) -> rusqlite::Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                tracing::error!(migration = i + 1, table, "a migration broke a foreign key");
                return Err(rusqlite::Error::StatementChangedRows(0));
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// `PRAGMA integrity_check` says `ok`.
    pub fn integrity_ok(&mut self) -> rusqlite::Result<bool> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(result == "ok")
    }

    /// Copies the WAL into the database file and empties it (tests only: a test that edits the
    /// file must see every commit in it, while the database thread may still hold the
    /// connection).
    #[cfg(test)]
    pub fn checkpoint(&mut self) -> rusqlite::Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
    }

    /// Tests only: how long a statement waits for another connection's lock, in ms.
    #[cfg(test)]
    pub fn busy_timeout_ms(&mut self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))
    }

    /// The rows of `table` (tests only: a table name from the test, never input).
    #[cfg(test)]
    pub fn count_rows(&mut self, table: &str) -> rusqlite::Result<i64> {
        let sql = format!("SELECT count(*) FROM {table}");
        self.conn.query_row(&sql, [], |r| r.get(0))
    }
}

/// Creates the database file with mode 0600 if it does not exist yet. An existing file that
/// others may read is only reported: changing an operator's file modes is their call.
fn create_private(path: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path)?.permissions().mode();
                if mode & 0o077 != 0 {
                    tracing::warn!(
                        path,
                        mode = format!("{:o}", mode & 0o777),
                        "the database file is readable by others: chmod 600 it"
                    );
                }
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}
