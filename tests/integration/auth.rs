//! Sign-in, sessions and sign-out through the real server functions.

use portal::audit::{ActorKind, AuditAction};
use portal::auth::caller::SessionPrincipal;
use portal::auth::session_store::end_sessions_of;
use portal::auth::Role;
use portal::contacts::ContactStatus;
use portal::db::entities::{audit_log, contact, session, staff_user};
use portal::error::AppError;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::support::{TestApp, GANDALF, SAMWISE, STAFF};

async fn contact_by_email(app: &TestApp, email: &str) -> contact::Model {
    contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn staff_sign_in_sets_a_hardened_cookie_and_lands_in_admin() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let response = client.sign_in(STAFF.0, STAFF.1).await;
    assert!(response.status.is_success(), "{}", response.body);
    assert_eq!(response.json::<String>(), "/admin");
    let cookie = response
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("portal_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let me = app.whoami(&mut client).await.expect("signed in");
    assert_eq!(me.role, Role::Staff);
    assert_eq!(me.name, "Portal Administrator");
}

#[tokio::test]
async fn contact_sign_in_lands_in_the_portal_or_the_requested_page() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let response = client.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.json::<String>(), "/portal");
    let me = app.whoami(&mut client).await.expect("signed in");
    assert_eq!(me.role, Role::Contact);
    assert_eq!(me.name, "Gandalf The Grey");
    assert_eq!(
        me.organization_name.as_deref(),
        Some("Middle Earth Tech Solutions")
    );

    let mut other = app.client();
    let response = other
        .call(
            "/api/login",
            &[
                ("email", SAMWISE.0),
                ("password", SAMWISE.1),
                ("next", "/portal/anything?x=1"),
            ],
        )
        .await;
    assert_eq!(response.json::<String>(), "/portal/anything?x=1");
    // An off-site or other-area `next` is ignored.
    let mut third = app.client();
    let response = third
        .call(
            "/api/login",
            &[
                ("email", SAMWISE.0),
                ("password", SAMWISE.1),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(response.json::<String>(), "/portal");
}

#[tokio::test]
async fn a_plain_form_post_is_redirected_where_the_app_would_go() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let response = client
        .post_html(
            "/api/login",
            &[("email", GANDALF.0), ("password", GANDALF.1)],
        )
        .await;
    assert!(response.status.is_redirection(), "{}", response.status);
    assert_eq!(response.location(), Some("/portal"));
    assert!(app.whoami(&mut client).await.is_some());
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let wrong = client.sign_in(GANDALF.0, "not-the-password").await;
    let unknown = client.sign_in("nobody@nowhere.test", "whatever-123").await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    let err: AppError = wrong.json();
    assert_eq!(err.to_string(), "Incorrect email or password.");
    assert!(client.cookie().is_none() || app.whoami(&mut client).await.is_none());
}

#[tokio::test]
async fn empty_fields_get_messages_at_the_field() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let err: AppError = client.sign_in("  ", "x").await.json();
    assert_eq!(
        err.message_for("email").as_deref(),
        Some("Enter your email address.")
    );
    let err: AppError = client.sign_in(GANDALF.0, "").await.json();
    assert_eq!(
        err.message_for("password").as_deref(),
        Some("Enter your password.")
    );
}

#[tokio::test]
async fn overlong_input_is_refused_at_the_field_before_any_check() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let long_email = format!("{}@test.com", "g".repeat(250));
    let err: AppError = client.sign_in(&long_email, GANDALF.1).await.json();
    assert_eq!(
        err.message_for("email").as_deref(),
        Some("An email address is at most 254 characters.")
    );
    let long_password = "x".repeat(1025);
    let response = client.sign_in(GANDALF.0, &long_password).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(
        err.message_for("password")
            .is_some_and(|m| m.contains("longer than any password")),
        "{err:?}"
    );
    // Neither was logged as an attempt: nothing was checked.
    assert_eq!(
        portal::db::entities::auth_attempt::Entity::find()
            .count(&app.db.db)
            .await
            .unwrap(),
        0
    );
    // At the limits, the input is checked as usual.
    let response = client.sign_in(GANDALF.0, &"x".repeat(1024)).await;
    assert_eq!(response.status, 422);
    assert_eq!(
        response.json::<AppError>().to_string(),
        "Incorrect email or password."
    );
}

