//! How answers travel: compressed when the browser accepts it (never the live
//! event stream), and cached by browsers as long as their names allow.

use std::io::Read;

use axum::body::Body;
use axum::http::{header, Method, Request};
use portal::server::caching::{IMMUTABLE, PUBLIC_FILE, REVALIDATE};

use crate::support::{TestApp, STAFF};

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

fn accepting(method: Method, path: &str, encodings: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::ACCEPT_ENCODING, encodings)
}

#[tokio::test]
async fn pages_and_server_function_answers_are_compressed_for_browsers_that_accept_it() {
    let app = TestApp::new().await;
    let mut staff = app.client();
    staff.sign_in(STAFF.0, STAFF.1).await;

    let plain = staff.get("/admin").await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());

    let page = staff
        .send_built(
            accepting(Method::GET, "/admin", "gzip").header(header::ACCEPT, "text/html"),
            Body::empty(),
        )
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers[header::CONTENT_ENCODING], "gzip");
    assert!(page.headers[header::VARY]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let html = gunzip(&page.bytes);
    assert!(
        html.contains("<h1>") && html.contains("Customers"),
        "{html}"
    );
    assert!(page.bytes.len() * 2 < html.len(), "a page compresses well");

    let brotli = staff
        .send_built(
            accepting(Method::GET, "/admin", "gzip, deflate, br")
                .header(header::ACCEPT, "text/html"),
            Body::empty(),
        )
        .await;
    assert_eq!(brotli.headers[header::CONTENT_ENCODING], "br");

    let answer = staff
        .send_built(
            accepting(Method::POST, "/api/organizations/list", "gzip")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json"),
            Body::from("search=&sort=name&page=1"),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.headers[header::CONTENT_ENCODING], "gzip");
    let json: serde_json::Value = serde_json::from_str(&gunzip(&answer.bytes)).expect("JSON");
    assert!(
        json["items"]
            .as_array()
            .is_some_and(|items| !items.is_empty()),
        "{json}"
    );
}

#[tokio::test]
async fn the_live_email_feed_is_never_compressed() {
    let app = TestApp::new().await;
    let mut staff = app.client();
    staff.sign_in(STAFF.0, STAFF.1).await;
    // Open the stream and read only its head: an event stream never ends.
    let request = accepting(Method::GET, "/api/email/live?organization_id=1", "gzip, br")
        .header(header::ACCEPT, "text/event-stream")
        .header(header::COOKIE, staff.cookie().expect("signed in"))
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
}

/// A site folder with a built file and a public one.
fn site() -> tempfile_dir::Dir {
    let dir = tempfile_dir::Dir::new();
    std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
    std::fs::write(
        dir.path().join("pkg/portal.abc123.css"),
        "body { color: black }",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("favicon.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn built_files_with_hashed_names_are_cached_for_a_year_and_others_revalidated() {
    let folder = site();
    let root = folder.path().to_str().unwrap().to_string();
    let hashed = TestApp::with_settings(|s| {
        s.leptos.site_root = root.clone().into();
        s.leptos.hash_files = true;
    })
    .await;
    // (Only files here: a page would look for the build's list of hashed names.)
    let css = hashed.client().get("/pkg/portal.abc123.css").await;
    assert_eq!(css.status, 200);
    assert_eq!(css.headers[header::CACHE_CONTROL], IMMUTABLE);
    let favicon = hashed.client().get("/favicon.svg").await;
    assert_eq!(favicon.status, 200);
    assert_eq!(favicon.headers[header::CACHE_CONTROL], PUBLIC_FILE);

    let plain = TestApp::with_settings(|s| {
        s.leptos.site_root = root.clone().into();
        s.leptos.hash_files = false;
    })
    .await;
    let css = plain.client().get("/pkg/portal.abc123.css").await;
    assert_eq!(css.headers[header::CACHE_CONTROL], REVALIDATE);
    let missing = plain.client().get("/pkg/portal.gone.css").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.headers.get(header::CACHE_CONTROL).is_none(),
        "a missing file is not cached"
    );

    // Pages of the areas are never stored.
    let mut staff = plain.client();
    staff.sign_in(STAFF.0, STAFF.1).await;
    assert_eq!(
        staff.get("/admin").await.headers[header::CACHE_CONTROL],
        "no-store"
    );
}

/// A temporary folder, removed when dropped.
mod tempfile_dir {
    pub struct Dir(std::path::PathBuf);

    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!("portal-site-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }

        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
