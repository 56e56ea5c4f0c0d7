//! The HTTP server: shared state, the router with its layers, and start-up.

pub mod caching;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod ctx;
mod error_status;
mod guard;
pub mod in_flight;
pub mod plain_form;
pub mod security;

use axum::extract::FromRef;
use axum::serve::ListenerExt;
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::app::{shell, App};
use crate::auth::session_store::DbSessionStore;
use crate::email::live::FeedLimits;
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
    /// How many live Email History feeds each person has open on this server.
    pub feeds: FeedLimits,
    /// Turns for the pages and server function calls worked on at once.
    pub in_flight: in_flight::InFlight,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Arc<Settings>, clock: clock::Clock) -> Self {
        Self {
            leptos_options: settings.leptos.clone(),
            db,
            settings,
            email: EmailSignals::default(),
            clock,
            feeds: FeedLimits::default(),
            in_flight: in_flight::InFlight::default(),
        }
    }
}

/// The shared state, for the current server function call.
///
/// It is missing only when the request has ended: a page whose client went
/// away mid-render leaves its pending resources to finish, and Leptos has
/// dropped their context by then. Their server functions stop here, before
/// any work, without an error in the log (every request the tests make proves
/// the state is there while a request lives).
pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::debug!("a server function ran after its request ended; it does nothing");
        AppError::Internal
    })
}

/// The current time by the server's clock. There is no other time: without
/// the server's state (outside a request) this is an error, never the system
/// clock's reading.
pub fn now() -> AppResult<chrono::DateTime<chrono::Utc>> {
    state().map(|state| state.clock.now())
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

/// What every render and server function call gets: the state, and this
/// response's CSP nonce for Leptos to put on its scripts.
fn request_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(state.clone());
        let nonce = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<security::CspNonce>().cloned());
        if let Some(security::CspNonce(nonce)) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce));
        }
    }
}

/// The whole app as an axum router; tests drive it without a socket.
///
/// App routes and server functions sit inside the session layer and
/// `resolve_caller`, and take a turn (`in_flight`) before either; static
/// files (`/pkg`, the public folder, the favicon) are served outside them and
/// never load or write a session.
pub fn router(state: AppState) -> Router {
    let routes = routes();
    let settings = &state.settings;
    let lifetimes = crate::auth::sessions::lifetimes(settings);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(
        state.db.clone(),
        state.clock.clone(),
        lifetimes,
    ))
    .with_name(settings.session_cookie_name())
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(settings.secure_cookies())
    .with_path("/")
    // Saved only when changed: signing in, and renewal once a quarter of the
    // idle window has passed (`auth::sessions::resolve`).
    .with_always_save(false)
    .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
        lifetimes.idle.num_seconds(),
    )));
    let context = request_context(state.clone());
    // An unknown page inside an area is still the area's: its guard sends a
    // signed-out visitor to sign in rather than tell them what exists.
    let area_page = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    });
    let app = Router::new()
        .route(
            crate::email::live::FEED_PATH,
            axum::routing::get(crate::email::live::status_feed),
        )
        .route("/admin/{*rest}", axum::routing::get(area_page.clone()))
        .route("/portal/{*rest}", axum::routing::get(area_page))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::area_guard,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::caller::resolve_caller,
        ))
        .layer(sessions)
        // Outside the session layer: a request waiting for its turn has not
        // touched the database yet.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            in_flight::limit,
        ));
    // Static files, and the not-found page for anything else.
    let files = axum::handler::Handler::with_state(
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell),
        state.clone(),
    );
    app.fallback_service(
        tower::ServiceBuilder::new()
            .layer(middleware::from_fn_with_state(
                state.clone(),
                caching::static_files,
            ))
            .service(files),
    )
    .layer(middleware::from_fn_with_state(
        state.clone(),
        security::same_origin_writes,
    ))
    .layer(middleware::from_fn(error_status::error_status))
    .layer(middleware::from_fn_with_state(
        state.clone(),
        security::security_headers,
    ))
    // Pages and server function answers are compressed as they go out;
    // built assets come precompressed from disk (`--precompress`) and pass
    // through. Level 4 keeps brotli cheap enough to run per request.
    // Event streams (the live Email History) are never compressed.
    .layer(
        tower_http::compression::CompressionLayer::new()
            .quality(tower_http::CompressionLevel::Precise(4)),
    )
    .layer(tower_http::trace::TraceLayer::new_for_http())
    .with_state(state)
}

/// Reads the settings, opens and prepares the database, and serves until stopped.
pub async fn serve(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    let clock = clock::Clock::default();
    let db = crate::db::connect(&settings.database_url).await?;
    crate::db::prepare(&db, settings.demo_data, clock.now()).await?;

    let settings = Arc::new(settings);
    let state = AppState::new(db.clone(), settings.clone(), clock.clone());
    tokio::spawn(housekeeping(state.clone()));

    if settings.mail.worker {
        let transport = crate::email::transport::from_settings(&settings.mail)?;
        tokio::spawn(crate::email::worker::run(
            db.clone(),
            transport,
            settings.mail.clone(),
            state.email.clone(),
            clock.clone(),
        ));
    }

    let addr = settings.leptos.site_addr;
    let app = router(state);
    let listener = bind(addr).await?;
    tracing::info!(
        "listening on http://{addr} (public address {})",
        settings.public_url
    );
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

/// The server's socket. Every accepted connection gets `TCP_NODELAY`:
/// responses leave in several writes (head, then body chunks), and with
/// Nagle's algorithm on, each write after the first on a kept-alive
/// connection waits for the client's delayed ACK, about 40 ms.
pub async fn bind(addr: std::net::SocketAddr) -> std::io::Result<Listener> {
    let no_delay: fn(&mut tokio::net::TcpStream) = |tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "could not set TCP_NODELAY on a connection");
        }
    };
    Ok(tokio::net::TcpListener::bind(addr).await?.tap_io(no_delay))
}

/// The server's socket (`bind`).
pub type Listener = axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>;

/// How long requests in flight may run on after a stop signal.
const SHUTDOWN_GRACE_SECONDS: u64 = 5;

/// Every ten minutes: sweeps ended sessions and forgets sign-in attempts past
/// their keeping time. A failed sweep is retried next time.
async fn housekeeping(state: AppState) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = DbSessionStore::new(
        state.db.clone(),
        state.clock.clone(),
        crate::auth::sessions::lifetimes(&state.settings),
    );
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "could not delete expired sessions");
        }
        if let Err(err) = crate::auth::throttle::forget_old(&state.db, state.clock.now()).await {
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

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    /// Without it every kept-alive request waits for a delayed ACK.
    #[tokio::test]
    async fn accepted_connections_have_nodelay() {
        let mut listener = super::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client = tokio::spawn(tokio::net::TcpStream::connect(addr));
        let (accepted, _) = listener.accept().await;
        assert!(accepted.nodelay().unwrap(), "TCP_NODELAY is off");
        client.await.unwrap().unwrap();
    }
}
