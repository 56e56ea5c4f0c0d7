//! Sign-in server functions. Each one says first who may call it.

use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

/// Signs in with email and password; anyone may try, the credentials are the check.
/// On success the session gets a fresh id; the answer is where to go (`next` or
/// the area's home), and a plain form post is redirected there.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use super::caller::{client_ip, session, PRINCIPAL_KEY};

    let db = crate::server::db()?;
    let principal = super::service::sign_in(&db, &email, &password, client_ip().await).await?;
    let session = session().await?;
    // A new id on every sign-in, so a session id planted before sign-in is worthless.
    session.cycle_id().await?;
    session.insert(PRINCIPAL_KEY, principal).await?;
    let landing = super::landing_path(principal.role, next.as_deref());
    redirect_plain_form_post(&landing).await;
    Ok(landing)
}

/// Redirects a form post made without JavaScript; the hydrated app instead
/// loads the returned page itself, in full, so it starts from the new session.
#[cfg(feature = "ssr")]
async fn redirect_plain_form_post(path: &str) {
    let accepts_html = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|headers| {
            headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if accepts_html {
        leptos_axum::redirect(path);
    }
}

/// Ends the session on the server; anyone may call it. Answers where to go next.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<String, AppError> {
    use crate::audit::service::{record, Actor, Entry};

    let db = crate::server::db()?;
    let caller = super::caller::caller().await?;
    if caller.role().is_some() {
        record(
            &db,
            &Actor::of(&caller),
            Entry {
                action: "auth.sign_out",
                entity_type: "session",
                entity_id: None,
                details: serde_json::json!({}),
                client_ip: super::caller::client_ip().await,
            },
        )
        .await?;
    }
    super::caller::session().await?.flush().await?;
    redirect_plain_form_post("/login").await;
    Ok("/login".to_string())
}

/// The signed-in person, or `None`; anyone may ask about themselves.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let db = crate::server::db()?;
    let caller = super::caller::caller().await?;
    super::service::current_user(&db, &caller).await
}
