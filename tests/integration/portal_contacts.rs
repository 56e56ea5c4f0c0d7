//! The portal's Contacts page through the real server functions: a contact
//! lists and views their own organization's contacts; with Edit Contact they
//! add, edit and delete them, but never beyond their own permissions, never
//! their own level or status, never themselves, and never another
//! organization's contacts.

use chrono::{Duration, TimeZone, Utc};
use portal::access::{Permission, PermissionSet};
use portal::audit::{ActorKind, AuditAction};
use portal::auth::service::WRONG_CREDENTIALS;
use portal::auth::Role;
use portal::contacts::{
    ContactRights, ContactStatus, GrantableLevel, PortalContactForm, PortalContactInput,
    PortalContactRow, PortalContactView, EMAIL_IS_SIGN_IN, PORTAL_CONTACTS_PER_PAGE,
};
use portal::db::entities::{audit_log, contact, session};
use portal::error::AppError;
use portal::paging::Page;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::support::client::Response;
use crate::support::fixtures::{
    audit_entries, contact_by_email, contact_by_id, insert_contact, level_id, organization_by_name,
    organization_id, LESLIE,
};
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const PAWNEE: &str = "Pawnee Parks Dept.";

/// Ron Swanson: Pawnee Parks Dept., level Billing (Access Billing only).
const RON: (&str, &str) = ("rswanson@pawnee-indiana.gov", "contact-demo-2026");

const TAKEN: &str = "Another person already uses this email address.";
const BEYOND_CALLER: &str = "You can only give a contact permissions you hold yourself.";

// --- calling the server functions ------------------------------------------------

async fn call_list(client: &mut Client, name: &str, status: &str, page: u64) -> Response {
    client
        .call(
            "/api/portal/contacts/list",
            &[
                ("name", name),
                ("status", status),
                ("page", &page.to_string()),
            ],
        )
        .await
}

