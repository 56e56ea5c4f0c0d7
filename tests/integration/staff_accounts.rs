//! Staff accounts and everyone's own account, through the real router: the
//! `create-staff` command, Settings › Staff Users (invite, role, deactivate,
//! the last Administrator), what the Staff role may not do, changing one's
//! own password, the list of open sessions and "Sign out other sessions".

use portal::auth::{OpenSession, StaffRole, TokenPurpose};
use portal::db::entities::{email_message, session, staff_user};
use portal::email::TemplateKind;
use portal::staff::{StaffStatus, StaffUserRow};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::client::Response;
use crate::support::mail::latest_token;
use crate::support::{Client, TestApp, GANDALF, STAFF};

/// The Staff-role demo user.
const ANN: (&str, &str) = ("ann@example.com", "staff-demo-2026");
const NEW_PASSWORD: &str = "lantern meadow river";

fn ok<T: serde::de::DeserializeOwned>(what: &str, response: Response) -> T {
    assert_eq!(response.status, 200, "{what}: {}", response.body);
    response.json()
}

async fn staff_by_email(app: &TestApp, email: &str) -> staff_user::Model {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("staff user {email}"))
}

async fn invite(admin: &mut Client, name: &str, email: &str, role: &str) -> Response {
    admin
        .call(
            "/api/admin/staff/invite",
            &[("name", name), ("email", email), ("role", role)],
        )
        .await
}

/// An Administrator invites `email`, who accepts in a browser of their own.
async fn invited_and_accepted(app: &TestApp, email: &str, role: &str) -> Client {
    let mut admin = app.signed_in(STAFF.0, STAFF.1).await;
    let row: StaffUserRow = ok(
        "invite",
        invite(&mut admin, "Tom Haverford", email, role).await,
    );
    assert_eq!(row.status, StaffStatus::Invited);
    let token = latest_token(app, email, TokenPurpose::Invite).await;
    let mut browser = app.client();
    let done = browser
        .call(
            "/api/auth/set_password",
            &[
                ("purpose", "Invite"),
                ("token", &token),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("/admin"),
        "lands in the admin area: {}",
        done.body
    );
    browser
}

// --- the create-staff command ----------------------------------------------------

#[tokio::test]
async fn create_staff_adds_an_administrator_reading_the_password_from_stdin() {
    use std::io::Write;
    let app = crate::support::TestApp::new().await;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args([
            "create-staff",
            "--email",
            "Owner@Example.org",
            "--name",
            "Olive Owner",
        ])
        .env(
            "PORTAL_CONFIG",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml"),
        )
        .env("DATABASE_URL", &app.db.url)
        .env("PORTAL_DEMO_DATA", "false")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the portal binary");
    command
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{NEW_PASSWORD}\n").as_bytes())
        .unwrap();
    let output = command.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "create-staff failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Created Administrator Olive Owner"));
    let created = staff_by_email(&app, "owner@example.org").await;
    assert_eq!(created.role, StaffRole::Administrator);
    assert!(created
        .password_hash
        .as_deref()
        .is_some_and(|h| h.starts_with("$argon2id$")));
    let mut browser = app.client();
    let answer = browser.sign_in("owner@example.org", NEW_PASSWORD).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(browser.get("/admin").await.status, 200);

    // A password the policy refuses is refused, and nothing is added.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args([
            "create-staff",
            "--email",
            "weak@example.org",
            "--name",
            "Weak",
        ])
        .env(
            "PORTAL_CONFIG",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml"),
        )
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq("weak@example.org"))
        .one(&app.db.db)
        .await
        .unwrap()
        .is_none());
}

// --- Settings › Staff Users ---------------------------------------------------------

