//! The database: connection, migrations, entities and first-start data.

pub mod entities;
pub mod migration;
pub mod seed;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Opens the database at `url` (SQLite file or PostgreSQL). Every pooled
/// SQLite connection gets the same settings: the busy timeout makes
/// concurrent writers wait instead of failing, and foreign keys are enforced.
/// The file is switched to WAL (readers proceed while one writer commits) once,
/// here; the mode stays with the file.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if is_sqlite(url) { 8 } else { 20 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // Not `journal_mode` here: every new pool connection would set it, and
        // setting it takes a lock that the busy timeout doesn't wait for, so a
        // connection opened while another one writes was refused at once
        // ("database is locked"), failing the request that needed it.
        .map_sqlx_sqlite_opts(|opts| {
            opts.busy_timeout(Duration::from_secs(SQLITE_BUSY_TIMEOUT_SECONDS))
                .foreign_keys(true)
        });
    let db = Database::connect(options).await?;
    if is_sqlite(url) {
        use_wal(&db).await?;
    }
    Ok(db)
}

/// Switches the SQLite file to WAL. Servers opening the same new file at
/// once can be refused straight away with "database is locked" while another
/// one does it; they try again for up to ten seconds.
async fn use_wal(db: &DatabaseConnection) -> Result<(), DbErr> {
    let switch = Statement::from_string(DbBackend::Sqlite, "PRAGMA journal_mode = WAL");
    let mut attempts = 0;
    loop {
        match db.query_one_raw(switch.clone()).await {
            Err(err) if is_locked(&err) && attempts < 50 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            done => return done.map(|_| ()),
        }
    }
}

/// Whether SQLite refused because another connection holds the lock.
fn is_locked(err: &DbErr) -> bool {
    err.to_string().contains("database is locked")
}

/// How long a SQLite connection waits for another writer before giving up.
pub const SQLITE_BUSY_TIMEOUT_SECONDS: u64 = 5;

/// Any number that is this app's own: the advisory lock that servers starting
/// together take before migrating and loading first-start data.
const PREPARE_LOCK_KEY: i64 = 0x706f_7274_616c; // "portal"

/// Brings the schema up to date and writes first-start data (built-in access
/// levels, email templates, and with `demo_data` the demo organizations), in
/// one transaction. On PostgreSQL it first takes an advisory lock, so servers
/// starting together apply each migration exactly once and the others wait,
/// then find everything in place; on SQLite the write transaction already
/// has the database to itself.
pub async fn prepare(
    db: &DatabaseConnection,
    demo_data: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::AppResult<()> {
    let txn = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [PREPARE_LOCK_KEY.into()],
        ))
        .await?;
    }
    migration::Migrator::up(&txn, None).await?;
    seed::run(&txn, demo_data, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Starts a transaction that will write. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`): a transaction that reads first and writes later
/// would otherwise fail outright, not wait, when another writer committed in
/// between. PostgreSQL ignores the option.
pub async fn begin_write<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Serializes, on PostgreSQL, the transactions that take the same `scope`
/// (an account's sign-in attempts, the set of Administrators) until each
/// ends: a check-then-write inside them cannot interleave with another. SQLite
/// needs nothing: a write transaction there has the database to itself.
pub async fn advisory_lock(txn: &impl ConnectionTrait, scope: &str) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [scope.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Checks a version-guarded update (`… WHERE id = ? AND version = ?`): when it
/// touched no row, someone else saved `what` first and nothing was overwritten.
pub fn ensure_saved(result: &sea_orm::UpdateResult, what: &str) -> crate::error::AppResult<()> {
    if result.rows_affected == 0 {
        Err(crate::error::AppError::stale(what))
    } else {
        Ok(())
    }
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}
