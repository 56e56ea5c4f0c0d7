//! The rules a public portal keeps, one test each, in the order a reviewer
//! reads them: requests (cross-site writes, body types), response headers
//! (the Content-Security-Policy and its nonces, the rest), sessions (no
//! resurrection, absolute lifetime, renewal, static files, the cookie),
//! passwords (input limits, the Argon2 cap, the concurrent throttle), links
//! (no readable secret stored or shown), and what production refuses.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request};
use chrono::Duration;
use portal::auth::throttle::{AttemptKind, Outcome};
use portal::auth::TokenPurpose;
use portal::db::entities::{access_token, audit_log, auth_attempt, email_message, session};
use portal::server::config::Settings;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::client::{Response, Site};
use crate::support::fixtures::contact_by_email;
use crate::support::mail::latest_token;
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

// --- requests: writes come from the portal's own pages ------------------------------

/// A form-encoded server function call as `send_built` sends it, with these
/// extra headers.
async fn form_call(
    client: &mut Client,
    path: &str,
    content_type: Option<&str>,
    extra: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::ACCEPT, "application/json");
    if let Some(kind) = content_type {
        builder = builder.header(header::CONTENT_TYPE, kind);
    }
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    client
        .send_built(builder, Body::from(body.to_string()))
        .await
}

fn credentials(email: &str, password: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("email", email)
        .append_pair("password", password)
        .finish()
}

#[tokio::test]
async fn a_cross_site_sign_in_is_refused_and_starts_no_session() {
    let app = TestApp::new().await;
    let mut browser = app.client();
    browser.from_site(Site::Cross);
    let response = browser.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert!(
        response
            .body
            .contains("did not come from the portal's own pages"),
        "{}",
        response.body
    );
    assert!(
        browser.cookie().is_none(),
        "no session for a forged sign-in"
    );
    assert!(contact_by_email(&app, GANDALF.0)
        .await
        .last_login_at
        .is_none());

    // Reading pages from a link on another site is fine: only writes are refused.
    assert_eq!(browser.get("/login").await.status, 200);

    // The same browser, from the portal's own page, signs in.
    browser.from_site(Site::Same);
    let response = browser.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn a_cross_site_write_with_a_session_cookie_is_refused() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    staff.from_site(Site::Cross);
    let response = staff
        .call(
            "/api/email/send-to-contact",
            &[
                ("contact_id", &gandalf.id.to_string()),
                ("which", "Welcome"),
            ],
        )
        .await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert!(app.deliver_mail().await.is_empty(), "nothing was queued");
    let response = staff.call("/api/logout", &[]).await;
    assert_eq!(response.status, 403, "{}", response.body);
    staff.from_site(Site::Same);
    assert!(
        app.whoami(&mut staff).await.is_some(),
        "a forged sign-out signs no one out"
    );
}

