//! Access levels under Settings › Configurations › Client Users.

use portal::access::{AccessLevelDetails, Permission};
use portal::audit::AuditAction;
use portal::db::entities::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::support::{TestApp, GANDALF, SAMWISE, STAFF};

async fn levels(client: &mut crate::support::Client) -> Vec<AccessLevelDetails> {
    let response = client.call("/api/access/levels/details", &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn find<'a>(levels: &'a [AccessLevelDetails], name: &str) -> &'a AccessLevelDetails {
    levels
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no level {name}"))
}

#[tokio::test]
async fn levels_list_their_permissions_and_how_many_contacts_hold_them() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let all = levels(&mut staff).await;
    let admin = find(&all, "Administrator");
    assert_eq!(admin.contact_count, 3, "Gandalf, Leslie and Demo Owner");
    assert!(admin.permissions.contains(Permission::AdminAccess));
    let basic = find(&all, "Basic");
    assert!(basic.permissions.is_empty());
    assert_eq!(basic.contact_count, 1);
    assert_eq!(find(&all, "Work Orders").contact_count, 0);
}

#[tokio::test]
async fn a_level_change_applies_to_its_contacts_on_their_next_request() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let mut samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let me = app
        .whoami(&mut samwise)
        .await
        .expect("Samwise is signed in");
    assert!(!me.permissions.allows(Permission::AccessBilling));
    let billing = samwise
        .call("/api/portal/invoices", &[("filter", "open"), ("page", "1")])
        .await;
    assert_eq!(billing.status, 403, "{}", billing.body);

    let basic = find(&levels(&mut staff).await, "Basic").clone();
    let response = staff
        .call_json(
            "/api/access/levels/update",
            &json!({ "id": basic.id, "version": basic.version,
                     "input": { "name": "Basic", "permissions": ["AccessBilling"] } }),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);

    // His next request finds the level's new permission.
    let me = app.whoami(&mut samwise).await.expect("still signed in");
    assert!(me.permissions.allows(Permission::AccessBilling));
    let billing = samwise
        .call("/api/portal/invoices", &[("filter", "open"), ("page", "1")])
        .await;
    assert_eq!(billing.status, 200, "{}", billing.body);

    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(AuditAction::AccessLevelUpdate))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("audited");
    assert!(
        audit.details.contains("access_billing"),
        "{}",
        audit.details
    );
}

#[tokio::test]
async fn names_are_required_unique_and_saves_check_the_version() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let create = |name: &str| json!({ "input": { "name": name, "permissions": [] } });
    let err: portal::error::AppError = staff
        .call_json("/api/access/levels/create", &create("  "))
        .await
        .json();
    assert!(err.message_for("name").is_some());
    let response = staff
        .call_json("/api/access/levels/create", &create("billing"))
        .await;
    assert_eq!(response.status, 422, "names are unique whatever the case");

    let response = staff
        .call_json("/api/access/levels/create", &create("Auditors"))
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let auditors = find(&levels(&mut staff).await, "Auditors").clone();
    let rename = |version: i32| {
        json!({ "id": auditors.id, "version": version,
                "input": { "name": "Auditors (read only)", "permissions": ["AccessReports"] } })
    };
    assert_eq!(
        staff
            .call_json("/api/access/levels/update", &rename(auditors.version))
            .await
            .status,
        200
    );
    assert_eq!(
        staff
            .call_json("/api/access/levels/update", &rename(auditors.version))
            .await
            .status,
        409
    );
}

#[tokio::test]
async fn a_level_in_use_cannot_be_deleted_until_its_contacts_move() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let all = levels(&mut staff).await;
    let basic = find(&all, "Basic").id.to_string();
    let response = staff
        .call("/api/access/levels/delete", &[("id", &basic)])
        .await;
    assert_eq!(response.status, 409);
    let err: portal::error::AppError = response.json();
    assert_eq!(
        err.to_string(),
        "1 contact uses this level. Move them to another level first."
    );

    let unused = find(&all, "Work Orders").id.to_string();
    assert_eq!(
        staff
            .call("/api/access/levels/delete", &[("id", &unused)])
            .await
            .status,
        200
    );
    assert!(levels(&mut staff)
        .await
        .iter()
        .all(|l| l.name != "Work Orders"));
    assert_eq!(
        staff
            .call("/api/access/levels/delete", &[("id", &unused)])
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn contacts_cannot_manage_levels() {
    let app = TestApp::new().await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(
        gandalf.call("/api/access/levels/details", &[]).await.status,
        403
    );
    let response = gandalf
        .call_json(
            "/api/access/levels/create",
            &json!({ "input": { "name": "Mine", "permissions": ["AdminAccess"] } }),
        )
        .await;
    assert_eq!(response.status, 403);
}