async fn list(client: &mut Client, name: &str, status: &str, page: u64) -> Page<PortalContactRow> {
    let response = call_list(client, name, status, page).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn names(page: &Page<PortalContactRow>) -> Vec<String> {
    page.items.iter().map(PortalContactRow::name).collect()
}

async fn search_names(client: &mut Client, name: &str, status: &str) -> Vec<String> {
    let page = list(client, name, status, 1).await;
    assert_eq!(page.total, page.items.len() as u64, "{name:?} {status:?}");
    names(&page)
}

async fn get(client: &mut Client, id: i32) -> Response {
    client
        .call("/api/portal/contacts/get", &[("id", &id.to_string())])
        .await
}

async fn view(client: &mut Client, id: i32) -> PortalContactView {
    let response = get(client, id).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn grantable_levels(client: &mut Client) -> Response {
    client.call("/api/portal/contacts/levels", &[]).await
}

async fn grantable_names(client: &mut Client) -> Vec<String> {
    let response = grantable_levels(client).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let levels: Vec<GrantableLevel> = response.json();
    levels.into_iter().map(|l| l.name).collect()
}

/// The Add and Edit Contact form's fields for `input`, as the browser posts
/// them (`contact[first_name]=…`, the status as its key, the level as an id).
fn contact_fields(input: &PortalContactInput) -> Vec<(String, String)> {
    PortalContactForm::of(input)
        .values()
        .iter()
        .map(|(name, value)| (format!("contact[{name}]"), value.to_string()))
        .collect()
}

async fn post_fields(client: &mut Client, path: &str, fields: &[(String, String)]) -> Response {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client.call(path, &fields).await
}

async fn create(client: &mut Client, input: &PortalContactInput) -> Response {
    post_fields(
        client,
        "/api/portal/contacts/create",
        &contact_fields(input),
    )
    .await
}

async fn update(
    client: &mut Client,
    id: i32,
    version: i32,
    input: &PortalContactInput,
) -> Response {
    let mut fields = vec![
        ("id".to_string(), id.to_string()),
        ("version".to_string(), version.to_string()),
    ];
    fields.extend(contact_fields(input));
    post_fields(client, "/api/portal/contacts/update", &fields).await
}

async fn update_ok(
    client: &mut Client,
    id: i32,
    version: i32,
    input: &PortalContactInput,
) -> PortalContactView {
    let response = update(client, id, version, input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn delete(client: &mut Client, id: i32) -> Response {
    client
        .call("/api/portal/contacts/delete", &[("id", &id.to_string())])
        .await
}

/// The status of the caller's own profile: 200 while their session lives.
async fn profile_status(client: &mut Client) -> u16 {
    client.call("/api/contacts/me", &[]).await.status.as_u16()
}

// --- fixtures -----------------------------------------------------------------------

fn person(first_name: &str, last_name: &str, email: &str) -> PortalContactInput {
    PortalContactInput {
        first_name: first_name.to_string(),
        last_name: last_name.to_string(),
        email: email.to_string(),
        ..Default::default()
    }
}

/// Gives a demo contact another access level, straight in the database.
async fn set_level(app: &TestApp, email: &str, level: &str) -> contact::Model {
    let level = level_id(app, level).await;
    let mut row: contact::ActiveModel = contact_by_email(app, email).await.into();
    row.access_level_id = Set(Some(level));
    row.update(&app.db.db).await.unwrap()
}

/// Samwise with the built-in Contact Manager level: Edit Contact and nothing else.
async fn samwise_as_contact_manager(app: &TestApp) -> (contact::Model, Client) {
    let samwise = set_level(app, SAMWISE.0, "Contact Manager").await;
    let client = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    (samwise, client)
}

async fn sessions_of_contact(app: &TestApp, id: i32) -> u64 {
    session::Entity::find()
        .filter(session::Column::PrincipalKind.eq(Role::Contact))
        .filter(session::Column::PrincipalId.eq(id))
        .count(&app.db.db)
        .await
        .unwrap()
}

async fn contact_audit_entries(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.starts_with("contact."))
        .all(&app.db.db)
        .await
        .unwrap()
}

fn details_json(entry: &audit_log::Model) -> serde_json::Value {
    serde_json::from_str(&entry.details).expect("audit details are JSON")
}

const NO_RIGHTS: ContactRights = ContactRights {
    edit: false,
    delete: false,
    change_level: false,
};
const ALL_RIGHTS: ContactRights = ContactRights {
    edit: true,
    delete: true,
    change_level: true,
};
/// What a contact with Edit Contact may do with their own contact.
const OWN_RIGHTS: ContactRights = ContactRights {
    edit: true,
    delete: false,
    change_level: false,
};

// --- listing and viewing --------------------------------------------------------------

#[tokio::test]
async fn the_list_shows_only_the_callers_organization_with_what_they_may_do() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;

    // Samwise (Basic) sees his organization's contacts, and may change none.
    let mut as_samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let page = list(&mut as_samwise, "", "all", 1).await;
    assert_eq!(names(&page), ["Gandalf The Grey", "Samwise Gamgee"]);
    assert_eq!(page.total, 2);
    assert_eq!((page.offset, page.limit), (0, PORTAL_CONTACTS_PER_PAGE));
    let [gandalf_row, samwise_row] = &page.items[..] else {
        panic!("two rows: {page:?}");
    };
    assert_eq!(gandalf_row.id, gandalf.id);
    assert_eq!(gandalf_row.email, GANDALF.0);
    assert_eq!(gandalf_row.phone, "555-0100");
    assert_eq!(gandalf_row.title, "Mr.");
    assert_eq!(gandalf_row.status, ContactStatus::Active);
    assert!(!gandalf_row.is_me);
    assert_eq!(gandalf_row.rights, NO_RIGHTS);
    assert_eq!(samwise_row.id, samwise.id);
    assert!(samwise_row.is_me);
    assert_eq!(samwise_row.rights, NO_RIGHTS);

    // Gandalf (Administrator) may do everything with Samwise, and edit himself only.
    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let page = list(&mut as_gandalf, "", "all", 1).await;
    assert_eq!(names(&page), ["Gandalf The Grey", "Samwise Gamgee"]);
    assert!(page.items[0].is_me);
    assert_eq!(page.items[0].rights, OWN_RIGHTS);
    assert!(!page.items[1].is_me);
    assert_eq!(page.items[1].rights, ALL_RIGHTS);

    // Leslie gets Pawnee's, and no search reaches Middle Earth's.
    let mut as_leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    assert_eq!(
        search_names(&mut as_leslie, "", "all").await,
        ["Leslie Knope", "Ron Swanson"]
    );
    assert!(search_names(&mut as_leslie, "gandalf", "all")
        .await
        .is_empty());
    assert!(search_names(&mut as_leslie, "test.com", "all")
        .await
        .is_empty());
    assert!(search_names(&mut as_gandalf, "knope", "all")
        .await
        .is_empty());
}

#[tokio::test]
async fn a_contact_manager_may_not_touch_a_contact_holding_more() {
    let app = TestApp::new().await;
    let (_, mut samwise) = samwise_as_contact_manager(&app).await;
    let frodo = insert_contact(
        &app,
        organization_id(&app, MIDDLE_EARTH).await,
        ("Frodo", "Baggins"),
        "frodo@test.com",
        Utc::now(),
    )
    .await;

    let page = list(&mut samwise, "", "all", 1).await;
    assert_eq!(
        names(&page),
        ["Frodo Baggins", "Gandalf The Grey", "Samwise Gamgee"]
    );
    // Frodo holds nothing; Gandalf holds what Samwise lacks.
    assert_eq!(page.items[0].rights, ALL_RIGHTS);
    assert_eq!(page.items[1].rights, NO_RIGHTS);
    assert!(page.items[2].is_me);
    assert_eq!(page.items[2].rights, OWN_RIGHTS);
    assert_eq!(view(&mut samwise, frodo.id).await.rights, ALL_RIGHTS);
}

#[tokio::test]
async fn the_list_filters_by_name_and_status_and_pages() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let base = Utc.with_ymd_and_hms(2026, 2, 1, 8, 0, 0).unwrap();
    for n in 1..=30 {
        let added = insert_contact(
            &app,
            middle_earth,
            ("Hobbit", &format!("{n:02}")),
            &format!("hobbit{n:02}@shire.test"),
            base + Duration::minutes(n),
        )
        .await;
        // Every third one inactive.
        if n % 3 == 0 {
            let mut row: contact::ActiveModel = added.into();
            row.status = Set(ContactStatus::Inactive);
            row.update(&app.db.db).await.unwrap();
        }
    }
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;

    // By name or email, whatever the case; wildcards are literal.
    assert_eq!(
        search_names(&mut gandalf, "GAMGEE", "all").await,
        ["Samwise Gamgee"]
    );
    assert_eq!(
        search_names(&mut gandalf, " gandalf the ", "all").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(
        search_names(&mut gandalf, "LotrTest@", "all").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(
        search_names(&mut gandalf, "test.com", "all").await,
        ["Gandalf The Grey", "Samwise Gamgee"]
    );
    assert!(search_names(&mut gandalf, "%", "all").await.is_empty());
    assert!(search_names(&mut gandalf, "hobbit_0", "all")
        .await
        .is_empty());
    assert_eq!(
        search_names(&mut gandalf, "hobbit 2", "all").await,
        (20..=29).map(|n| format!("Hobbit {n}")).collect::<Vec<_>>()
    );

    // By status.
    let inactive: Vec<String> = (1..=30)
        .filter(|n| n % 3 == 0)
        .map(|n| format!("Hobbit {n:02}"))
        .collect();
    assert_eq!(search_names(&mut gandalf, "", "inactive").await, inactive);
    assert!(list(&mut gandalf, "", "inactive", 1)
        .await
        .items
        .iter()
        .all(|row| row.status == ContactStatus::Inactive));
    let active = list(&mut gandalf, "", "active", 1).await;
    assert_eq!(active.total, 22);
    assert!(active
        .items
        .iter()
        .all(|row| row.status == ContactStatus::Active));
    // Name and status together.
    assert_eq!(
        search_names(&mut gandalf, "hobbit 1", "inactive").await,
        ["Hobbit 12", "Hobbit 15", "Hobbit 18"]
    );
    assert_eq!(
        search_names(&mut gandalf, "hobbit 0", "active").await,
        [
            "Hobbit 01",
            "Hobbit 02",
            "Hobbit 04",
            "Hobbit 05",
            "Hobbit 07",
            "Hobbit 08"
        ]
    );

    // Pages of 25, by name; every contact exactly once.
    let first = list(&mut gandalf, "", "all", 1).await;
    assert_eq!(first.total, 32);
    assert_eq!(first.items.len(), 25);
    assert_eq!(first.offset, 0);
    assert!(first.has_more());
    assert_eq!(first.page_count(), 2);
    let second = list(&mut gandalf, "", "all", 2).await;
    assert_eq!(second.total, 32);
    assert_eq!(second.offset, 25);
    assert_eq!(second.page_number(), 2);
    assert!(!second.has_more());
    let mut all = names(&first);
    all.extend(names(&second));
    let mut expected = vec!["Gandalf The Grey".to_string()];
    expected.extend((1..=30).map(|n| format!("Hobbit {n:02}")));
    expected.push("Samwise Gamgee".to_string());
    assert_eq!(all, expected);
    // Page 0 is the first page; a page past the end is empty.
    assert_eq!(list(&mut gandalf, "", "all", 0).await, first);
    let beyond = list(&mut gandalf, "", "all", 5).await;
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 32);
    // Paging applies after the filters.
    let active_second = list(&mut gandalf, "", "active", 2).await;
    assert_eq!(active_second.total, 22);
    assert!(active_second.items.is_empty());
}

#[tokio::test]
async fn viewing_a_contact_of_another_organization_is_not_found() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let leslie = contact_by_email(&app, LESLIE.0).await;
    let basic = level_id(&app, "Basic").await;
    let admin = level_id(&app, "Administrator").await;

    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let seen = view(&mut as_gandalf, samwise.id).await;
    assert_eq!(
        seen,
        PortalContactView {
            id: samwise.id,
            fields: PortalContactInput {
                title: "Mr.".to_string(),
                first_name: "Samwise".to_string(),
                last_name: "Gamgee".to_string(),
                email: SAMWISE.0.to_string(),
                phone: "555-0101".to_string(),
                status: ContactStatus::Active,
                level: Some(basic),
            },
            level_name: Some("Basic".to_string()),
            permissions: PermissionSet::default(),
            access_revoked: false,
            has_sign_in: true,
            version: 1,
            is_me: false,
            rights: ALL_RIGHTS,
        }
    );
    let me = view(&mut as_gandalf, gandalf.id).await;
    assert!(me.is_me);
    assert_eq!(me.rights, OWN_RIGHTS);

    // Any contact may view, whatever their permissions.
    let mut as_samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let seen = view(&mut as_samwise, gandalf.id).await;
    assert_eq!(seen.fields.level, Some(admin));
    assert_eq!(seen.level_name.as_deref(), Some("Administrator"));
    assert_eq!(seen.permissions, PermissionSet::new(Permission::all()));
    assert_eq!(seen.rights, NO_RIGHTS);
    assert!(!seen.is_me);

    // Another organization's contact, or none at all: not found, and nothing told.
    for id in [leslie.id, 999_999] {
        let response = get(&mut as_gandalf, id).await;
        assert_eq!(response.status, 404, "{id}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::NotFound);
        assert!(!response.body.contains("Knope"), "{}", response.body);
    }
    let mut as_leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    let response = get(&mut as_leslie, samwise.id).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert!(!response.body.contains("Gamgee"), "{}", response.body);
}

#[tokio::test]
async fn listing_and_viewing_need_a_signed_in_contact() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await.id;

    let mut anonymous = app.client();
    let response = call_list(&mut anonymous, "", "all", 1).await;
    assert_eq!(response.status, 401, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Unauthenticated);
    assert_eq!(get(&mut anonymous, samwise).await.status, 401);

    // Staff manage contacts in their own panel, not through the portal's.
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = call_list(&mut staff, "", "all", 1).await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Forbidden);
    assert_eq!(get(&mut staff, samwise).await.status, 403);
    assert_eq!(grantable_levels(&mut staff).await.status, 403);
}