#[tokio::test]
async fn a_write_must_say_where_it_comes_from() {
    let app = TestApp::new().await;
    let mut client = app.client();
    client.from_site(Site::Unmarked);
    let body = credentials(GANDALF.0, GANDALF.1);
    let form = Some("application/x-www-form-urlencoded");

    // Neither Sec-Fetch-Site nor Origin: refused.
    let response = form_call(&mut client, "/api/login", form, &[], &body).await;
    assert_eq!(response.status, 403, "{}", response.body);
    // Another site's origin, or one that only looks alike: refused.
    for origin in [
        "https://evil.example",
        "http://127.0.0.1:3000.evil.example",
        "https://127.0.0.1:3000",
        "null",
    ] {
        let response = form_call(
            &mut client,
            "/api/login",
            form,
            &[("origin", origin)],
            &body,
        )
        .await;
        assert_eq!(response.status, 403, "{origin}: {}", response.body);
    }
    // A same-site (but not same-origin) page is another origin too.
    let response = form_call(
        &mut client,
        "/api/login",
        form,
        &[("sec-fetch-site", "same-site")],
        &body,
    )
    .await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert!(client.cookie().is_none());

    // The public URL's own origin passes, and so does what a person typed.
    let response = form_call(
        &mut client,
        "/api/login",
        form,
        &[("origin", "http://127.0.0.1:3000")],
        &body,
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let mut typed = app.client();
    typed.from_site(Site::Unmarked);
    let response = form_call(
        &mut typed,
        "/api/login",
        form,
        &[("sec-fetch-site", "none")],
        &body,
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn an_https_portal_checks_writes_against_its_own_origin() {
    let app = TestApp::with_settings(|settings| {
        settings.public_url = "https://portal.example.com".to_string();
        settings.demo_data = false;
    })
    .await;
    let mut client = app.client();
    client.from_site(Site::Unmarked);
    let body = credentials(STAFF.0, STAFF.1);
    let form = Some("application/x-www-form-urlencoded");
    let response = form_call(
        &mut client,
        "/api/login",
        form,
        &[("origin", "http://portal.example.com")],
        &body,
    )
    .await;
    assert_eq!(response.status, 403, "plain http is another origin");
    let response = form_call(
        &mut client,
        "/api/login",
        form,
        &[("origin", "https://portal.example.com")],
        &body,
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let cookie = response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.contains("portal_session="))
        .expect("a session cookie");
    assert!(cookie.starts_with("__Host-portal_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
    assert!(
        response
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_some(),
        "HSTS over https"
    );
    // The __Host- cookie keeps the browser signed in.
    client.from_site(Site::Same);
    assert!(app.whoami(&mut client).await.is_some());
}

#[tokio::test]
async fn a_write_must_carry_a_form_or_json() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let body = credentials(GANDALF.0, GANDALF.1);
    // A "simple request" another site's page could send without asking first.
    for kind in [Some("text/plain"), Some("application/xml"), None] {
        let response = form_call(&mut client, "/api/login", kind, &[], &body).await;
        assert_eq!(response.status, 415, "{kind:?}: {}", response.body);
    }
    assert!(client.cookie().is_none());
    let response = form_call(
        &mut client,
        "/api/login",
        Some("application/x-www-form-urlencoded; charset=utf-8"),
        &[],
        &body,
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn a_json_server_function_takes_json_only() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let args = serde_json::json!({
        "id": gandalf.id,
        "version": gandalf.version,
        "edit": {
            "title": gandalf.title,
            "first_name": gandalf.first_name,
            "last_name": gandalf.last_name,
            "email": gandalf.email,
            "phone": "555-0142",
            "status": "Active",
            "access": { "Level": gandalf.access_level_id },
        },
    });
    let fields = format!(
        "id={}&version={}&edit[phone]=555-0142",
        gandalf.id, gandalf.version
    );
    for kind in [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = form_call(
            &mut staff,
            "/api/admin/contacts/update",
            Some(kind),
            &[],
            &fields,
        )
        .await;
        assert_eq!(response.status, 415, "{kind}: {}", response.body);
    }
    assert_eq!(
        contact_by_email(&app, GANDALF.0).await.phone,
        gandalf.phone,
        "nothing saved"
    );
    let response = staff.call_json("/api/admin/contacts/update", &args).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(contact_by_email(&app, GANDALF.0).await.phone, "555-0142");
}

#[tokio::test]
async fn the_password_forms_reached_while_signed_out_refuse_cross_site_posts() {
    let app = TestApp::new().await;
    let mut anonymous = app.client();
    anonymous.from_site(Site::Cross);
    for (path, form) in [
        (
            "/api/auth/set_password",
            vec![("purpose", "Invite"), ("token", "x"), ("password", "p")],
        ),
        ("/api/auth/forgot_password", vec![("email", GANDALF.0)]),
    ] {
        assert_eq!(anonymous.call(path, &form).await.status, 403, "{path}");
    }
    assert!(app.deliver_mail().await.is_empty(), "no reset was sent");
}

#[tokio::test]
async fn every_json_server_function_refuses_every_other_body() {
    // Every function the authorization table lists as JSON.
    let matrix: toml::Table = toml::from_str(include_str!("../authorization.toml")).unwrap();
    let json_paths: Vec<String> = matrix["endpoint"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["encoding"].as_str() == Some("json"))
        .map(|row| row["path"].as_str().unwrap().to_string())
        .collect();
    assert!(json_paths.len() >= 3, "{json_paths:?}");
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for path in json_paths {
        // A JSON document sent as a form, as a cross-site fetch() may.
        let answer = form_call(
            &mut staff,
            &path,
            Some("application/x-www-form-urlencoded"),
            &[],
            r#"{"id":1}"#,
        )
        .await;
        assert_eq!(answer.status, 415, "{path}: {}", answer.body);
    }
}

// --- response headers -------------------------------------------------------------

fn assert_security_headers(what: &str, headers: &axum::http::HeaderMap) {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name} header"))
            .to_string()
    };
    let csp = get("content-security-policy");
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "default-src 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: {csp}");
    }
    assert!(csp.contains("script-src 'self' 'nonce-"), "{what}: {csp}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert!(get("permissions-policy").contains("camera=()"), "{what}");
}

#[tokio::test]
async fn every_page_and_answer_carries_the_security_headers() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let answers = [
        ("the sign-in page", app.client().get("/login").await),
        ("an admin page", staff.get("/admin").await),
        (
            "a server function",
            staff
                .call(
                    "/api/organizations/list",
                    &[("search", ""), ("sort", "name"), ("page", "1")],
                )
                .await,
        ),
        (
            "a refused call",
            app.client().call("/api/admin/staff/list", &[]).await,
        ),
        ("a missing page", app.client().get("/no/such/page").await),
        ("a static file", app.client().get("/pkg/portal.css").await),
    ];
    for (what, answer) in &answers {
        assert_security_headers(what, &answer.headers);
        assert_eq!(
            answer.headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin",
            "{what}"
        );
        // Over plain http there is no HSTS (it would pin a test host to https).
        assert!(answer
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
    }

    let https =
        TestApp::with_settings(|s| s.public_url = "https://portal.example.com".into()).await;
    let page = https.client().get("/login").await;
    assert_security_headers("an https page", &page.headers);
    assert!(page.headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

/// The nonce the response's policy allows scripts with.
fn policy_nonce(headers: &axum::http::HeaderMap) -> String {
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = csp.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_string()
}

/// Every `<script …>` opening tag in a page.
fn script_tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let tag_end = rest[at..]
            .find('>')
            .map(|end| at + end + 1)
            .unwrap_or(rest.len());
        tags.push(&rest[at..tag_end]);
        rest = &rest[tag_end..];
    }
    tags
}

#[tokio::test]
async fn every_script_on_a_page_carries_the_responses_nonce() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut anonymous = app.client();
    let mut nonces = BTreeSet::new();
    for (who, path) in [
        ("anonymous", "/login"),
        ("anonymous", "/forgot-password"),
        ("staff", "/admin"),
        ("staff", "/admin/customers/1"),
        ("staff", "/admin/account"),
        ("contact", "/portal"),
        ("contact", "/portal/contacts"),
    ] {
        let client = match who {
            "staff" => &mut staff,
            "contact" => &mut gandalf,
            _ => &mut anonymous,
        };
        let page = client.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let nonce = policy_nonce(&page.headers);
        assert!(
            nonce.len() >= 22,
            "{path}: 128 random bits, base64: {nonce}"
        );
        let scripts = script_tags(&page.body);
        assert!(!scripts.is_empty(), "{path} loads the app with a script");
        for tag in scripts {
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: a script without this response's nonce: {tag}"
            );
        }
        nonces.insert(nonce);
    }
    assert_eq!(nonces.len(), 7, "every response has a nonce of its own");
}

