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
    let principal = super::service::sign_in(
        &db,
        &email,
        &password,
        client_ip().await,
        crate::server::now(),
    )
    .await?;
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

/// What an emailed link (invite or password reset) finds; anyone may ask, the
/// token is the check. Looking does not use the link up.
#[server(prefix = "/api", endpoint = "auth/link_status")]
pub async fn link_status(
    purpose: super::TokenPurpose,
    token: String,
) -> Result<super::LinkStatus, AppError> {
    let db = crate::server::db()?;
    super::links::link_status(&db, purpose, &token, crate::server::now()).await
}

/// Sets a password through an emailed link; anyone may try, the token is the
/// check. An accepted invite signs the contact in (a fresh session id); a
/// reset ends their sessions and leaves them to sign in.
#[server(prefix = "/api", endpoint = "auth/set_password")]
pub async fn set_password(
    purpose: super::TokenPurpose,
    token: String,
    password: String,
) -> Result<super::PasswordSet, AppError> {
    use super::caller::{client_ip, session, PRINCIPAL_KEY};
    use super::links::Completed;
    use super::PasswordSet;

    let state = crate::server::state()?;
    let completed = super::links::set_password(
        &state.db,
        &state.settings,
        purpose,
        &token,
        &password,
        client_ip().await,
        crate::server::now(),
    )
    .await?;
    Ok(match completed {
        Completed::SignIn(principal) => {
            let session = session().await?;
            session.cycle_id().await?;
            session.insert(PRINCIPAL_KEY, principal).await?;
            PasswordSet::SignedIn {
                landing: principal.role.home().to_string(),
            }
        }
        Completed::Saved {
            contact_id,
            can_sign_in,
        } => {
            // The reset ended the contact's sessions; if this browser held one,
            // it must not save it back.
            let session = session().await?;
            let signed_in_here = session
                .get::<super::caller::SessionPrincipal>(PRINCIPAL_KEY)
                .await?
                .is_some_and(|p| p.role == super::Role::Contact && p.id == contact_id);
            if signed_in_here {
                session.flush().await?;
            }
            PasswordSet::Saved { can_sign_in }
        }
        Completed::LinkProblem(status) => PasswordSet::LinkProblem(status),
    })
}

/// "Forgot password?": emails a reset link when the address can sign in; anyone
/// may ask, and the answer is the same whether or not it can.
#[server(prefix = "/api", endpoint = "auth/forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let state = crate::server::state()?;
    super::links::request_reset(
        &state.db,
        &state.settings,
        &email,
        super::caller::client_ip().await,
        crate::server::now(),
    )
    .await
}
