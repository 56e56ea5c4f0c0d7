//! An HTTP client over the in-process router that keeps the session cookie.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {}", self.body))
    }
}

pub struct Client {
    router: axum::Router,
    cookie: Option<String>,
}

impl Client {
    pub fn new(router: axum::Router) -> Self {
        Self {
            router,
            cookie: None,
        }
    }

    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub fn set_cookie(&mut self, cookie: Option<String>) {
        self.cookie = cookie;
    }

    /// Sends a request through the router and reads the whole answer. A request
    /// that never finishes fails the test by name instead of stalling the run,
    /// and says how far it got: no response head at all, or a head and part of
    /// a (streamed) body.
    async fn send(&mut self, request: Request<Body>) -> Response {
        const LIMIT: std::time::Duration = std::time::Duration::from_secs(60);
        let what = format!("{} {}", request.method(), request.uri());
        let deadline = tokio::time::Instant::now() + LIMIT;
        let response = tokio::time::timeout_at(deadline, self.router.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{what}: no response head within {LIMIT:?}"))
            .expect("router answers");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            let pair = value.split(';').next().unwrap_or_default().trim();
            if let Some(("portal_session", id)) = pair.split_once('=') {
                let expired = value.to_ascii_lowercase().contains("max-age=0") || id.is_empty();
                self.cookie = (!expired).then(|| pair.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = response.into_body();
        let mut bytes = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, body.frame()).await {
                Ok(None) => break,
                Ok(Some(frame)) => {
                    if let Ok(data) = frame.expect("body").into_data() {
                        bytes.extend_from_slice(&data);
                    }
                }
                Err(_) => {
                    let text = String::from_utf8_lossy(&bytes);
                    let tail: String = text
                        .chars()
                        .rev()
                        .take(400)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    panic!(
                        "{what}: answered {status}, but the body did not finish within {LIMIT:?} \
                         ({} bytes so far, ending: {tail})",
                        bytes.len()
                    );
                }
            }
        }
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = &self.cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder
    }

    /// A page load, as a browser would ask for it.
    pub async fn get(&mut self, path: &str) -> Response {
        let request = self
            .request(Method::GET, path)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// A form-encoded POST that accepts `accept`.
    fn form_post(&self, path: &str, accept: &str) -> axum::http::request::Builder {
        self.request(Method::POST, path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept)
    }

    fn form_body(form: &[(&str, &str)]) -> Body {
        Body::from(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish(),
        )
    }

    /// A server function call as the hydrated app makes it (form-encoded, JSON answer).
    pub async fn call(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let request = self
            .form_post(path, "application/json")
            .body(Self::form_body(form))
            .expect("request");
        self.send(request).await
    }

    /// A server function call with a JSON body, for functions declared with the JSON input codec.
    pub async fn call_json(&mut self, path: &str, body: &serde_json::Value) -> Response {
        let request = self
            .request(Method::POST, path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    /// A form post as a browser without JavaScript sends it.
    pub async fn post_html(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let request = self
            .form_post(path, "text/html,application/xhtml+xml")
            .header(header::REFERER, "http://localhost/login")
            .body(Self::form_body(form))
            .expect("request");
        self.send(request).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        self.call("/api/login", &[("email", email), ("password", password)])
            .await
    }
}