// --- the levels a contact may hand out -------------------------------------------------

#[tokio::test]
async fn grantable_levels_stop_at_the_callers_own_permissions() {
    let app = TestApp::new().await;

    // Edit Contact alone: only levels holding nothing beyond it.
    let (_, mut samwise) = samwise_as_contact_manager(&app).await;
    let response = grantable_levels(&mut samwise).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let levels: Vec<GrantableLevel> = response.json();
    assert_eq!(
        levels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["Basic", "Contact Manager"]
    );
    let edit_contact = PermissionSet::new([Permission::EditContact]);
    for level in &levels {
        assert!(level.permissions.within(&edit_contact), "{level:?}");
    }
    let manager = levels.iter().find(|l| l.name == "Contact Manager").unwrap();
    assert_eq!(manager.id, level_id(&app, "Contact Manager").await);
    assert_eq!(manager.permissions, edit_contact);

    // Admin Access allows everything: every level.
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(
        grantable_names(&mut gandalf).await,
        [
            "Administrator",
            "Basic",
            "Billing",
            "Contact Manager",
            "Reports",
            "Work Orders"
        ]
    );

    // Without Edit Contact there is nothing to hand out.
    let mut ron = app.signed_in(RON.0, RON.1).await;
    let response = grantable_levels(&mut ron).await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Forbidden);
    set_level(&app, SAMWISE.0, "Basic").await;
    assert_eq!(grantable_levels(&mut samwise).await.status, 403);
}

