//! Sign-in server functions, and a signed-in person's own password and
//! sessions. Each one says first who may call it. The forms reached while
//! signed out also work as plain HTML forms, before the WebAssembly loads.

use leptos::prelude::*;

use super::{OpenSession, PasswordSet, TokenPurpose};
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
    use crate::server::plain_form;

    let (_, ctx) = crate::auth::caller::anyone()?;
    let principal = match super::service::sign_in(&ctx, &email, &password).await {
        Ok(principal) => principal,
        Err(err) => {
            let mut values = vec![("email", email.as_str())];
            if let Some(next) = next.as_deref() {
                values.push(("next", next));
            }
            plain_form::back_with_error(
                <Login as leptos::server_fn::ServerFn>::PATH,
                "/login",
                &values,
                &err,
            );
            return Err(err);
        }
    };
    let session = super::caller::session().await?;
    super::sessions::start(&session, principal, client_info(&ctx), ctx.now).await?;
    let landing = super::landing_path(principal.role, next.as_deref());
    plain_form::redirect_on_success(&landing);
    Ok(landing)
}

#[cfg(feature = "ssr")]
fn client_info(ctx: &crate::server::ctx::Ctx) -> super::session_store::ClientInfo {
    super::session_store::ClientInfo {
        ip: ctx.client_ip.clone(),
        user_agent: ctx.user_agent.clone(),
    }
}

/// Ends the session on the server; anyone may call it. Answers where to go next.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<String, AppError> {
    use crate::audit::service::Entry;
    use crate::audit::AuditAction;

    let (caller, ctx) = crate::auth::caller::anyone()?;
    if caller.role().is_some() {
        ctx.audit(
            &ctx.db,
            Entry {
                action: AuditAction::SignOut,
                entity_type: "session",
                entity_id: None,
                details: serde_json::json!({}),
                client_ip: None,
            },
        )
        .await?;
    }
    super::caller::session().await?.flush().await?;
    crate::server::plain_form::redirect_on_success("/login");
    Ok("/login".to_string())
}

/// What an emailed link (invite or password reset) finds; anyone may ask, the
/// token is the check. Looking does not use the link up.
#[server(prefix = "/api", endpoint = "auth/link_status")]
pub async fn link_status(
    purpose: TokenPurpose,
    token: String,
) -> Result<super::LinkStatus, AppError> {
    let (_, ctx) = crate::auth::caller::anyone()?;
    super::links::link_status(&ctx.db, purpose, &token, ctx.now).await
}

/// Sets a password through an emailed link; anyone may try, the token is the
/// check. An accepted invite signs the person in (a fresh session id); a
/// reset ends their sessions and leaves them to sign in.
#[server(prefix = "/api", endpoint = "auth/set_password")]
pub async fn set_password(
    purpose: TokenPurpose,
    token: String,
    password: String,
) -> Result<PasswordSet, AppError> {
    use super::links::Completed;
    use crate::server::plain_form;

    let (_, ctx) = crate::auth::caller::anyone()?;
    // The link's page, where a plain form post comes back to.
    let page = format!(
        "{}?token={}",
        purpose.path(),
        form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    let completed = match super::links::set_password(&ctx, purpose, &token, &password).await {
        Ok(completed) => completed,
        Err(err) => {
            plain_form::back_with_error(
                <SetPassword as leptos::server_fn::ServerFn>::PATH,
                &page,
                &[],
                &err,
            );
            return Err(err);
        }
    };
    let answer = match completed {
        Completed::SignIn(principal) => {
            let session = super::caller::session().await?;
            super::sessions::start(&session, principal, client_info(&ctx), ctx.now).await?;
            PasswordSet::SignedIn {
                landing: principal.role.home().to_string(),
            }
        }
        Completed::Saved {
            principal,
            can_sign_in,
        } => {
            // The reset ended the person's sessions; if this browser held one,
            // it must not keep it.
            let session = super::caller::session().await?;
            let signed_in_here = session
                .get::<super::caller::SessionPrincipal>(super::caller::PRINCIPAL_KEY)
                .await?
                .is_some_and(|p| p == principal);
            if signed_in_here {
                session.flush().await?;
            }
            PasswordSet::Saved { can_sign_in }
        }
        Completed::LinkProblem(status) => PasswordSet::LinkProblem(status),
    };
    plain_form::redirect_on_success(&match &answer {
        PasswordSet::SignedIn { landing } => landing.clone(),
        PasswordSet::Saved { can_sign_in: true } => "/login?notice=password-changed".to_string(),
        PasswordSet::Saved { can_sign_in: false } => "/login?notice=access-not-active".to_string(),
        PasswordSet::LinkProblem(_) => page,
    });
    Ok(answer)
}

/// "Forgot password?": emails a reset link when the address has a sign-in;
/// anyone may ask, and the answer is the same whether or not it has.
#[server(prefix = "/api", endpoint = "auth/forgot_password")]
pub async fn forgot_password(email: String) -> Result<String, AppError> {
    use crate::server::plain_form;

    let (_, ctx) = crate::auth::caller::anyone()?;
    match super::links::request_reset(&ctx, &email).await {
        Ok(()) => {
            let sent_to = crate::contacts::validate::normalize_email(&email);
            let query: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("sent", &sent_to)
                .finish();
            plain_form::redirect_on_success(&format!("/forgot-password?{query}"));
            Ok(sent_to)
        }
        Err(err) => {
            plain_form::back_with_error(
                <ForgotPassword as leptos::server_fn::ServerFn>::PATH,
                "/forgot-password",
                &[("email", email.as_str())],
                &err,
            );
            Err(err)
        }
    }
}

/// Anyone signed in, about their own account: changes their password (the
/// current one first). Every other session of theirs ends; answers how many.
#[server(prefix = "/api", endpoint = "account/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<u64, AppError> {
    let (caller, ctx) = crate::auth::caller::require_signed_in()?;
    let principal = caller.principal().ok_or(AppError::Unauthenticated)?;
    let session = super::caller::session().await?;
    let this_session = super::sessions::current_key(&session);
    super::service::change_password(
        &ctx,
        principal,
        &current_password,
        &new_password,
        this_session.as_deref(),
    )
    .await
}

/// Anyone signed in, about their own account: their open sessions.
#[server(prefix = "/api", endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<OpenSession>, AppError> {
    let (caller, ctx) = crate::auth::caller::require_signed_in()?;
    let principal = caller.principal().ok_or(AppError::Unauthenticated)?;
    let session = super::caller::session().await?;
    super::sessions::open_sessions(
        &ctx.db,
        &ctx.settings,
        principal,
        super::sessions::current_key(&session).as_deref(),
        ctx.now,
    )
    .await
}

/// Anyone signed in, about their own account: "Sign out other sessions",
/// keeping this browser's. Answers how many ended.
#[server(prefix = "/api", endpoint = "account/sessions/end_others")]
pub async fn sign_out_other_sessions() -> Result<u64, AppError> {
    use crate::audit::service::Entry;
    use crate::audit::AuditAction;

    let (caller, ctx) = crate::auth::caller::require_signed_in()?;
    let principal = caller.principal().ok_or(AppError::Unauthenticated)?;
    let session = super::caller::session().await?;
    let ended = super::sessions::end_others(
        &ctx.db,
        principal,
        super::sessions::current_key(&session).as_deref(),
    )
    .await?;
    ctx.audit(
        &ctx.db,
        Entry {
            action: AuditAction::SessionsEnded,
            entity_type: "session",
            entity_id: None,
            details: serde_json::json!({ "ended": ended }),
            client_ip: None,
        },
    )
    .await?;
    Ok(ended)
}
