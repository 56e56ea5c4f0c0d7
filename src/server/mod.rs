//! The HTTP server: shared state, the router with its layers, and start-up.

pub mod client_address;
pub mod clock;
pub mod config;
mod error_status;
mod guard;

use axum::extract::FromRef;
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::app::{shell, App};
use crate::auth::session_store::DbSessionStore;
use crate::email::worker::EmailSignals;
use crate::error::{AppError, AppResult};
use config::Settings;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub email: EmailSignals,
    pub clock: clock::Clock,
}

/// The shared state, for the current server function call.
pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The current time, by the server's clock.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use_context::<AppState>()
        .map(|state| state.clock.now())
        .unwrap_or_else(chrono::Utc::now)
}

/// The database for the current server function call.
pub fn db() -> AppResult<DatabaseConnection> {
    state().map(|state| state.db)
}

/// The app's routes, worked out once per process. Working them out renders the
/// app with resource loading suspended process-wide (leptos_server's
/// `SuppressResourceLoad`), and a resource first polled by a page being served
/// meanwhile never finishes: its page hangs mid-stream
/// (leptos-rs/leptos#4773). Tests build many routers in one process, so the
/// list is computed once, before any page can be served.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole app as an axum router; tests drive it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = routes();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("portal_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.secure_cookies())
        // Saving on every request moves the expiry along, so the limit is idle time.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            state.settings.session_idle_hours,
        )));
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route(
            "/api/email/live",
            axum::routing::get(crate::email::live::status_feed),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::area_guard,
        ))
        .layer(middleware::from_fn(error_status::error_status))
        .layer(sessions)
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Reads the settings, opens and prepares the database, and serves until stopped.
pub async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::load()?;
    let db = crate::db::connect(&settings.database_url).await?;
    crate::db::seed::run(&db, settings.demo_data).await?;

    tokio::spawn(housekeeping(db.clone()));

    let email = EmailSignals::default();
    if settings.mail.worker {
        let transport = crate::email::transport::from_settings(&settings.mail)?;
        tokio::spawn(crate::email::worker::run(
            db.clone(),
            transport,
            settings.mail.clone(),
            email.clone(),
        ));
    }

    let addr = settings.leptos.site_addr;
    let state = AppState {
        leptos_options: settings.leptos.clone(),
        db,
        settings: Arc::new(settings),
        email,
        clock: Default::default(),
    };
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!("listening on http://{addr}");
    // On a stop signal, requests in flight get a few seconds to finish. Open
    // live feeds (the Email History's event stream) never finish by
    // themselves, so waiting for every connection would never end.
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stopping.send(true);
    });
    let grace = async move {
        let _ = stop_seen.wait_for(|stop| *stop).await;
        tokio::time::sleep(std::time::Duration::from_secs(SHUTDOWN_GRACE_SECONDS)).await;
    };
    tokio::select! {
        served = std::future::IntoFuture::into_future(server) => served?,
        () = grace => tracing::info!("stopped; connections still open were closed"),
    }
    Ok(())
}

/// How long requests in flight may run on after a stop signal.
const SHUTDOWN_GRACE_SECONDS: u64 = 5;

/// Every ten minutes: sweeps expired sessions and forgets sign-in attempts
/// past their keeping time. A failed sweep is retried next time.
async fn housekeeping(db: DatabaseConnection) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = DbSessionStore::new(db.clone());
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "could not delete expired sessions");
        }
        if let Err(err) = crate::auth::throttle::forget_old(&db, chrono::Utc::now()).await {
            tracing::warn!(error = %err, "could not forget old sign-in attempts");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            term.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