// --- adding contacts ---------------------------------------------------------------------

#[tokio::test]
async fn adding_a_contact_counts_them_in_lists_them_and_is_audited() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let basic = level_id(&app, "Basic").await;
    let (samwise, mut as_samwise) = samwise_as_contact_manager(&app).await;

    let input = PortalContactInput {
        title: " Mr. ".to_string(),
        phone: " 555-0102 ".to_string(),
        level: Some(basic),
        ..person(" Frodo ", "Baggins ", " Frodo@Shire.ME ")
    };
    let response = create(&mut as_samwise, &input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let created: PortalContactView = response.json();
    assert_eq!(
        created.fields,
        PortalContactInput {
            title: "Mr.".to_string(),
            first_name: "Frodo".to_string(),
            last_name: "Baggins".to_string(),
            email: "frodo@shire.me".to_string(),
            phone: "555-0102".to_string(),
            status: ContactStatus::Active,
            level: Some(basic),
        }
    );
    assert_eq!(created.level_name.as_deref(), Some("Basic"));
    assert!(created.permissions.is_empty());
    assert_eq!(created.version, 1);
    assert!(!created.is_me);
    assert!(!created.access_revoked);
    assert_eq!(created.rights, ALL_RIGHTS);
    assert_eq!(view(&mut as_samwise, created.id).await, created);

    // In the caller's organization, counted in, and found by name.
    let row = contact_by_id(&app, created.id).await;
    assert_eq!(row.organization_id, middle_earth);
    assert_eq!(row.access_level_id, Some(basic));
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        3
    );
    assert_eq!(
        search_names(&mut as_samwise, "baggins", "all").await,
        ["Frodo Baggins"]
    );
    assert_eq!(
        search_names(&mut as_samwise, "shire.me", "active").await,
        ["Frodo Baggins"]
    );

    let entries = audit_entries(&app, AuditAction::ContactCreate).await;
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.entity_type, "contact");
    assert_eq!(entry.entity_id, Some(created.id));
    assert_eq!(entry.actor_kind, ActorKind::Contact);
    assert_eq!(entry.actor_id, Some(samwise.id));
    assert!(
        entry.actor_label.contains(SAMWISE.0),
        "{}",
        entry.actor_label
    );
    let details = details_json(entry);
    assert_eq!(
        details["email"],
        serde_json::json!({ "old": "", "new": "frodo@shire.me" })
    );
    assert_eq!(
        details["access_level_id"],
        serde_json::json!({ "old": "", "new": basic.to_string() })
    );

    // Without a password yet, the new contact cannot sign in.
    let response = app.client().sign_in("frodo@shire.me", "anything").await;
    assert_eq!(response.json::<AppError>().to_string(), WRONG_CREDENTIALS);

    // No level at all is allowed too, and so is starting inactive.
    let response = create(
        &mut as_samwise,
        &PortalContactInput {
            status: ContactStatus::Inactive,
            ..person("Pippin", "Took", "pippin@shire.me")
        },
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let pippin: PortalContactView = response.json();
    assert_eq!(pippin.fields.level, None);
    assert_eq!(pippin.level_name, None);
    assert_eq!(pippin.fields.status, ContactStatus::Inactive);
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        4
    );

    // Leslie adds to Pawnee, whatever she might wish.
    let mut leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    let response = create(
        &mut leslie,
        &person("April", "Ludgate", "april@pawnee.test"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let april: PortalContactView = response.json();
    assert_eq!(
        contact_by_id(&app, april.id).await.organization_id,
        organization_id(&app, PAWNEE).await
    );
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        4
    );
    assert_eq!(organization_by_name(&app, PAWNEE).await.contact_count, 3);
}