#[tokio::test]
async fn email_is_matched_without_regard_to_case_or_spaces() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let response = client.sign_in("  LotrTest@Test.COM ", GANDALF.1).await;
    assert!(response.status.is_success(), "{}", response.body);
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session_id_and_the_old_one_dies() {
    let app = TestApp::new().await;
    let mut client = app.client();
    client.sign_in(GANDALF.0, GANDALF.1).await;
    let first = client.cookie().unwrap().to_string();
    client.sign_in(GANDALF.0, GANDALF.1).await;
    let second = client.cookie().unwrap().to_string();
    assert_ne!(first, second);

    let mut stale = app.client();
    stale.set_cookie(Some(first));
    assert!(app.whoami(&mut stale).await.is_none());
    assert!(app.whoami(&mut client).await.is_some());
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::new().await;
    let mut client = app.signed_in(STAFF.0, STAFF.1).await;
    let cookie = client.cookie().unwrap().to_string();
    assert_eq!(session::Entity::find().count(&app.db.db).await.unwrap(), 1);

    let response = client.call("/api/logout", &[]).await;
    assert!(response.status.is_success(), "{}", response.body);
    assert_eq!(response.json::<String>(), "/login");
    assert_eq!(session::Entity::find().count(&app.db.db).await.unwrap(), 0);

    // Replaying the old cookie does not bring the session back.
    let mut replay = app.client();
    replay.set_cookie(Some(cookie));
    assert!(app.whoami(&mut replay).await.is_none());
    assert_eq!(replay.get("/admin").await.status, 303);
}

#[tokio::test]
async fn revoked_or_inactive_contacts_cannot_sign_in() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut revoked: contact::ActiveModel = gandalf.into();
    revoked.access_revoked_at = Set(Some(chrono::Utc::now()));
    revoked.update(&app.db.db).await.unwrap();
    let err: AppError = app.client().sign_in(GANDALF.0, GANDALF.1).await.json();
    assert_eq!(
        err.to_string(),
        "Your portal access is not active. Please contact your account administrator."
    );

    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let mut inactive: contact::ActiveModel = samwise.into();
    inactive.status = Set(ContactStatus::Inactive);
    inactive.update(&app.db.db).await.unwrap();
    let response = app.client().sign_in(SAMWISE.0, SAMWISE.1).await;
    assert_eq!(response.status, 422);
}

#[tokio::test]
async fn a_revoked_contact_loses_an_open_session_at_once() {
    let app = TestApp::new().await;
    let mut client = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert!(app.whoami(&mut client).await.is_some());

    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let id = gandalf.id;
    let mut revoked: contact::ActiveModel = gandalf.into();
    revoked.access_revoked_at = Set(Some(chrono::Utc::now()));
    revoked.update(&app.db.db).await.unwrap();
    assert_eq!(
        end_sessions_of(&app.db.db, Role::Contact, id, None)
            .await
            .unwrap(),
        1
    );

    assert!(app.whoami(&mut client).await.is_none());
    assert_eq!(client.get("/portal").await.status, 303);
}

#[tokio::test]
async fn sessions_remember_who_but_never_permissions() {
    let app = TestApp::new().await;
    app.signed_in(GANDALF.0, GANDALF.1).await;
    let row = session::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.principal_kind, Some(Role::Contact));
    let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    let principal: SessionPrincipal = serde_json::from_value(data["principal"].clone()).unwrap();
    assert_eq!(principal.role, Role::Contact);
    assert!(!row.data.contains("Permission") && !row.data.contains("admin_access"));
}

#[tokio::test]
async fn a_session_remembers_where_and_in_which_browser_it_signed_in() {
    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let app = TestApp::new().await;
    let mut browser = app.client();
    browser
        .from_address("198.51.100.23")
        .with_user_agent(FIREFOX);
    let response = browser.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let row = session::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.client_ip.as_deref(), Some("198.51.100.23"));
    assert_eq!(row.user_agent.as_deref(), Some(FIREFOX));
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    assert_eq!(gandalf.last_login_ip.as_deref(), Some("198.51.100.23"));
    let signed_in = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(AuditAction::SignIn))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the sign-in is audited");
    assert_eq!(signed_in.client_ip.as_deref(), Some("198.51.100.23"));
    let attempt = portal::db::entities::auth_attempt::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the attempt is logged");
    assert_eq!(attempt.client_ip.as_deref(), Some("198.51.100.23"));
}

#[tokio::test]
async fn passwords_are_argon2id_with_at_least_default_parameters() {
    let app = TestApp::new().await;
    let staff = staff_user::Entity::find()
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    let hash = staff
        .password_hash
        .expect("the demo staff user has a password");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains("staff-demo-2026"));
}

#[tokio::test]
async fn sign_in_records_last_login_and_an_audit_entry() {
    let app = TestApp::new().await;
    assert!(contact_by_email(&app, GANDALF.0)
        .await
        .last_login_at
        .is_none());
    app.signed_in(GANDALF.0, GANDALF.1).await;
    assert!(contact_by_email(&app, GANDALF.0)
        .await
        .last_login_at
        .is_some());
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(AuditAction::SignIn))
        .all(&app.db.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_kind, ActorKind::Contact);
    assert!(entries[0].actor_label.contains(GANDALF.0));
}