#[tokio::test]
async fn an_invited_staff_user_sets_a_password_and_signs_in_with_the_staff_role() {
    let app = TestApp::new().await;
    let mut tom = invited_and_accepted(&app, "tom@pawnee.example", "Staff").await;
    assert_eq!(tom.get("/admin").await.status, 200);
    let stored = staff_by_email(&app, "tom@pawnee.example").await;
    assert_eq!(stored.role, StaffRole::Staff);
    assert!(stored.activated_at.is_some());

    // The invite email held a placeholder, never the secret.
    let sent = email_message::Entity::find()
        .filter(email_message::Column::TemplateKey.eq(TemplateKind::StaffInvite))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert!(sent
        .text_body
        .contains(portal::auth::tokens::SECRET_PLACEHOLDER));
    assert_eq!(sent.staff_user_id, Some(stored.id));

    // Staff work with customers but not with Staff Users or settings.
    let customers = tom
        .call(
            "/api/organizations/list",
            &[("search", ""), ("sort", "name"), ("page", "1")],
        )
        .await;
    assert_eq!(customers.status, 200);
    assert_eq!(tom.call("/api/admin/staff/list", &[]).await.status, 403);
    let page = tom.get("/admin/settings/staff-users").await;
    assert_eq!(page.status, 403);
    assert!(page
        .body
        .contains("Only Administrators can manage staff users."));
    assert!(!page.body.contains("Invite Staff User"));
    let level = tom
        .call_json(
            "/api/access/levels/create",
            &serde_json::json!({ "input": { "name": "Sneaky", "permissions": [] } }),
        )
        .await;
    assert_eq!(level.status, 403);
}

#[tokio::test]
async fn inviting_someone_who_already_signs_in_is_refused_at_the_email() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(STAFF.0, STAFF.1).await;
    for taken in [ANN.0, GANDALF.0, "ANN@example.com "] {
        let refused = invite(&mut admin, "Someone", taken, "Staff").await;
        assert_eq!(refused.status, 422, "{taken}");
        assert!(refused.body.contains("\"email\""), "{}", refused.body);
    }
    let refused = invite(&mut admin, "", "new@pawnee.example", "Staff").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("\"name\""));
}

#[tokio::test]
async fn the_last_active_administrator_can_be_neither_made_staff_nor_deactivated() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(STAFF.0, STAFF.1).await;
    let me = staff_by_email(&app, STAFF.0).await;
    let ann = staff_by_email(&app, ANN.0).await;
    let refused = admin
        .call(
            "/api/admin/staff/role",
            &[("id", &me.id.to_string()), ("role", "Staff")],
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("last active Administrator"));
    let refused = admin
        .call("/api/admin/staff/deactivate", &[("id", &me.id.to_string())])
        .await;
    assert_eq!(refused.status, 409, "nobody deactivates themselves");

    // With Ann an Administrator too, the first may step down.
    let ann_row: StaffUserRow = ok(
        "promote Ann",
        admin
            .call(
                "/api/admin/staff/role",
                &[("id", &ann.id.to_string()), ("role", "Administrator")],
            )
            .await,
    );
    assert_eq!(ann_row.role, StaffRole::Administrator);
    let me_row: StaffUserRow = ok(
        "step down",
        admin
            .call(
                "/api/admin/staff/role",
                &[("id", &me.id.to_string()), ("role", "Staff")],
            )
            .await,
    );
    assert_eq!(me_row.role, StaffRole::Staff);
    // Now Ann is the last one.
    let mut ann_browser = app.signed_in(ANN.0, ANN.1).await;
    let refused = ann_browser
        .call(
            "/api/admin/staff/role",
            &[("id", &ann.id.to_string()), ("role", "Staff")],
        )
        .await;
    assert_eq!(refused.status, 409);
}

#[tokio::test]
async fn deactivating_a_staff_user_ends_their_sessions_at_once() {
    let app = TestApp::new().await;
    let mut ann = app.signed_in(ANN.0, ANN.1).await;
    let mut second = app.signed_in(ANN.0, ANN.1).await;
    assert_eq!(ann.get("/admin").await.status, 200);
    let mut admin = app.signed_in(STAFF.0, STAFF.1).await;
    let id = staff_by_email(&app, ANN.0).await.id;
    let row: StaffUserRow = ok(
        "deactivate",
        admin
            .call("/api/admin/staff/deactivate", &[("id", &id.to_string())])
            .await,
    );
    assert_eq!(row.status, StaffStatus::Deactivated);
    assert_eq!(ann.get("/admin").await.status, 303);
    assert_eq!(second.get("/admin").await.status, 303);
    assert_eq!(
        session::Entity::find()
            .filter(session::Column::PrincipalId.eq(id))
            .filter(session::Column::PrincipalKind.eq(portal::auth::Role::Staff))
            .count(&app.db.db)
            .await
            .unwrap(),
        0
    );
    // And cannot sign in again, until reactivated.
    let refused = app.client().sign_in(ANN.0, ANN.1).await;
    assert_eq!(refused.status, 422);
    ok::<StaffUserRow>(
        "reactivate",
        admin
            .call("/api/admin/staff/reactivate", &[("id", &id.to_string())])
            .await,
    );
    assert_eq!(app.client().sign_in(ANN.0, ANN.1).await.status, 200);
}

