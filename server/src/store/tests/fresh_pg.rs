//! A new database per test on the PostgreSQL cluster of `MFA_TEST_DB` (scripts/test/postgres.sh
//! sets it). The store's unit tests and the HTTP suites in `server/tests` both include this file.

/// `MFA_TEST_DB`, when the suites run on PostgreSQL.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("MFA_TEST_DB").ok().filter(|u| !u.is_empty())
}

/// Creates an empty database on the cluster of `admin` (a `postgres://.../postgres` URL) and
/// returns its URL.
pub async fn fresh_postgres_database(admin: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "mfa_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let (client, connection) = tokio_postgres::connect(admin, tokio_postgres::NoTls)
        .await
        .expect("MFA_TEST_DB accepts connections");
    let task = tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("CREATE DATABASE");
    drop(client);
    let _ = task.await;
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database name");
    format!("{base}/{name}")
}