#[tokio::test]
async fn pages_whose_address_holds_a_secret_send_no_referrer_and_are_not_kept() {
    let app = TestApp::new().await;
    for path in ["/accept-invite?token=abc", "/reset-password?token=abc"] {
        let page = app.client().get(path).await;
        assert_eq!(
            page.headers[header::REFERRER_POLICY],
            "no-referrer",
            "{path}"
        );
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
}

// --- sessions ---------------------------------------------------------------------

async fn session_rows(app: &TestApp) -> u64 {
    session::Entity::find().count(&app.db.db).await.unwrap()
}

#[tokio::test]
async fn a_session_ended_while_requests_are_in_flight_stays_ended() {
    let app = TestApp::new().await;
    for round in 0..5 {
        let browser = app.signed_in(GANDALF.0, GANDALF.1).await;
        let cookie = browser.cookie().unwrap().to_string();
        // Past a quarter of the idle window every request renews the
        // session, so each one writes it when it finishes.
        app.clock.advance(Duration::hours(4));
        let mut busy = Vec::new();
        for _ in 0..12 {
            let mut client = app.client();
            client.set_cookie(Some(cookie.clone()));
            busy.push(tokio::spawn(async move {
                client.get("/portal").await;
                client.get("/portal/contacts").await;
            }));
        }
        // Meanwhile the contact is locked out: every session of theirs ends.
        tokio::task::yield_now().await;
        let gandalf = contact_by_email(&app, GANDALF.0).await;
        portal::auth::session_store::end_sessions_of(
            &app.db.db,
            portal::auth::Role::Contact,
            gandalf.id,
            None,
        )
        .await
        .unwrap();
        for request in busy {
            request.await.unwrap();
        }
        assert_eq!(
            session_rows(&app).await,
            0,
            "round {round}: no request wrote the session back"
        );
        let mut again = app.client();
        again.set_cookie(Some(cookie));
        assert_eq!(
            again.get("/portal").await.status,
            303,
            "round {round}: the cookie no longer signs in"
        );
    }
}

#[tokio::test]
async fn the_store_never_writes_back_an_ended_session() {
    use tower_sessions::session_store::SessionStore;
    let app = TestApp::new().await;
    let store = portal::auth::session_store::DbSessionStore::new(
        app.db.db.clone(),
        app.clock.clone(),
        portal::auth::sessions::lifetimes(&app.settings),
    );
    let mut record = tower_sessions::session::Record {
        id: Default::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc(),
    };
    store.create(&mut record).await.unwrap();
    // A request loaded it, then it was ended, then the request saves.
    let loaded = store.load(&record.id).await.unwrap().unwrap();
    store.delete(&record.id).await.unwrap();
    store.save(&loaded).await.unwrap();
    assert_eq!(session_rows(&app).await, 0);
    assert!(store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn sessions_end_after_the_absolute_lifetime_however_active() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in(STAFF.0, STAFF.1).await;
    // Used every few hours, it never idles out; past 7 days from sign-in it ends.
    for _ in 0..(6 * 24 / 4) {
        app.clock.advance(Duration::hours(4));
        assert_eq!(browser.get("/admin").await.status, 200);
    }
    app.clock.advance(Duration::hours(25));
    assert_eq!(browser.get("/admin").await.status, 303);
}

#[tokio::test]
async fn sessions_are_renewed_only_after_a_quarter_of_the_idle_window() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in(STAFF.0, STAFF.1).await;
    let before = session::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..3 {
        let page = browser.get("/admin").await;
        assert!(
            page.headers.get(header::SET_COOKIE).is_none(),
            "no cookie on an unrenewed request"
        );
    }
    app.clock.advance(Duration::hours(2));
    browser.get("/admin").await;
    let unchanged = session::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        unchanged.expires_at, before.expires_at,
        "2 hours in: not renewed"
    );
    assert_eq!(unchanged.data, before.data);

    // Past 3 hours (a quarter of 12), the next request renews it and its cookie.
    app.clock.advance(Duration::hours(1) + Duration::minutes(1));
    let page = browser.get("/admin").await;
    assert!(page.headers.get(header::SET_COOKIE).is_some());
    let renewed = session::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert!(renewed.expires_at > before.expires_at + Duration::hours(3));
}

