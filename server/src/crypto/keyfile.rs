//! Where the server key comes from (issue 9 row 10). The key opens every TOTP secret at rest,
//! so it must not travel with the database: a copy of the database's folder (a backup, say)
//! must not hold both. Outside development mode:
//!
//! - `MFA_SERVER_KEY` (64 hex digits), or
//! - `--key-file FILE`, read, or created with mode 0600 if missing, and refused when it lies
//!   inside the database's directory;
//! - neither: the server refuses to start (except on `:memory:`, which keeps nothing).
//!
//! RFC 6238 §5.1 ("The key store MUST be in a secure area"); ASVS 5.0 13.3.1 (backend secrets,
//! including keys for time-based tokens, are created and stored by a secrets-management
//! solution, which the operator's key file or environment stands for) and 13.3.2 (least
//! privilege). Development mode keeps the convenient `<db>.key` beside the database.

use super::{load_master_key, parse_hex_key, read_or_create_key};
use std::io::{Error, Result};
use std::path::{Path, PathBuf};

/// The master key for a server on `db` with `--key-file key_file`.
pub fn server_key(db: &str, key_file: Option<&Path>, dev: bool) -> Result<[u8; 32]> {
    if let Ok(hex) = std::env::var("MFA_SERVER_KEY") {
        return parse_hex_key(hex.trim())
            .ok_or_else(|| Error::other("MFA_SERVER_KEY must be 64 hex digits"));
    }
    let postgres = crate::store::is_postgres_url(db);
    if let Some(path) = key_file {
        // A PostgreSQL database has no directory here to keep the key out of.
        if !dev && !postgres {
            refuse_beside_database(db, path)?;
        }
        return read_or_create_key(path);
    }
    if postgres {
        // Instances sharing the database must share the key (sealed TOTP secrets, SMS code
        // hashes, device cookies), so none may invent its own.
        return Err(Error::other(
            "a PostgreSQL database needs the shared server key: pass --key-file FILE or set \
             MFA_SERVER_KEY to 64 hex digits, the same on every instance",
        ));
    }
    if dev || db == ":memory:" {
        return load_master_key(db);
    }
    Err(Error::other(
        "no server key: pass --key-file FILE (outside the database's directory) or set \
         MFA_SERVER_KEY to 64 hex digits (e.g. from `openssl rand -hex 32`)",
    ))
}

/// Refuses a key file inside the database's directory (or below it).
fn refuse_beside_database(db: &str, key_file: &Path) -> Result<()> {
    if db == ":memory:" {
        return Ok(());
    }
    let db_dir = directory_of(Path::new(db))?;
    let key_dir = directory_of(key_file)?;
    if key_dir.starts_with(&db_dir) {
        return Err(Error::other(format!(
            "the key file {} is inside the database's directory {}: a copy of that directory \
             (a backup, say) would hold every TOTP secret and the key that opens them. Keep the \
             key elsewhere (e.g. /etc/mfa-server/key, mode 0600) or pass MFA_SERVER_KEY",
            key_file.display(),
            db_dir.display()
        )));
    }
    Ok(())
}

/// The canonical directory a file is (or will be) in.
fn directory_of(file: &Path) -> Result<PathBuf> {
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.canonicalize().map_err(|e| {
        Error::other(format!(
            "cannot resolve the directory {}: {e}",
            parent.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_beside_or_below_the_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("mfa.db");
        let db = db.to_str().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(refuse_beside_database(db, &dir.path().join("mfa.key")).is_err());
        assert!(refuse_beside_database(db, &dir.path().join("sub/mfa.key")).is_err());
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(refuse_beside_database(db, &elsewhere.path().join("mfa.key")).is_ok());
    }
}
