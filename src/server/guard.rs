//! Server-side guard for the two areas: /admin is for staff, /portal for contacts.
//! Signed-out visitors are sent to the login page; the wrong role gets 403 and
//! the app's "Access denied" page. Area pages are never cached by the browser,
//! so Back after signing out cannot show them.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::AppState;
use crate::auth::caller::Caller;
use crate::auth::Role;

fn area_of(path: &str) -> Option<Role> {
    let within = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if within("/admin") {
        Some(Role::Staff)
    } else if within("/portal") {
        Some(Role::Contact)
    } else {
        None
    }
}

pub async fn area_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(area) = area_of(req.uri().path()) else {
        return next.run(req).await;
    };
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        tracing::error!("area guard runs without a session layer");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let caller = match Caller::from_session(&state.db, &session).await {
        Ok(caller) => caller,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut response = match caller.role() {
        None => {
            let wanted = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/");
            let next: String = form_urlencoded::byte_serialize(wanted.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        Some(role) => {
            // The area's pages read the signed-in person synchronously while rendering.
            match crate::auth::service::current_user(&state.db, &caller).await {
                Ok(Some(user)) => {
                    req.extensions_mut().insert(user);
                }
                Ok(None) => {}
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
            if role == area {
                next.run(req).await
            } else {
                let mut response = next.run(req).await;
                *response.status_mut() = StatusCode::FORBIDDEN;
                response
            }
        }
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
