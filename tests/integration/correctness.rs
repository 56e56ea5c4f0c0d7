//! What the server writes and reads is what it means: every timestamp comes
//! from the server's clock, a stored status or kind it does not know is an
//! error (never read as "active" or "queued"), only statement emails read
//! billing, and a template that fills in to too much is refused.

use chrono::Duration;
use portal::audit::AuditAction;
use portal::db::entities::{audit_log, contact, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::fixtures::{contact_by_email, organization_id};
use crate::support::{TestApp, GANDALF, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";

#[tokio::test]
async fn what_the_server_writes_is_stamped_by_its_clock() {
    let app = TestApp::new().await;
    // Far from the system clock, so a system-time stamp would stand out.
    app.clock.advance(Duration::days(400));
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let id = organization_id(&app, MIDDLE_EARTH).await;
    let org = organization::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    let saved = staff
        .call(
            "/api/organizations/notes/save",
            &[
                ("id", &id.to_string()),
                ("version", &org.notes_version.to_string()),
                ("notes", "Second breakfast"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut gandalf_browser = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(gandalf_browser.get("/portal").await.status, 200);

    let now = app.clock.now();
    let near = |at: chrono::DateTime<chrono::Utc>, what: &str| {
        assert!(
            (now - at).num_seconds().abs() < 120,
            "{what} at {at}, the server's clock says {now}"
        );
    };
    for entry in audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
    {
        near(entry.occurred_at, &format!("audit {:?}", entry.action));
    }
    let after = contact_by_email(&app, GANDALF.0).await;
    near(after.last_login_at.unwrap(), "the contact's last login");
    assert_ne!(after.last_login_at, gandalf.last_login_at);
    let org = organization::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    near(org.last_login_at.unwrap(), "the organization's LAST LOGIN");
    let sessions = portal::db::entities::session::Entity::find()
        .all(&app.db.db)
        .await
        .unwrap();
    assert!(!sessions.is_empty());
    for row in sessions {
        near(row.created_at, "a session's start");
        near(row.expires_at - Duration::hours(12), "a session's expiry");
    }
    assert!(audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(AuditAction::OrganizationNotes))
        .one(&app.db.db)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn a_stored_status_the_server_does_not_know_is_an_error_not_a_default() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    app.db
        .db
        .execute_unprepared(&format!(
            "UPDATE contact SET status = 'suspended' WHERE id = {}",
            gandalf.id
        ))
        .await
        .unwrap();
    // Read typed, the row is refused outright.
    let read = contact::Entity::find_by_id(gandalf.id)
        .one(&app.db.db)
        .await;
    assert!(
        read.is_err(),
        "an unknown status must not read as a status: {read:?}"
    );
    // And the portal does not treat the contact as active.
    let answer = app.client().sign_in(GANDALF.0, GANDALF.1).await;
    assert_ne!(answer.status, 200, "{}", answer.body);

    app.db
        .db
        .execute_unprepared("UPDATE email_template SET key = 'mystery' WHERE key = 'welcome'")
        .await
        .unwrap();
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let listed = staff.call("/api/email/templates", &[]).await;
    assert_eq!(
        listed.status, 500,
        "an unknown template kind is not skipped silently"
    );
}

#[tokio::test]
async fn only_statement_emails_read_billing() {
    let app = TestApp::new().await;
    // Without the invoices, any email that read billing would fail.
    app.db
        .db
        .execute_unprepared("DROP TABLE invoice")
        .await
        .unwrap();
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await.id.to_string();
    for which in ["Welcome", "PasswordReset"] {
        let sent = staff
            .call(
                "/api/email/send-to-contact",
                &[("contact_id", &gandalf), ("which", which)],
            )
            .await;
        assert_eq!(sent.status, 200, "{which}: {}", sent.body);
    }
    let statement = staff
        .call(
            "/api/email/send-to-contact",
            &[("contact_id", &gandalf), ("which", "AccountStatement")],
        )
        .await;
    assert_eq!(statement.status, 500, "the statement does read billing");
}

#[tokio::test]
async fn a_template_that_fills_in_to_more_than_a_megabyte_is_refused_at_save_and_preview() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let huge = "{% for i in range(3000) %}{{ 'x' * 1000 }}{% endfor %}";
    let fields = [
        ("key", "welcome"),
        ("input[subject]", "Hello"),
        ("input[html_body]", huge),
        ("input[text_body]", "Hello"),
        ("input[links_to_portal]", "false"),
    ];
    let preview = staff.call("/api/email/template/preview", &fields).await;
    assert_eq!(preview.status, 422, "{}", preview.body);
    assert!(
        preview.body.contains("html_body") && preview.body.contains("1 MB"),
        "{}",
        preview.body
    );
    let mut save = fields.to_vec();
    save.push(("version", "1"));
    let saved = staff.call("/api/email/template/save", &save).await;
    assert_eq!(saved.status, 422, "{}", saved.body);
}