#[tokio::test]
async fn adding_a_contact_is_refused_for_bad_input_taken_emails_and_levels_beyond_the_caller() {
    let app = TestApp::new().await;
    let before = contact::Entity::find().count(&app.db.db).await.unwrap();

    // Without Edit Contact: refused outright.
    let mut basic_samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let response = create(
        &mut basic_samwise,
        &person("Frodo", "Baggins", "frodo@shire.me"),
    )
    .await;
    assert_eq!(response.status, 403, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Forbidden);

    let (_, mut samwise) = samwise_as_contact_manager(&app).await;
    let frodo = |email: &str| person("Frodo", "Baggins", email);
    let cases = [
        ("email", frodo(GANDALF.0), TAKEN),
        ("email", frodo(" SamWise@Test.com "), TAKEN),
        // Emails are unique across organizations, and with staff too.
        ("email", frodo(LESLIE.0), TAKEN),
        ("email", frodo(STAFF.0), TAKEN),
        (
            "email",
            frodo("not-an-email"),
            "Enter a valid email address, like name@example.com.",
        ),
        (
            "email",
            frodo("frodo@localhost"),
            "Enter a valid email address, like name@example.com.",
        ),
        ("email", frodo("  "), "Enter an email address."),
        (
            "phone",
            PortalContactInput {
                phone: "call me".to_string(),
                ..frodo("frodo@shire.me")
            },
            "Enter a phone number with 7 to 15 digits, like (317) 555-0142.",
        ),
        (
            "first_name",
            person(" ", "Baggins", "frodo@shire.me"),
            "Enter the contact's first name.",
        ),
        (
            "last_name",
            person("Frodo", "", "frodo@shire.me"),
            "Enter the contact's last name.",
        ),
        (
            "title",
            PortalContactInput {
                title: "T".repeat(21),
                ..frodo("frodo@shire.me")
            },
            "A title is at most 20 characters.",
        ),
        (
            "level",
            PortalContactInput {
                level: Some(level_id(&app, "Administrator").await),
                ..frodo("frodo@shire.me")
            },
            BEYOND_CALLER,
        ),
        (
            "level",
            PortalContactInput {
                level: Some(level_id(&app, "Billing").await),
                ..frodo("frodo@shire.me")
            },
            BEYOND_CALLER,
        ),
        (
            "level",
            PortalContactInput {
                level: Some(999_999),
                ..frodo("frodo@shire.me")
            },
            "That permission level no longer exists. Choose another.",
        ),
    ];
    for (field, input, message) in cases {
        let response = create(&mut samwise, &input).await;
        assert_eq!(response.status, 422, "{input:?}: {}", response.body);
        let err: AppError = response.json();
        assert_eq!(
            err.message_for(field).as_deref(),
            Some(message),
            "{input:?}: {err:?}"
        );
    }

    // Nothing was added, counted or recorded.
    assert_eq!(
        contact::Entity::find().count(&app.db.db).await.unwrap(),
        before
    );
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        2
    );
    assert!(contact_audit_entries(&app).await.is_empty());

    // The same contact at a level within Samwise's reach is fine.
    let response = create(
        &mut samwise,
        &PortalContactInput {
            level: Some(level_id(&app, "Contact Manager").await),
            ..frodo("frodo@shire.me")
        },
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
}

// --- editing contacts ----------------------------------------------------------------------

#[tokio::test]
async fn saving_a_contact_bumps_the_version_and_a_stale_save_is_refused() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let basic = level_id(&app, "Basic").await;
    let manager = level_id(&app, "Contact Manager").await;
    let mut first = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut second = app.signed_in(GANDALF.0, GANDALF.1).await;
    let read_first = view(&mut first, samwise.id).await;
    let read_second = view(&mut second, samwise.id).await;
    assert_eq!((read_first.version, read_second.version), (1, 1));

    // Samwise signs in with his email, so no contact may change it: refused
    // at the field, and nothing is saved.
    assert!(read_first.has_sign_in);
    let new_email = PortalContactInput {
        last_name: " Gardner ".to_string(),
        email: " Samwise.Gardner@Test.com".to_string(),
        phone: "555-0199".to_string(),
        level: Some(manager),
        ..read_first.fields.clone()
    };
    let response = update(&mut first, samwise.id, 1, &new_email).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(
        response.json::<AppError>().message_for("email").as_deref(),
        Some(EMAIL_IS_SIGN_IN)
    );
    assert_eq!(contact_by_id(&app, samwise.id).await, samwise);
    assert!(audit_entries(&app, AuditAction::ContactUpdate)
        .await
        .is_empty());

    // The same address however it is typed is no change.
    let winner = PortalContactInput {
        email: " SamWise@Test.COM".to_string(),
        ..new_email
    };
    let saved = update_ok(&mut first, samwise.id, 1, &winner).await;
    assert_eq!(saved.version, 2);
    assert_eq!(saved.fields.last_name, "Gardner");
    assert_eq!(saved.fields.email, SAMWISE.0);
    assert_eq!(saved.fields.level, Some(manager));
    assert_eq!(saved.level_name.as_deref(), Some("Contact Manager"));
    assert_eq!(
        saved.permissions,
        PermissionSet::new([Permission::EditContact])
    );
    assert_eq!(view(&mut first, samwise.id).await, saved);
    // Found under the new name, not the old.
    assert_eq!(
        search_names(&mut first, "gardner", "all").await,
        ["Samwise Gardner"]
    );
    assert!(search_names(&mut first, "gamgee", "all").await.is_empty());

    let entries = audit_entries(&app, AuditAction::ContactUpdate).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entity_id, Some(samwise.id));
    assert_eq!(entries[0].actor_kind, ActorKind::Contact);
    assert_eq!(entries[0].actor_id, Some(gandalf.id));
    assert_eq!(
        details_json(&entries[0]),
        serde_json::json!({
            "last_name": { "old": "Gamgee", "new": "Gardner" },
            "phone": { "old": "555-0101", "new": "555-0199" },
            "access_level_id": { "old": basic.to_string(), "new": manager.to_string() },
        })
    );

    // The second reader saves from version 1: refused, nothing overwritten.
    let loser = PortalContactInput {
        phone: "555-0177".to_string(),
        ..read_second.fields.clone()
    };
    let response = update(&mut second, samwise.id, read_second.version, &loser).await;
    assert_eq!(response.status, 409, "{}", response.body);
    let err: AppError = response.json();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    let now = view(&mut second, samwise.id).await;
    assert_eq!(now, saved);
    assert_eq!(
        audit_entries(&app, AuditAction::ContactUpdate).await.len(),
        1
    );

    // Saving from the reloaded contact works.
    let retried = update_ok(
        &mut second,
        samwise.id,
        now.version,
        &PortalContactInput {
            phone: "555-0177".to_string(),
            ..now.fields.clone()
        },
    )
    .await;
    assert_eq!(retried.version, 3);
    assert_eq!(retried.fields.phone, "555-0177");
    assert_eq!(retried.fields.last_name, "Gardner");
}

