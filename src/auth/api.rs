//! Sign-in server functions. Each one says first who may call it.

use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

/// Signs in with email and password; anyone may try, the credentials are the check.
/// On success the session gets a fresh id and the browser goes to `next` or the area's home.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::caller::{client_ip, session, PRINCIPAL_KEY};

    let db = crate::server::db()?;
    let principal = super::service::sign_in(&db, &email, &password, client_ip().await).await?;
    let session = session().await?;
    // A new id on every sign-in, so a session id planted before sign-in is worthless.
    session.cycle_id().await?;
    session.insert(PRINCIPAL_KEY, principal).await?;
    leptos_axum::redirect(&super::landing_path(principal.role, next.as_deref()));
    Ok(())
}

/// Ends the session on the server; anyone may call it.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
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
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in person, or `None`; anyone may ask about themselves.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let db = crate::server::db()?;
    let caller = super::caller::caller().await?;
    super::service::current_user(&db, &caller).await
}
