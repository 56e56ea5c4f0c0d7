//! How long browsers may keep what the server sends.
//!
//! The built assets under `/pkg` carry a hash of their content in their names
//! when the build hashes them (`hash-files`): a new build gives new names, so
//! a browser may keep them for a year without asking again. Without hashes
//! they keep their names across builds and must be revalidated on every use.
//! Other static files (the favicon) are revalidated after an hour. Pages and
//! server function answers are not touched here; area pages are `no-store`
//! (`guard`).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// For content-hashed names: a year, and no revalidation.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For built assets whose names stay the same across builds.
pub const REVALIDATE: &str = "no-cache";
/// For the public folder's files (the favicon).
pub const PUBLIC_FILE: &str = "public, max-age=3600";

/// Middleware on the static-file fallback: the Cache-Control of a file it
/// served (its other answer, the not-found page, is a 404).
pub async fn static_files(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let options = &state.leptos_options;
    let pkg = format!("/{}/", options.site_pkg_dir);
    let built = req.uri().path().starts_with(&pkg);
    let mut response = next.run(req).await;
    if !matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED)
        || response.headers().contains_key(header::CACHE_CONTROL)
    {
        return response;
    }
    let policy = match (built, options.hash_files) {
        (true, true) => IMMUTABLE,
        (true, false) => REVALIDATE,
        (false, _) => PUBLIC_FILE,
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
