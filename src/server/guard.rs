//! Server-side guard for the two areas: /admin is for staff, /portal for contacts.
//! Signed-out visitors are sent to the login page; the wrong role gets 403 and
//! the app's "Access denied" page. Area pages are never cached by the browser,
//! so Back after signing out cannot show them. Who is asking was resolved
//! once for this request by `auth::caller::resolve_caller`.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use crate::auth::caller::RequestCaller;
use crate::auth::Role;

pub async fn area_guard(State(_state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(area) = Role::area_of(req.uri().path()) else {
        return next.run(req).await;
    };
    let Some(asked) = req.extensions().get::<RequestCaller>() else {
        tracing::error!("area guard runs without a resolved caller");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = match asked.caller.role() {
        None => {
            let wanted = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/");
            let next: String = form_urlencoded::byte_serialize(wanted.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        Some(role) if role == area => next.run(req).await,
        Some(_) => {
            let mut response = next.run(req).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
