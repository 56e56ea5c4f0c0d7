//! Test harness: a fresh database per test and an in-process HTTP client that
//! drives the real router (server functions, guards, session cookies).

pub mod client;
pub mod fixtures;
pub mod mail;
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
        portal::db::prepare(&db, demo, chrono::Utc::now())
            .await
            .expect("migrate and seed the test database");
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
        session_max_days: 7,
        invite_link_days: 7,
        trusted_proxies: Vec::new(),
        mail: Default::default(),
        sales: Default::default(),
    }
}

/// The whole app over a fresh database.
pub struct TestApp {
    pub db: TestDb,
    pub router: axum::Router,
    /// The state the router runs with.
    pub state: AppState,
    /// The server's clock: `app.clock.advance(..)` moves time for every request.
    pub clock: portal::server::clock::Clock,
    pub settings: Arc<Settings>,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    /// The app over a fresh database, with settings changed by `change`
    /// (an https public URL, a shorter session lifetime…).
    pub async fn with_settings(change: impl FnOnce(&mut Settings)) -> Self {
        // The server's errors go to the test's output, shown when it fails.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("error")
            .try_init();
        let db = TestDb::new().await;
        let mut settings = settings(&db.url);
        change(&mut settings);
        let settings = Arc::new(settings);
        let clock = portal::server::clock::Clock::default();
        let state = AppState::new(db.db.clone(), settings.clone(), clock.clone());
        Self {
            router: portal::server::router(state.clone()),
            state,
            db,
            clock,
            settings,
        }
    }

    /// A service context at the server's current time, acting as `actor`.
    pub fn ctx(&self, actor: portal::audit::service::Actor) -> portal::server::ctx::Ctx {
        portal::server::ctx::Ctx::new(
            self.db.db.clone(),
            self.settings.clone(),
            self.clock.now(),
            actor,
        )
    }

    /// Delivers every email due now (by the server's clock) to a mailbox
    /// that keeps them, as the worker would; answers what was delivered.
    /// Only here do emailed links carry their secret.
    pub async fn deliver_mail(&self) -> Vec<mail::Delivered> {
        mail::deliver_all(self).await
    }

    /// A browser with its own cookie jar.
    pub fn client(&self) -> Client {
        Client::new(self.router.clone())
    }

    /// Who `client` is signed in as, as the server resolves it now; `None`
    /// when nobody is. A request that needs a sign-in (the open-sessions list)
    /// says whether the session is live, which also ends a session whose
    /// person may no longer sign in; the session's row then says whose it is,
    /// and the person is looked up as the request middleware does.
    pub async fn whoami(&self, client: &mut Client) -> Option<portal::auth::CurrentUser> {
        let response = client.call("/api/account/sessions", &[]).await;
        match response.status.as_u16() {
            401 => return None,
            200 => {}
            other => panic!("/api/account/sessions answered {other}: {}", response.body),
        }
        let cookie = client.cookie().expect("a live session has a cookie");
        let (_, value) = cookie.split_once('=').expect("name=value");
        let id: tower_sessions::session::Id = value.parse().expect("a session id");
        let principal = portal::auth::session_store::still_alive(
            &self.db.db,
            &portal::auth::session_store::key(&id),
            self.clock.now(),
            portal::auth::sessions::lifetimes(&self.settings),
        )
        .await
        .unwrap()
        .expect("the session answered is alive");
        portal::auth::caller::lookup(&self.db.db, principal)
            .await
            .unwrap()
            .and_then(|caller| caller.current_user())
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

/// The demo Administrator.
pub const STAFF: (&str, &str) = ("admin@example.com", "staff-demo-2026");
/// The demo staff user with the Staff role: settings are read-only to her.
pub const ANN: (&str, &str) = ("ann@example.com", "staff-demo-2026");
pub const GANDALF: (&str, &str) = ("lotrtest@test.com", "contact-demo-2026");
pub const SAMWISE: (&str, &str) = ("samwise@test.com", "contact-demo-2026");