#[tokio::test]
async fn saving_a_contact_checks_the_fields_and_the_email() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let fields = view(&mut gandalf, samwise.id).await.fields;

    for (field, input) in [
        (
            "email",
            PortalContactInput {
                email: GANDALF.0.to_uppercase(),
                ..fields.clone()
            },
        ),
        (
            "email",
            PortalContactInput {
                email: LESLIE.0.to_string(),
                ..fields.clone()
            },
        ),
        (
            "email",
            PortalContactInput {
                email: "samwise@".to_string(),
                ..fields.clone()
            },
        ),
        (
            "phone",
            PortalContactInput {
                phone: "12".to_string(),
                ..fields.clone()
            },
        ),
        (
            "first_name",
            PortalContactInput {
                first_name: String::new(),
                ..fields.clone()
            },
        ),
        (
            "last_name",
            PortalContactInput {
                last_name: "  ".to_string(),
                ..fields.clone()
            },
        ),
        (
            "level",
            PortalContactInput {
                level: Some(999_999),
                ..fields.clone()
            },
        ),
    ] {
        let response = update(&mut gandalf, samwise.id, 1, &input).await;
        assert_eq!(response.status, 422, "{input:?}: {}", response.body);
        let err: AppError = response.json();
        assert!(err.message_for(field).is_some(), "{input:?}: {err:?}");
    }
    assert_eq!(contact_by_id(&app, samwise.id).await, samwise);
    assert!(audit_entries(&app, AuditAction::ContactUpdate)
        .await
        .is_empty());

    // Keeping one's own address is no clash.
    let saved = update_ok(
        &mut gandalf,
        samwise.id,
        1,
        &PortalContactInput {
            email: SAMWISE.0.to_uppercase(),
            ..fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.email, SAMWISE.0);
}

#[tokio::test]
async fn nobody_changes_their_own_level_or_deactivates_themselves() {
    let app = TestApp::new().await;
    let admin = level_id(&app, "Administrator").await;
    let basic = level_id(&app, "Basic").await;
    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    // Read after signing in, which records the sign-in time.
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mine = view(&mut as_gandalf, gandalf.id).await;
    assert_eq!(mine.fields.level, Some(admin));

    for level in [Some(basic), None] {
        let response = update(
            &mut as_gandalf,
            gandalf.id,
            mine.version,
            &PortalContactInput {
                level,
                ..mine.fields.clone()
            },
        )
        .await;
        assert_eq!(response.status, 422, "{level:?}: {}", response.body);
        assert_eq!(
            response.json::<AppError>().message_for("level").as_deref(),
            Some("You cannot change your own permission level.")
        );
    }
    let response = update(
        &mut as_gandalf,
        gandalf.id,
        mine.version,
        &PortalContactInput {
            status: ContactStatus::Inactive,
            ..mine.fields.clone()
        },
    )
    .await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(
        response.json::<AppError>().message_for("status").as_deref(),
        Some("You cannot deactivate your own account.")
    );
    assert_eq!(contact_by_id(&app, gandalf.id).await, gandalf);
    assert_eq!(profile_status(&mut as_gandalf).await, 200);

    // The rest of one's own contact can be changed.
    let saved = update_ok(
        &mut as_gandalf,
        gandalf.id,
        mine.version,
        &PortalContactInput {
            last_name: "The White".to_string(),
            ..mine.fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.last_name, "The White");
    assert_eq!(saved.fields.level, Some(admin));
    assert!(saved.is_me);

    // A contact manager too may edit their own details, but not their level.
    let (samwise, mut as_samwise) = samwise_as_contact_manager(&app).await;
    let mine = view(&mut as_samwise, samwise.id).await;
    assert_eq!(mine.rights, OWN_RIGHTS);
    let saved = update_ok(
        &mut as_samwise,
        samwise.id,
        mine.version,
        &PortalContactInput {
            phone: "555-0111".to_string(),
            ..mine.fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.phone, "555-0111");
    let response = update(
        &mut as_samwise,
        samwise.id,
        saved.version,
        &PortalContactInput {
            level: Some(basic),
            ..saved.fields.clone()
        },
    )
    .await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert!(response.json::<AppError>().message_for("level").is_some());
}

#[tokio::test]
async fn a_contact_holding_more_than_the_caller_cannot_be_edited_or_raised() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let frodo = insert_contact(
        &app,
        middle_earth,
        ("Frodo", "Baggins"),
        "frodo@test.com",
        Utc::now(),
    )
    .await;
    let (_, mut samwise) = samwise_as_contact_manager(&app).await;

    // Gandalf holds Admin Access, which Samwise lacks.
    let fields = view(&mut samwise, gandalf.id).await.fields;
    let response = update(
        &mut samwise,
        gandalf.id,
        gandalf.version,
        &PortalContactInput {
            email: "samwise-now-owns-this@test.com".to_string(),
            ..fields.clone()
        },
    )
    .await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(
        matches!(&err, AppError::Validation { field: None, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("holds permissions you do not have"),
        "{err}"
    );
    assert_eq!(contact_by_id(&app, gandalf.id).await, gandalf);

    // Frodo holds nothing: Samwise may edit him, but not raise him beyond himself.
    let fields = view(&mut samwise, frodo.id).await.fields;
    for level in ["Administrator", "Billing"] {
        let response = update(
            &mut samwise,
            frodo.id,
            frodo.version,
            &PortalContactInput {
                level: Some(level_id(&app, level).await),
                ..fields.clone()
            },
        )
        .await;
        assert_eq!(response.status, 422, "{level}: {}", response.body);
        assert_eq!(
            response.json::<AppError>().message_for("level").as_deref(),
            Some(BEYOND_CALLER)
        );
    }
    assert_eq!(contact_by_id(&app, frodo.id).await, frodo);
    let manager = level_id(&app, "Contact Manager").await;
    let saved = update_ok(
        &mut samwise,
        frodo.id,
        frodo.version,
        &PortalContactInput {
            level: Some(manager),
            ..fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.level, Some(manager));
    assert_eq!(
        audit_entries(&app, AuditAction::ContactUpdate).await.len(),
        1
    );
}

#[tokio::test]
async fn another_organizations_contacts_cannot_be_edited_or_deleted() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let mut leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    let input = PortalContactInput {
        title: "Mr.".to_string(),
        phone: "555-0101".to_string(),
        level: samwise.access_level_id,
        ..person("Samwise", "Pawnee", SAMWISE.0)
    };

    let response = update(&mut leslie, samwise.id, samwise.version, &input).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::NotFound);
    let response = delete(&mut leslie, samwise.id).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::NotFound);
    // Nor is a contact that does not exist.
    assert_eq!(update(&mut leslie, 999_999, 1, &input).await.status, 404);
    assert_eq!(delete(&mut leslie, 999_999).await.status, 404);

    assert_eq!(contact_by_id(&app, samwise.id).await, samwise);
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        2
    );
    assert_eq!(organization_by_name(&app, PAWNEE).await.contact_count, 2);
    assert!(contact_audit_entries(&app).await.is_empty());
}

