//! Test harness: a fresh database per test and an in-process HTTP client that
//! drives the real router (server functions, guards, session cookies).

pub mod client;
pub mod fixtures;
pub mod mime;
pub mod smtp;

use portal::server::config::Settings;
use portal::server::AppState;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

pub use client::Client;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database of its own for one test, with migrations and the demo data loaded.
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDb {
    pub async fn new() -> Self {
        Self::with_demo(true).await
    }

    pub async fn with_demo(demo: bool) -> Self {
        let unique = format!(
            "portal_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            chrono::Utc::now().timestamp_micros()
        );
        let (url, sqlite_file) = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{unique}\""))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .expect("TEST_DATABASE_URL ends with /DATABASE");
                (format!("{base}/{unique}"), None)
            }
            _ => {
                let file = std::env::temp_dir().join(format!("{unique}.db"));
                (format!("sqlite://{}?mode=rwc", file.display()), Some(file))
            }
        };
        let db = portal::db::connect(&url).await.expect("open test database");
        portal::db::seed::run(&db, demo)
            .await
            .expect("seed test database");
        Self {
            db,
            url,
            sqlite_file,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = file.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

pub fn settings(url: &str) -> Settings {
    Settings {
        leptos: leptos::config::LeptosOptions::builder()
            .output_name("portal")
            .build(),
        database_url: url.to_string(),
        public_url: "http://127.0.0.1:3000".to_string(),
        demo_data: true,
        session_idle_hours: 12,
        invite_link_days: 7,
        trusted_proxies: Vec::new(),
        mail: Default::default(),
    }
}

/// The whole app over a fresh database.
pub struct TestApp {
    pub db: TestDb,
    pub router: axum::Router,
    /// The server's clock: `app.clock.advance(..)` moves time for every request.
    pub clock: portal::server::clock::Clock,
    pub settings: Arc<Settings>,
}

impl TestApp {
    pub async fn new() -> Self {
        let db = TestDb::new().await;
        let settings = Arc::new(settings(&db.url));
        let clock = portal::server::clock::Clock::default();
        let state = AppState {
            leptos_options: settings.leptos.clone(),
            db: db.db.clone(),
            settings: settings.clone(),
            email: Default::default(),
            clock: clock.clone(),
        };
        Self {
            router: portal::server::router(state),
            db,
            clock,
            settings,
        }
    }

    /// A browser with its own cookie jar.
    pub fn client(&self) -> Client {
        Client::new(self.router.clone())
    }

    /// A browser already signed in with these credentials.
    pub async fn signed_in(&self, email: &str, password: &str) -> Client {
        let mut client = self.client();
        let response = client.sign_in(email, password).await;
        assert!(
            response.status.is_success() || response.status.is_redirection(),
            "sign-in as {email} failed: {} {}",
            response.status,
            response.body
        );
        client
    }
}

pub const STAFF: (&str, &str) = ("admin@example.com", "staff-demo-2026");
pub const GANDALF: (&str, &str) = ("lotrtest@test.com", "contact-demo-2026");
pub const SAMWISE: (&str, &str) = ("samwise@test.com", "contact-demo-2026");
