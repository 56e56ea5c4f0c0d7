//! An HTTP client over the in-process router that keeps the session cookie.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as it came, for answers that aren't text (compressed ones).
    pub bytes: Vec<u8>,
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

/// Which site a request says it comes from, as browsers mark requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The portal's own pages (`Sec-Fetch-Site: same-origin`).
    Same,
    /// Another site's page posting here (`Sec-Fetch-Site: cross-site`, and
    /// that site's `Origin`).
    Cross,
    /// A client that sends neither header.
    Unmarked,
}

pub struct Client {
    router: axum::Router,
    cookie: Option<String>,
    site: Site,
    user_agent: Option<String>,
    /// The address the connection comes from; none, as in-process calls have, by default.
    peer: Option<std::net::SocketAddr>,
}

/// The session cookie's names: plain over http, `__Host-` prefixed over https.
const SESSION_COOKIES: [&str; 2] = ["portal_session", "__Host-portal_session"];

impl Client {
    pub fn new(router: axum::Router) -> Self {
        Self {
            router,
            cookie: None,
            site: Site::Same,
            user_agent: None,
            peer: None,
        }
    }

    /// From now on, requests come from this client address (as a socket would).
    // Reads as "a browser from 203.0.113.9", a setter, not a conversion.
    #[allow(clippy::wrong_self_convention)]
    pub fn from_address(&mut self, ip: &str) -> &mut Self {
        self.peer = Some(std::net::SocketAddr::new(
            ip.parse().expect("an IP address"),
            40_000,
        ));
        self
    }

    /// From now on, requests say they come from `site`.
    #[allow(clippy::wrong_self_convention)]
    pub fn from_site(&mut self, site: Site) -> &mut Self {
        self.site = site;
        self
    }

    /// From now on, requests carry this User-Agent.
    pub fn with_user_agent(&mut self, agent: &str) -> &mut Self {
        self.user_agent = Some(agent.to_string());
        self
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
    async fn send(&mut self, mut request: Request<Body>) -> Response {
        if let Some(peer) = self.peer {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
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
            if let Some((name, id)) = pair.split_once('=') {
                if SESSION_COOKIES.contains(&name) {
                    let expired = value.to_ascii_lowercase().contains("max-age=0") || id.is_empty();
                    self.cookie = (!expired).then(|| pair.to_string());
                }
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
            bytes,
        }
    }

    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = &self.cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        if let Some(agent) = &self.user_agent {
            builder = builder.header(header::USER_AGENT, agent);
        }
        match self.site {
            Site::Same => builder = builder.header("sec-fetch-site", "same-origin"),
            Site::Cross => {
                builder = builder
                    .header("sec-fetch-site", "cross-site")
                    .header(header::ORIGIN, "https://evil.example")
            }
            Site::Unmarked => {}
        }
        builder
    }

    /// Sends a request built by the test as it is (plus this client's cookie
    /// and site headers), for shapes the helpers below do not make.
    pub async fn send_built(
        &mut self,
        builder: axum::http::request::Builder,
        body: Body,
    ) -> Response {
        let request = builder.body(body).expect("request");
        let (mut parts, body) = request.into_parts();
        let mut decorated = self.request(parts.method.clone(), &parts.uri.to_string());
        for (name, value) in parts.headers.drain() {
            if let Some(name) = name {
                decorated = decorated.header(name, value);
            }
        }
        self.send(decorated.body(body).expect("request")).await
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
