//! Reading and planting rows directly in the test database, for ids, for
//! checking what a server function wrote, and for data no endpoint creates.

use chrono::{DateTime, Utc};
use portal::audit::AuditAction;
use portal::contacts::ContactStatus;
use portal::db::entities::{audit_log, contact, organization};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::TestApp;

/// The internal note the demo data keeps about Pawnee Parks Dept.
pub const PAWNEE_NOTE: &str = "until October, our new contact will be Bob from accounting.";

pub const LESLIE: (&str, &str) = ("lknope@pawnee-indiana.gov", "contact-demo-2026");

pub async fn organization_by_name(app: &TestApp, name: &str) -> organization::Model {
    organization::Entity::find()
        .filter(organization::Column::Name.eq(name))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("organization {name:?}"))
}

pub async fn organization_id(app: &TestApp, name: &str) -> i32 {
    organization_by_name(app, name).await.id
}

pub async fn organization_by_id(app: &TestApp, id: i32) -> organization::Model {
    organization::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("organization {id}"))
}

pub async fn contact_by_email(app: &TestApp, email: &str) -> contact::Model {
    contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("contact {email:?}"))
}

pub async fn contact_by_id(app: &TestApp, id: i32) -> contact::Model {
    contact::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("contact {id}"))
}

pub async fn level_id(app: &TestApp, name: &str) -> i32 {
    portal::access::service::level_id_by_name(&app.db.db, name)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("access level {name:?}"))
}

/// The audit entries with this action, oldest first.
pub async fn audit_entries(app: &TestApp, action: AuditAction) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
}

/// An organization with no contacts, not yet saved.
fn new_organization(name: &str) -> organization::ActiveModel {
    let now = Utc::now();
    organization::ActiveModel {
        name: Set(name.to_string()),
        address_line1: Set("1 Test Street".to_string()),
        address_line2: Set(String::new()),
        city: Set("Testville".to_string()),
        region: Set("TS".to_string()),
        postal_code: Set("00000".to_string()),
        country: Set("United States".to_string()),
        notes: Set(String::new()),
        notes_version: Set(1),
        contact_count: Set(0),
        last_login_at: Set(None),
        last_login_contact_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// An organization with no contacts, straight into the database.
pub async fn insert_organization(app: &TestApp, name: &str) -> organization::Model {
    new_organization(name).insert(&app.db.db).await.unwrap()
}

/// Many organizations with no contacts in one statement (which skips the save
/// hook, so the search column is filled here).
pub async fn insert_organizations(app: &TestApp, names: &[String]) {
    organization::Entity::insert_many(names.iter().map(|name| organization::ActiveModel {
        search_name: Set(portal::paging::search_key(name)),
        ..new_organization(name)
    }))
    .exec_without_returning(&app.db.db)
    .await
    .unwrap();
}

/// A contact straight into the database (no password, no access level), keeping
/// the organization's contact count right as the services do.
pub async fn insert_contact(
    app: &TestApp,
    organization_id: i32,
    (first_name, last_name): (&str, &str),
    email: &str,
    created_at: DateTime<Utc>,
) -> contact::Model {
    let model = contact::ActiveModel {
        organization_id: Set(organization_id),
        title: Set(String::new()),
        first_name: Set(first_name.to_string()),
        last_name: Set(last_name.to_string()),
        email: Set(email.to_string()),
        phone: Set(String::new()),
        status: Set(ContactStatus::Active),
        access_level_id: Set(None),
        access_revoked_at: Set(None),
        is_default_notification: Set(false),
        password_hash: Set(None),
        invited_at: Set(None),
        activated_at: Set(None),
        last_login_at: Set(None),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        ..Default::default()
    }
    .insert(&app.db.db)
    .await
    .unwrap();
    portal::organizations::service::adjust_contact_count(&app.db.db, organization_id, 1)
        .await
        .unwrap();
    model
}
