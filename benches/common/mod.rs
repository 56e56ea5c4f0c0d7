//! What the benchmarks share: a fresh database (SQLite in a temp file, or a new
//! PostgreSQL database when BENCH_DATABASE_URL names a server), timing, clean-up.

#![allow(dead_code)]

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::future::Future;
use std::time::Instant;

pub const RUNS: usize = 50;

/// A fresh, migrated database with the built-in rows (no demo data), and its URL.
pub async fn database(name: &str) -> (DatabaseConnection, String) {
    let unique = format!("portal_bench_{name}_{}", std::process::id());
    let url = match std::env::var("BENCH_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            let conn = Database::connect(&admin).await.expect("connect");
            conn.execute_unprepared(&format!("CREATE DATABASE \"{unique}\""))
                .await
                .expect("create database");
            let (base, _) = admin.rsplit_once('/').expect("URL ends with /DATABASE");
            format!("{base}/{unique}")
        }
        _ => {
            let file = std::env::temp_dir().join(format!("{unique}.db"));
            format!("sqlite://{}?mode=rwc", file.display())
        }
    };
    let db = portal::db::connect(&url).await.expect("open database");
    portal::db::prepare(&db, false, chrono::Utc::now())
        .await
        .expect("migrations and built-in rows");
    (db, url)
}

pub fn backend(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// Removes a SQLite benchmark file (a PostgreSQL database is left for inspection).
pub fn clean_up(url: &str) {
    if let Some(file) = url
        .strip_prefix("sqlite://")
        .and_then(|u| u.split('?').next())
    {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
    }
}

/// Runs `run` RUNS times after one warm-up and prints the median and 95th percentile.
pub async fn measure<F, Fut, T>(label: &str, mut run: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    run().await; // warm the cache and the statement cache
    let mut times: Vec<f64> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        run().await;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[RUNS / 2];
    let p95 = times[(RUNS * 95) / 100];
    println!("{label:<58} median {median:>7.2} ms   p95 {p95:>7.2} ms");
}
