//! The database: connection, migrations, entities and first-start data.

pub mod entities;
pub mod migration;
pub mod seed;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Opens the database at `url` (SQLite file or PostgreSQL) and brings its schema up to date.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if is_sqlite(url) { 8 } else { 20 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if is_sqlite(url) {
        // WAL lets readers proceed while one writer commits; the busy timeout
        // makes concurrent writers wait instead of failing.
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
            .await?;
    }
    migration::Migrator::up(&db, None).await?;
    Ok(db)
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