#[tokio::test]
async fn static_files_never_load_or_write_a_session() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in(STAFF.0, STAFF.1).await;
    // A session row that cannot be read: any request that loads it fails.
    session::Entity::update_many()
        .col_expr(
            session::Column::Data,
            sea_orm::sea_query::Expr::value("not json"),
        )
        .exec(&app.db.db)
        .await
        .unwrap();
    assert_eq!(
        browser.get("/admin").await.status,
        500,
        "an app route loads the session"
    );
    for path in ["/favicon.svg", "/pkg/portal.css", "/pkg/portal.wasm"] {
        let answer = browser.get(path).await;
        assert_ne!(answer.status, 500, "{path} loaded the session");
        assert!(answer.headers.get(header::SET_COOKIE).is_none(), "{path}");
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_and_over_https_host_prefixed() {
    let https =
        TestApp::with_settings(|s| s.public_url = "https://portal.example.com".into()).await;
    let answer = https.client().sign_in(STAFF.0, STAFF.1).await;
    let cookie = answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("__Host-portal_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.to_lowercase().contains("domain="), "{cookie}");

    let http = TestApp::new().await;
    let answer = http.client().sign_in(STAFF.0, STAFF.1).await;
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("portal_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "{cookie}");
}

// --- passwords --------------------------------------------------------------------

#[tokio::test]
async fn sign_in_input_is_limited_before_anything_is_hashed_or_logged() {
    let app = TestApp::new().await;
    let long_email = format!("{}@example.com", "a".repeat(250));
    let answer = app
        .client()
        .call("/api/login", &[("email", &long_email), ("password", "x")])
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("\"email\""), "{}", answer.body);
    let long_password = "p".repeat(1025);
    let answer = app
        .client()
        .call(
            "/api/login",
            &[("email", STAFF.0), ("password", &long_password)],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("\"password\""), "{}", answer.body);
    assert_eq!(
        auth_attempt::Entity::find()
            .count(&app.db.db)
            .await
            .unwrap(),
        0,
        "neither was logged as an attempt"
    );
}

#[tokio::test]
async fn at_most_one_argon2_computation_runs_per_core() {
    let cores = portal::auth::password::max_concurrent();
    let mut checks = tokio::task::JoinSet::new();
    for i in 0..(cores * 6) {
        checks.spawn(
            async move { portal::auth::password::verify(&format!("guess {i}"), None).await },
        );
    }
    while let Some(done) = checks.join_next().await {
        assert!(!done.unwrap());
    }
    let peak = portal::auth::password::peak_concurrent();
    assert!(
        (1..=cores).contains(&peak),
        "peak {peak} with {cores} cores"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_wrong_guesses_let_at_most_ten_reach_the_password_check() {
    let app = TestApp::new().await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..50 {
        let mut client = app.client();
        guesses.spawn(async move {
            client
                .call(
                    "/api/login",
                    &[("email", GANDALF.0), ("password", &format!("wrong {i}"))],
                )
                .await
                .status
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(done) = guesses.join_next().await {
        statuses.push(done.unwrap());
    }
    let checked = auth_attempt::Entity::find()
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn))
        .filter(auth_attempt::Column::Outcome.eq(Outcome::WrongPassword))
        .count(&app.db.db)
        .await
        .unwrap();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        checked <= 10,
        "{checked} guesses reached the password check"
    );
    assert_eq!(checked as usize + throttled, 50, "{statuses:?}");
    assert_eq!(
        auth_attempt::Entity::find()
            .filter(auth_attempt::Column::Outcome.eq(Outcome::Checking))
            .count(&app.db.db)
            .await
            .unwrap(),
        0,
        "every reserved attempt was settled"
    );
}

#[tokio::test]
async fn new_passwords_from_one_address_are_limited() {
    let app = TestApp::new().await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let mut browser = app.signed_in(SAMWISE.0, SAMWISE.1).await;
        browser.from_address("203.0.113.9");
        statuses.push(
            browser
                .call(
                    "/api/account/change_password",
                    &[
                        ("current_password", "not it"),
                        ("new_password", "Lantern-Meadow-River"),
                    ],
                )
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(
        &statuses[..10],
        &[422; 10],
        "wrong current password, told at the field"
    );
    assert_eq!(&statuses[10..], &[429, 429], "then the address must wait");
}

// --- links ------------------------------------------------------------------------

#[tokio::test]
async fn no_readable_link_secret_is_stored_or_shown() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await.id.to_string();
    let answer = staff
        .call(
            "/api/email/send-to-contact",
            &[("contact_id", &gandalf), ("which", "PasswordReset")],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let secret = latest_token(&app, GANDALF.0, TokenPurpose::Reset).await;
    assert_eq!(secret.len(), 64);

    // Nowhere in the database: not the outbox, not the links, not the log.
    let emails = email_message::Entity::find().all(&app.db.db).await.unwrap();
    assert!(emails
        .iter()
        .all(|e| !e.html_body.contains(&secret) && !e.text_body.contains(&secret)));
    assert!(emails.iter().any(|e| e
        .text_body
        .contains(portal::auth::tokens::SECRET_PLACEHOLDER)));
    let tokens = access_token::Entity::find().all(&app.db.db).await.unwrap();
    assert!(tokens.iter().all(|t| t.token_hash != secret));
    let log = audit_log::Entity::find().all(&app.db.db).await.unwrap();
    assert!(log.iter().all(|entry| !entry.details.contains(&secret)));

    // Nor in the Email History's View.
    let reset = emails.iter().find(|e| e.link_purpose.is_some()).unwrap();
    let view = staff
        .call("/api/email/view", &[("email_id", &reset.id.to_string())])
        .await;
    assert_eq!(view.status, 200);
    assert!(!view.body.contains(&secret));
    assert!(view.body.contains(portal::auth::LINK_SECRET_REDACTED));
}

// --- production ---------------------------------------------------------------------

#[test]
fn production_refuses_plain_http_and_demo_data() {
    let base = crate::support::settings("sqlite::memory:");
    let production = |change: fn(&mut Settings)| {
        let mut settings = base.clone();
        settings.leptos.env = leptos::config::Env::PROD;
        settings.demo_data = false;
        settings.public_url = "https://portal.example.com".into();
        change(&mut settings);
        settings.check_safe()
    };
    assert!(production(|_| {}).is_ok());
    let http = production(|s| s.public_url = "http://portal.example.com".into()).unwrap_err();
    assert!(http.to_string().contains("https"), "{http}");
    let demo = production(|s| s.demo_data = true).unwrap_err();
    assert!(demo.to_string().contains("demo-data"), "{demo}");
    // Demo data behind an https address is refused even outside PROD.
    let mut public_demo = base.clone();
    public_demo.public_url = "https://portal.example.com".into();
    public_demo.demo_data = true;
    assert!(public_demo.check_safe().is_err());
    // The local demo (DEV, http) runs.
    assert!(base.check_safe().is_ok());
}
