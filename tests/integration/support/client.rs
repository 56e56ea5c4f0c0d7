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

    async fn send(&mut self, request: Request<Body>) -> Response {
        // A request that never finishes should fail the test by name, not stall the run.
        tokio::time::timeout(std::time::Duration::from_secs(60), self.send_inner(request))
            .await
            .expect("the request did not finish within 60 seconds")
    }

    async fn send_inner(&mut self, request: Request<Body>) -> Response {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
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
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
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
