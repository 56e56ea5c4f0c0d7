//! Forms posted without JavaScript. A server function called by a plain HTML
//! form (the browser asks for HTML, not JSON) answers with a redirect: on
//! success to where the person goes next, on failure back to the form's page
//! with the error (which `ActionForm` shows next to its field) and what was
//! typed (which the page puts back), so nothing is lost before the
//! WebAssembly has loaded.

use leptos::prelude::use_context;
use leptos::server_fn::error::ServerFnUrlError;

use crate::error::AppError;

fn headers() -> Option<axum::http::HeaderMap> {
    use_context::<axum::http::request::Parts>().map(|parts| parts.headers)
}

/// Whether the current server function call is a plain HTML form post.
pub fn is_plain_form_post() -> bool {
    headers()
        .and_then(|headers| {
            headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// After a plain form post succeeded: go to `path`. The hydrated app instead
/// acts on the returned value itself.
pub fn redirect_on_success(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// After a plain form post failed: back to `page` (a local path, with its
/// own query), with `values` added to the query so the form shows what was
/// typed, and the error for `ActionForm`. Never put a password in `values`.
pub fn back_with_error(server_fn_path: &str, page: &str, values: &[(&str, &str)], err: &AppError) {
    if !is_plain_form_post() {
        return;
    }
    let (path, query) = page.split_once('?').unwrap_or((page, ""));
    // What an earlier failed post added is replaced, not repeated.
    let kept = form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| {
            key != "__path" && key != "__err" && !values.iter().any(|(name, _)| name == key)
        })
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect::<Vec<_>>();
    let mut target = path.to_string();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .extend_pairs(values)
        .finish();
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let with_error = ServerFnUrlError::new(server_fn_path, err.clone())
        .to_url(&format!("http://portal.invalid{target}"))
        .map(|url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        })
        .unwrap_or(target);
    leptos_axum::redirect(&with_error);
}

/// The page a plain form was posted from, when it is a local page of this
/// site (the Referer, which same-origin forms send), else `fallback`.
pub fn referring_page(fallback: &str) -> String {
    headers()
        .and_then(|headers| {
            headers
                .get(axum::http::header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| url::Url::parse(v).ok())
        })
        .map(|url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        })
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| fallback.to_string())
}