#[tokio::test]
async fn editing_needs_edit_contact() {
    let app = TestApp::new().await;
    let mut as_samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    // Read after signing in, which records the sign-in time.
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let fields = view(&mut as_samwise, samwise.id).await.fields;

    // Not even one's own phone number without it.
    for id in [samwise.id, gandalf.id] {
        let response = update(
            &mut as_samwise,
            id,
            1,
            &PortalContactInput {
                phone: "555-0111".to_string(),
                ..fields.clone()
            },
        )
        .await;
        assert_eq!(response.status, 403, "{}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Forbidden);
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_eq!(update(&mut staff, samwise.id, 1, &fields).await.status, 403);
    assert_eq!(
        update(&mut app.client(), samwise.id, 1, &fields)
            .await
            .status,
        401
    );
    assert_eq!(contact_by_id(&app, samwise.id).await, samwise);
}

#[tokio::test]
async fn deactivating_a_contact_ends_their_sessions() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut phone = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut desk = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(sessions_of_contact(&app, samwise.id).await, 2);

    let fields = view(&mut as_gandalf, samwise.id).await.fields;
    let saved = update_ok(
        &mut as_gandalf,
        samwise.id,
        1,
        &PortalContactInput {
            status: ContactStatus::Inactive,
            ..fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.status, ContactStatus::Inactive);
    assert_eq!(
        contact_by_id(&app, samwise.id).await.status,
        ContactStatus::Inactive
    );

    // His sessions are gone from the store, not merely refused.
    assert_eq!(sessions_of_contact(&app, samwise.id).await, 0);
    assert_eq!(profile_status(&mut phone).await, 401);
    assert_eq!(profile_status(&mut desk).await, 401);
    assert_eq!(sessions_of_contact(&app, gandalf.id).await, 1);
    assert_eq!(profile_status(&mut as_gandalf).await, 200);
    assert_eq!(
        search_names(&mut as_gandalf, "", "inactive").await,
        ["Samwise Gamgee"]
    );
    assert_eq!(
        details_json(&audit_entries(&app, AuditAction::ContactUpdate).await[0]),
        serde_json::json!({ "status": { "old": "active", "new": "inactive" } })
    );

    // Saving other details ends no sessions.
    let mut as_leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    let ron = contact_by_email(&app, RON.0).await;
    let mut as_ron = app.signed_in(RON.0, RON.1).await;
    let fields = view(&mut as_leslie, ron.id).await.fields;
    update_ok(
        &mut as_leslie,
        ron.id,
        ron.version,
        &PortalContactInput {
            phone: "(317) 555-0199".to_string(),
            ..fields
        },
    )
    .await;
    assert_eq!(sessions_of_contact(&app, ron.id).await, 1);
    assert_eq!(profile_status(&mut as_ron).await, 200);
}

// --- deleting contacts ---------------------------------------------------------------------

#[tokio::test]
async fn deleting_a_contact_ends_their_sessions_and_keeps_the_removed_values() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let basic = level_id(&app, "Basic").await;
    // Samwise also receives the organization's notices: that is recorded too.
    let samwise = {
        let mut row: contact::ActiveModel = contact_by_email(&app, SAMWISE.0).await.into();
        row.is_default_notification = Set(true);
        row.update(&app.db.db).await.unwrap()
    };
    let mut phone = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut desk = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut as_leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    assert_eq!(profile_status(&mut phone).await, 200);

    let response = delete(&mut as_gandalf, samwise.id).await;
    assert_eq!(response.status, 200, "{}", response.body);

    // Gone, uncounted, and signed out everywhere at once.
    assert!(contact::Entity::find_by_id(samwise.id)
        .one(&app.db.db)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        1
    );
    assert_eq!(organization_by_name(&app, PAWNEE).await.contact_count, 2);
    assert_eq!(sessions_of_contact(&app, samwise.id).await, 0);
    assert_eq!(profile_status(&mut phone).await, 401);
    let response = call_list(&mut desk, "", "all", 1).await;
    assert_eq!(response.status, 401, "{}", response.body);
    assert_eq!(
        app.client()
            .sign_in(SAMWISE.0, SAMWISE.1)
            .await
            .json::<AppError>()
            .to_string(),
        WRONG_CREDENTIALS
    );
    // Nobody else was signed out.
    assert_eq!(profile_status(&mut as_gandalf).await, 200);
    assert_eq!(profile_status(&mut as_leslie).await, 200);
    assert_eq!(
        search_names(&mut as_gandalf, "", "all").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(get(&mut as_gandalf, samwise.id).await.status, 404);

    let entries = audit_entries(&app, AuditAction::ContactDelete).await;
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.entity_type, "contact");
    assert_eq!(entry.entity_id, Some(samwise.id));
    assert_eq!(entry.actor_kind, ActorKind::Contact);
    assert_eq!(entry.actor_id, Some(gandalf.id));
    assert!(
        entry.actor_label.contains(GANDALF.0),
        "{}",
        entry.actor_label
    );
    assert_eq!(
        details_json(entry),
        serde_json::json!({
            "title": { "old": "Mr.", "new": "" },
            "first_name": { "old": "Samwise", "new": "" },
            "last_name": { "old": "Gamgee", "new": "" },
            "email": { "old": SAMWISE.0, "new": "" },
            "phone": { "old": "555-0101", "new": "" },
            "access_level_id": { "old": basic.to_string(), "new": "" },
            "is_default_notification": { "old": true, "new": false },
        })
    );

    // Deleting again finds nobody.
    let response = delete(&mut as_gandalf, samwise.id).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        1
    );
    assert_eq!(
        audit_entries(&app, AuditAction::ContactDelete).await.len(),
        1
    );

    // The address is free again.
    let response = create(&mut as_gandalf, &person("Samwise", "Gamgee", SAMWISE.0)).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn a_contact_manager_deletes_only_contacts_within_reach() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let frodo = insert_contact(
        &app,
        middle_earth,
        ("Frodo", "Baggins"),
        "frodo@test.com",
        Utc::now(),
    )
    .await;
    let (samwise, mut as_samwise) = samwise_as_contact_manager(&app).await;

    let response = delete(&mut as_samwise, gandalf.id).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(
        matches!(&err, AppError::Validation { field: None, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("holds permissions you do not have"),
        "{err}"
    );
    assert_eq!(contact_by_id(&app, gandalf.id).await, gandalf);

    let response = delete(&mut as_samwise, frodo.id).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        2
    );
    let entries = audit_entries(&app, AuditAction::ContactDelete).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_id, Some(samwise.id));
    assert_eq!(
        details_json(&entries[0])["email"],
        serde_json::json!({ "old": "frodo@test.com", "new": "" })
    );
}

