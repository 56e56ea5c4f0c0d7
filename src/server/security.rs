//! Rules every request and response keeps, whatever route it hits:
//! - cross-site writes are refused (`same_origin_writes`), which covers login
//!   CSRF and the set-password forms; writes must carry a form or JSON body;
//! - JSON server functions accept only `application/json` (`RequireJson`);
//! - every response carries the security headers, and every page a
//!   Content-Security-Policy whose nonce is on each script the app emits
//!   (`security_headers`, and Leptos through `CspNonce`).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::AppState;
use crate::auth::TokenPurpose;

/// The nonce of this response's Content-Security-Policy; Leptos puts it on
/// every script it emits (see `server::router`, which provides it).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Whether a request that changes something came from this site: the
/// browser's own `Sec-Fetch-Site` says so (`same-origin`, or `none` for what
/// a person typed or bookmarked), or its `Origin` is the public URL's. A
/// request that says neither is refused too: every browser sends one of them
/// with a POST.
pub fn is_same_origin_write(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "same-origin" || site == "none" {
            return true;
        }
    }
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| origin == public_origin)
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The content types a write may carry: what forms and the app's own calls send.
fn accepted_body(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let kind = kind
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        kind.as_str(),
        "application/x-www-form-urlencoded" | "multipart/form-data" | "application/json"
    )
}

/// Middleware: refuses cross-site writes with 403 and writes with another
/// body (a `text/plain` "simple request") with 415.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if changes_state(req.method()) {
        if !is_same_origin_write(req.headers(), &state.settings.public_origin()) {
            tracing::warn!(
                method = %req.method(),
                path = req.uri().path(),
                origin = ?req.headers().get(header::ORIGIN),
                fetch_site = ?req.headers().get("sec-fetch-site"),
                "cross-site write refused"
            );
            return (
                StatusCode::FORBIDDEN,
                "This request did not come from the portal's own pages, so it was refused.",
            )
                .into_response();
        }
        if !accepted_body(req.headers()) {
            return (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Send a form or JSON.").into_response();
        }
    }
    next.run(req).await
}

/// Pages whose address holds a secret (an emailed link's token): their URL
/// must never travel on as a referrer, nor be kept in a cache.
fn holds_secret(path: &str) -> bool {
    [TokenPurpose::Invite, TokenPurpose::Reset]
        .into_iter()
        .any(|purpose| path == purpose.path())
}

/// The Content-Security-Policy of a response whose scripts carry `nonce`.
/// Scripts: only those with the nonce, and the site's own files (the
/// WebAssembly's loader and its preload); `wasm-unsafe-eval` lets the
/// browser compile the WebAssembly. Styles may also be inline: emails shown
/// in the Email History and the template preview carry `style` attributes,
/// and the sandboxed frames that show them inherit this policy. Everything
/// else: this site only; no plugins, no framing by anyone, no `<base>`.
pub fn content_security_policy(nonce: &str, dev_reload_port: Option<u32>) -> String {
    let connect = match dev_reload_port {
        // `cargo leptos watch` reloads the page over a websocket.
        Some(port) => format!("'self' ws://127.0.0.1:{port} ws://localhost:{port}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         form-action 'self'; frame-src 'self'; frame-ancestors 'none'; object-src 'none'; \
         base-uri 'none'"
    )
}

/// The one Permissions-Policy: the portal uses none of these features.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// Middleware: a fresh nonce for this response, for Leptos to put on its
/// scripts, and the security headers on whatever comes back.
pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    let secret_page = holds_secret(req.uri().path());
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let reload_port =
        (std::env::var_os("LEPTOS_WATCH").is_some()).then_some(state.leptos_options.reload_port);
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce, reload_port)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(if secret_page {
            "no-referrer"
        } else {
            "strict-origin-when-cross-origin"
        }),
    );
    if secret_page {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if state.settings.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// A server function middleware (`#[middleware(RequireJson)]` on every
/// function declared with JSON input): anything but `application/json` is
/// refused with 415 before it is decoded.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequireJson;

impl<S> tower::Layer<S> for RequireJson {
    type Service = RequireJsonService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireJsonService { inner }
    }
}

pub struct RequireJsonService<S> {
    inner: S,
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false)
}

impl<S> tower::Service<Request<Body>> for RequireJsonService<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        if !is_json(req.headers()) {
            return Box::pin(async {
                Ok((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "This function takes JSON: send Content-Type: application/json.",
                )
                    .into_response())
            });
        }
        Box::pin(self.inner.call(req))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn writes_from_this_site_pass_and_others_do_not() {
        let origin = "https://portal.example.com";
        assert!(is_same_origin_write(
            &headers(&[("sec-fetch-site", "same-origin")]),
            origin
        ));
        assert!(is_same_origin_write(
            &headers(&[("sec-fetch-site", "none")]),
            origin
        ));
        assert!(is_same_origin_write(
            &headers(&[("origin", "https://portal.example.com")]),
            origin
        ));
        assert!(!is_same_origin_write(
            &headers(&[("sec-fetch-site", "cross-site")]),
            origin
        ));
        assert!(!is_same_origin_write(
            &headers(&[("sec-fetch-site", "same-site")]),
            origin
        ));
        assert!(!is_same_origin_write(
            &headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example")
            ]),
            origin
        ));
        assert!(!is_same_origin_write(
            &headers(&[("origin", "null")]),
            origin
        ));
        assert!(!is_same_origin_write(&HeaderMap::new(), origin));
    }

    #[test]
    fn the_policy_names_the_nonce_and_forbids_framing() {
        let policy = content_security_policy("abc123", None);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.contains("base-uri 'none'"));
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{scripts}");
    }
}