// --- one's own account --------------------------------------------------------------

async fn change_password(browser: &mut Client, current: &str, next: &str) -> Response {
    browser
        .call(
            "/api/account/change_password",
            &[("current_password", current), ("new_password", next)],
        )
        .await
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let mut here = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut elsewhere = app.signed_in(GANDALF.0, GANDALF.1).await;

    let wrong = change_password(&mut here, "not my password", NEW_PASSWORD).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("current_password"), "{}", wrong.body);
    let weak = change_password(&mut here, GANDALF.1, "password1").await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("new_password"), "{}", weak.body);

    let ended: u64 = ok(
        "change",
        change_password(&mut here, GANDALF.1, NEW_PASSWORD).await,
    );
    assert_eq!(ended, 1);
    assert_eq!(
        here.get("/portal").await.status,
        200,
        "this browser stays signed in"
    );
    assert_eq!(
        elsewhere.get("/portal").await.status,
        303,
        "the other session ended"
    );
    assert_eq!(app.client().sign_in(GANDALF.0, GANDALF.1).await.status, 422);
    assert_eq!(
        app.client().sign_in(GANDALF.0, NEW_PASSWORD).await.status,
        200
    );

    let notices = email_message::Entity::find()
        .filter(email_message::Column::TemplateKey.eq(TemplateKind::PasswordChanged))
        .filter(email_message::Column::ToAddress.eq(GANDALF.0))
        .count(&app.db.db)
        .await
        .unwrap();
    assert_eq!(notices, 1, "a Password Changed Notice is on its way");
}

#[tokio::test]
async fn staff_change_their_own_password_too() {
    let app = TestApp::new().await;
    let mut ann = app.signed_in(ANN.0, ANN.1).await;
    let ended: u64 = ok(
        "change",
        change_password(&mut ann, ANN.1, NEW_PASSWORD).await,
    );
    assert_eq!(ended, 0);
    assert_eq!(app.client().sign_in(ANN.0, NEW_PASSWORD).await.status, 200);
    assert_eq!(
        app.client()
            .call(
                "/api/account/change_password",
                &[("current_password", "x"), ("new_password", "y")]
            )
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn the_open_sessions_list_and_sign_out_other_sessions() {
    let app = TestApp::new().await;
    let mut laptop = app.client();
    laptop
        .with_user_agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
        .from_address("198.51.100.7");
    assert_eq!(laptop.sign_in(STAFF.0, STAFF.1).await.status, 200);
    let mut phone = app.client();
    phone
        .with_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
        .from_address("203.0.113.20");
    assert_eq!(phone.sign_in(STAFF.0, STAFF.1).await.status, 200);

    let listed: Vec<OpenSession> = ok("sessions", laptop.call("/api/account/sessions", &[]).await);
    assert_eq!(listed.len(), 2);
    let mine = listed
        .iter()
        .find(|s| s.current)
        .expect("this browser is marked");
    assert_eq!(mine.client_ip.as_deref(), Some("198.51.100.7"));
    assert!(mine.browser.contains("Chrome"), "{}", mine.browser);
    let other = listed.iter().find(|s| !s.current).unwrap();
    assert_eq!(other.client_ip.as_deref(), Some("203.0.113.20"));
    assert!(other.browser.contains("Safari"), "{}", other.browser);

    let ended: u64 = ok(
        "sign out others",
        laptop.call("/api/account/sessions/end_others", &[]).await,
    );
    assert_eq!(ended, 1);
    assert_eq!(phone.get("/admin").await.status, 303);
    assert_eq!(laptop.get("/admin").await.status, 200);
    let listed: Vec<OpenSession> = ok("sessions", laptop.call("/api/account/sessions", &[]).await);
    assert_eq!(listed.len(), 1);
    // Nobody else's sessions are listed or ended.
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let theirs: Vec<OpenSession> = ok("gandalf", gandalf.call("/api/account/sessions", &[]).await);
    assert_eq!(theirs.len(), 1);
}
