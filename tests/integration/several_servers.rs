//! Several app servers on one database: starting together they migrate and
//! load first-start data exactly once, and every pooled SQLite connection
//! has the same settings.

use portal::db::entities::{access_level, email_template, staff_user};
use sea_orm::{ConnectionTrait, Database, DbBackend, EntityTrait, PaginatorTrait, Statement};

/// A fresh, empty database (no migrations yet): its URL, and a SQLite file to remove.
async fn empty_database() -> (String, Option<std::path::PathBuf>) {
    let unique = format!(
        "portal_servers_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if admin_url.starts_with("postgres") => {
            let admin = Database::connect(&admin_url).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{unique}\""))
                .await
                .unwrap();
            admin.close().await.ok();
            let base = admin_url.rsplit_once('/').unwrap().0;
            (format!("{base}/{unique}"), None)
        }
        _ => {
            let file = std::env::temp_dir().join(format!("{unique}.db"));
            (format!("sqlite://{}?mode=rwc", file.display()), Some(file))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn servers_starting_together_migrate_and_seed_exactly_once() {
    let (url, file) = empty_database().await;
    let mut servers = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let url = url.clone();
        servers.spawn(async move {
            let db = portal::db::connect(&url).await.expect("connect");
            portal::db::prepare(&db, true, chrono::Utc::now())
                .await
                .expect("migrate and seed while others do the same");
            db
        });
    }
    let mut connections = Vec::new();
    while let Some(done) = servers.join_next().await {
        connections.push(done.expect("a server started"));
    }
    let db = &connections[0];
    let backend = db.get_database_backend();
    let applied = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    let migrations =
        <portal::db::migration::Migrator as sea_orm_migration::MigratorTrait>::migrations().len();
    assert_eq!(applied as usize, migrations, "each migration recorded once");
    assert_eq!(
        access_level::Entity::find().count(db).await.unwrap(),
        6,
        "built-in levels once"
    );
    assert_eq!(
        email_template::Entity::find().count(db).await.unwrap() as usize,
        portal::email::TemplateKind::all().count(),
        "each template once"
    );
    assert_eq!(
        staff_user::Entity::find().count(db).await.unwrap(),
        2,
        "demo staff once"
    );
    for db in connections {
        db.close().await.ok();
    }
    if let Some(file) = file {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
}

#[tokio::test]
async fn every_pooled_sqlite_connection_has_the_same_settings() {
    let (url, file) = empty_database().await;
    if file.is_none() {
        return; // PostgreSQL has no per-connection pragmas to check.
    }
    let db = portal::db::connect(&url).await.unwrap();
    // Hold several transactions open at once: each is a different pooled connection.
    let mut open = Vec::new();
    for _ in 0..5 {
        let txn = sea_orm::TransactionTrait::begin(&db).await.unwrap();
        let pragma =
            |name: &str| Statement::from_string(DbBackend::Sqlite, format!("PRAGMA {name}"));
        let read = |row: Option<sea_orm::QueryResult>, column: &str| -> String {
            let row = row.expect("a pragma answers");
            row.try_get::<String>("", column)
                .or_else(|_| row.try_get::<i64>("", column).map(|n| n.to_string()))
                .unwrap()
        };
        // A connection learns the file's journal mode when it first reads it.
        txn.query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT COUNT(*) FROM sqlite_master",
        ))
        .await
        .unwrap();
        let journal = read(
            txn.query_one_raw(pragma("journal_mode")).await.unwrap(),
            "journal_mode",
        );
        let foreign_keys = read(
            txn.query_one_raw(pragma("foreign_keys")).await.unwrap(),
            "foreign_keys",
        );
        let busy = read(
            txn.query_one_raw(pragma("busy_timeout")).await.unwrap(),
            "timeout",
        );
        assert_eq!(journal.to_lowercase(), "wal");
        assert_eq!(foreign_keys, "1");
        assert_eq!(
            busy,
            (portal::db::SQLITE_BUSY_TIMEOUT_SECONDS * 1000).to_string()
        );
        open.push(txn);
    }
    drop(open);
    db.close().await.ok();
    if let Some(file) = file {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
}

/// New pooled connections open while another connection holds the write
/// lock: they only read (WAL lets them), so none is refused. When every new
/// connection set the journal mode itself, opening one during a write failed
/// at once with "database is locked", and so did the request that needed it.
#[tokio::test]
async fn connections_opened_while_another_writes_are_not_refused() {
    let (url, file) = empty_database().await;
    if file.is_none() {
        return; // PostgreSQL has no journal mode to set.
    }
    let db = portal::db::connect(&url).await.unwrap();
    db.execute_unprepared("CREATE TABLE t (n INTEGER)")
        .await
        .unwrap();
    let writer = portal::db::begin_write(&db).await.unwrap();
    writer
        .execute_unprepared("INSERT INTO t VALUES (1)")
        .await
        .unwrap();
    // Readers on connections the pool must open now, while the writer holds the lock.
    let readers: Vec<_> = (0..6)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let txn = sea_orm::TransactionTrait::begin(&db).await?;
                let row = txn
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "SELECT COUNT(*) AS n FROM t",
                    ))
                    .await?;
                // Hold the connection, so the next reader needs another one.
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                txn.commit().await?;
                Ok::<_, sea_orm::DbErr>(row.map(|r| r.try_get::<i64>("", "n").unwrap()))
            })
        })
        .collect();
    for reader in readers {
        // Readers see the last commit, not the writer's insert.
        assert_eq!(reader.await.unwrap().unwrap(), Some(0));
    }
    writer.commit().await.unwrap();
}