#[tokio::test]
async fn nobody_deletes_themselves_and_deleting_needs_edit_contact() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let leslie = contact_by_email(&app, LESLIE.0).await;

    let mut as_gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let response = delete(&mut as_gandalf, gandalf.id).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert_eq!(
        err,
        AppError::Validation {
            field: None,
            message: "You cannot delete your own contact.".to_string(),
        }
    );
    assert_eq!(profile_status(&mut as_gandalf).await, 200);

    // Samwise (Basic) and Ron (Billing) lack Edit Contact.
    let mut as_samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    for id in [gandalf.id, samwise.id] {
        let response = delete(&mut as_samwise, id).await;
        assert_eq!(response.status, 403, "{}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Forbidden);
    }
    let mut as_ron = app.signed_in(RON.0, RON.1).await;
    assert_eq!(delete(&mut as_ron, leslie.id).await.status, 403);
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_eq!(delete(&mut staff, samwise.id).await.status, 403);
    assert_eq!(delete(&mut app.client(), samwise.id).await.status, 401);

    assert_eq!(contact::Entity::find().count(&app.db.db).await.unwrap(), 6);
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        2
    );
    assert_eq!(organization_by_name(&app, PAWNEE).await.contact_count, 2);
    assert!(contact_audit_entries(&app).await.is_empty());
}

#[tokio::test]
async fn a_page_far_past_the_end_is_empty_not_an_error() {
    let app = TestApp::new().await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    for page in [1 << 58, 1 << 59, u64::MAX] {
        let found = list(&mut gandalf, "", "all", page).await;
        assert!(found.items.is_empty(), "page {page}");
        assert_eq!(found.total, 2, "page {page}");
    }
}
