//! The staff's contacts panel through the real server functions: search, sort
//! and paging, saving a card with optimistic concurrency, revoking access and
//! deactivating (which end sessions at once), adding contacts, and the default
//! notification emails.

use chrono::{DateTime, Duration, TimeZone, Utc};
use portal::access::{AccessLevelOption, Permission};
use portal::audit::{ActorKind, AuditAction};
use portal::auth::service::{ACCESS_NOT_ACTIVE, WRONG_CREDENTIALS};
use portal::auth::{LinkStatus, Role, TokenPurpose};
use portal::contacts::{ContactBrief, ContactCard, ContactEdit, ContactStatus, PortalAccess};
use portal::db::entities::{audit_log, contact, email_message, session};
use portal::email::TemplateKind;
use portal::error::AppError;
use portal::paging::Page;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::support::client::Response;
use crate::support::fixtures::{
    audit_entries, contact_by_email, contact_by_id, insert_contact, level_id, organization_by_name,
    organization_id, LESLIE,
};
use crate::support::mail::latest_token;
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const PAWNEE: &str = "Pawnee Parks Dept.";
const DEMO_COMPANY: &str = "Demo Company";

async fn panel(
    client: &mut Client,
    organization_id: i32,
    search: &str,
    sort: &str,
    offset: u64,
) -> Page<ContactCard> {
    let response = client
        .call(
            "/api/admin/contacts/list",
            &[
                ("organization_id", &organization_id.to_string()),
                ("search", search),
                ("sort", sort),
                ("offset", &offset.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn card_names(page: &Page<ContactCard>) -> Vec<String> {
    page.items.iter().map(ContactCard::name).collect()
}

async fn search_names(client: &mut Client, organization_id: i32, search: &str) -> Vec<String> {
    let page = panel(client, organization_id, search, "name", 0).await;
    assert_eq!(page.total, page.items.len() as u64, "search {search:?}");
    card_names(&page)
}

async fn get_card(client: &mut Client, id: i32) -> ContactCard {
    let response = client
        .call("/api/admin/contacts/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn save(client: &mut Client, id: i32, version: i32, edit: &ContactEdit) -> Response {
    client
        .call_json(
            "/api/admin/contacts/update",
            &serde_json::json!({ "id": id, "version": version, "edit": edit }),
        )
        .await
}

async fn save_ok(client: &mut Client, id: i32, version: i32, edit: &ContactEdit) -> ContactCard {
    let response = save(client, id, version, edit).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn add(client: &mut Client, organization_id: i32, edit: &ContactEdit) -> Response {
    client
        .call_json(
            "/api/admin/contacts/create",
            &serde_json::json!({ "organization_id": organization_id, "edit": edit, "invite": false }),
        )
        .await
}

fn person(first_name: &str, last_name: &str, email: &str) -> ContactEdit {
    ContactEdit {
        first_name: first_name.to_string(),
        last_name: last_name.to_string(),
        email: email.to_string(),
        ..Default::default()
    }
}

async fn sessions_of_contact(app: &TestApp, id: i32) -> u64 {
    session::Entity::find()
        .filter(session::Column::PrincipalKind.eq(Role::Contact))
        .filter(session::Column::PrincipalId.eq(id))
        .count(&app.db.db)
        .await
        .unwrap()
}

async fn default_notification_list(client: &mut Client, organization_id: i32) -> Vec<ContactBrief> {
    let response = client
        .call(
            "/api/admin/contacts/default_notification/list",
            &[("organization_id", &organization_id.to_string())],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn set_default_notification(client: &mut Client, id: i32, on: bool) -> Response {
    client
        .call(
            "/api/admin/contacts/default_notification",
            &[
                ("id", &id.to_string()),
                ("on", if on { "true" } else { "false" }),
            ],
        )
        .await
}

async fn set_contact_times(
    app: &TestApp,
    id: i32,
    created_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
) {
    let mut row: contact::ActiveModel = contact_by_id(app, id).await.into();
    row.created_at = Set(created_at);
    row.last_login_at = Set(last_login_at);
    row.update(&app.db.db).await.unwrap();
}

fn details_json(entry: &audit_log::Model) -> serde_json::Value {
    serde_json::from_str(&entry.details).expect("audit details are JSON")
}

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 1, 8, 0, 0).unwrap()
}

// --- the contacts panel ----------------------------------------------------------

#[tokio::test]
async fn the_panel_filters_by_name_or_email_within_the_organization() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let all = panel(&mut staff, middle_earth, "", "name", 0).await;
    assert_eq!(card_names(&all), ["Gandalf The Grey", "Samwise Gamgee"]);
    assert!(all
        .items
        .iter()
        .all(|c| c.organization_id == middle_earth && c.organization_name == MIDDLE_EARTH));

    assert_eq!(
        search_names(&mut staff, middle_earth, "gandalf the").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(
        search_names(&mut staff, middle_earth, "GAMGEE").await,
        ["Samwise Gamgee"]
    );
    assert_eq!(
        search_names(&mut staff, middle_earth, "e gr").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(
        search_names(&mut staff, middle_earth, " LotrTest@ ").await,
        ["Gandalf The Grey"]
    );
    assert_eq!(
        search_names(&mut staff, middle_earth, "TEST.COM").await,
        ["Gandalf The Grey", "Samwise Gamgee"]
    );
    // Wildcards are literal here too.
    assert!(search_names(&mut staff, middle_earth, "%").await.is_empty());
    assert!(search_names(&mut staff, middle_earth, "gandalf_the")
        .await
        .is_empty());

    // Only the organization's own contacts, whatever the search.
    assert!(search_names(&mut staff, middle_earth, "pawnee")
        .await
        .is_empty());
    assert!(search_names(&mut staff, middle_earth, "leslie")
        .await
        .is_empty());
    assert!(search_names(&mut staff, pawnee, "test.com")
        .await
        .is_empty());
    assert_eq!(
        search_names(&mut staff, pawnee, "").await,
        ["Leslie Knope", "Ron Swanson"]
    );
    let empty = panel(&mut staff, pawnee, "gandalf", "name", 0).await;
    assert_eq!(empty.total, 0);
    assert!(!empty.has_more());
}

#[tokio::test]
async fn the_panel_finds_names_that_start_with_an_accented_capital() {
    let app = TestApp::new().await;
    let demo = organization_id(&app, DEMO_COMPANY).await;
    insert_contact(
        &app,
        demo,
        ("Émile", "Zola"),
        "ezola@demo.test",
        base_time(),
    )
    .await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_eq!(search_names(&mut staff, demo, "zola").await, ["Émile Zola"]);
    for search in ["Émile", "émile", "Émile Zola"] {
        assert_eq!(
            search_names(&mut staff, demo, search).await,
            ["Émile Zola"],
            "searching {search:?}"
        );
    }
}

#[tokio::test]
async fn the_panel_sorts_by_name_last_login_and_newest() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let base = base_time();
    let gandalf = contact_by_email(&app, GANDALF.0).await.id;
    let samwise = contact_by_email(&app, SAMWISE.0).await.id;
    let frodo = insert_contact(
        &app,
        middle_earth,
        ("Frodo", "Baggins"),
        "frodo@test.com",
        base,
    )
    .await
    .id;
    let bilbo = insert_contact(
        &app,
        middle_earth,
        ("Bilbo", "Baggins"),
        "bilbo@test.com",
        base,
    )
    .await
    .id;
    // Distinct, fixed times: created Gandalf < Samwise < Bilbo < Frodo;
    // last login Samwise (latest), Frodo, and never for Gandalf and Bilbo.
    set_contact_times(&app, gandalf, base, None).await;
    set_contact_times(
        &app,
        samwise,
        base + Duration::hours(1),
        Some(base + Duration::days(9)),
    )
    .await;
    set_contact_times(&app, bilbo, base + Duration::hours(2), None).await;
    set_contact_times(
        &app,
        frodo,
        base + Duration::hours(3),
        Some(base + Duration::days(5)),
    )
    .await;

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for (sort, expected) in [
        (
            "name",
            [
                "Bilbo Baggins",
                "Frodo Baggins",
                "Gandalf The Grey",
                "Samwise Gamgee",
            ],
        ),
        (
            "name_desc",
            [
                "Samwise Gamgee",
                "Gandalf The Grey",
                "Frodo Baggins",
                "Bilbo Baggins",
            ],
        ),
        (
            "last_login",
            [
                "Samwise Gamgee",
                "Frodo Baggins",
                "Bilbo Baggins",
                "Gandalf The Grey",
            ],
        ),
        (
            "newest",
            [
                "Frodo Baggins",
                "Bilbo Baggins",
                "Samwise Gamgee",
                "Gandalf The Grey",
            ],
        ),
        (
            "no-such-sort",
            [
                "Bilbo Baggins",
                "Frodo Baggins",
                "Gandalf The Grey",
                "Samwise Gamgee",
            ],
        ),
    ] {
        let page = panel(&mut staff, middle_earth, "", sort, 0).await;
        assert_eq!(card_names(&page), expected, "sort {sort}");
    }

    let by_login = panel(&mut staff, middle_earth, "", "last_login", 0).await;
    assert_eq!(
        by_login.items[0].last_login_at,
        Some(base + Duration::days(9))
    );
    assert_eq!(by_login.items[3].last_login_at, None);
    let newest = panel(&mut staff, middle_earth, "baggins", "newest", 0).await;
    assert_eq!(card_names(&newest), ["Frodo Baggins", "Bilbo Baggins"]);
    assert_eq!(newest.items[0].created_at, base + Duration::hours(3));
}

#[tokio::test]
async fn the_panel_pages_with_an_offset() {
    let app = TestApp::new().await;
    let demo = organization_id(&app, DEMO_COMPANY).await;
    let base = base_time();
    for n in 1..=30 {
        insert_contact(
            &app,
            demo,
            ("Person", &format!("{n:02}")),
            &format!("person{n:02}@demo.test"),
            base + Duration::minutes(n),
        )
        .await;
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let first = panel(&mut staff, demo, "", "name", 0).await;
    assert_eq!(first.items.len(), 25);
    assert_eq!(first.total, 32);
    assert_eq!((first.offset, first.limit), (0, 25));
    assert!(first.has_more());

    let rest = panel(&mut staff, demo, "", "name", 25).await;
    assert_eq!(rest.items.len(), 7);
    assert_eq!(rest.total, 32);
    assert_eq!(rest.offset, 25);
    assert!(!rest.has_more());

    // "Load more" from where the first page ended gives everyone exactly once.
    let mut all = card_names(&first);
    all.extend(card_names(&rest));
    let mut expected = vec!["Dana Reports".to_string(), "Demo Owner".to_string()];
    expected.extend((1..=30).map(|n| format!("Person {n:02}")));
    assert_eq!(all, expected);

    // An offset need not be a page boundary.
    let middle = panel(&mut staff, demo, "", "name", 10).await;
    assert_eq!(middle.items.len(), 22);
    assert_eq!(middle.items[0].name(), "Person 09");

    let beyond = panel(&mut staff, demo, "", "name", 40).await;
    assert!(beyond.items.is_empty());
    assert!(!beyond.has_more());

    // Paging applies after the search.
    let searched = panel(&mut staff, demo, "person", "newest", 25).await;
    assert_eq!(searched.total, 30);
    assert_eq!(
        card_names(&searched),
        [
            "Person 05",
            "Person 04",
            "Person 03",
            "Person 02",
            "Person 01"
        ]
    );
    let teens = panel(&mut staff, demo, "PERSON 1", "name", 0).await;
    assert_eq!(teens.total, 10);

    // The organization's contact count was kept right.
    assert_eq!(
        organization_by_name(&app, DEMO_COMPANY).await.contact_count,
        32
    );
}

#[tokio::test]
async fn the_panel_of_an_unknown_organization_is_not_found() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = staff
        .call(
            "/api/admin/contacts/list",
            &[
                ("organization_id", "999999"),
                ("search", ""),
                ("sort", "name"),
                ("offset", "0"),
            ],
        )
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::NotFound);
    let response = staff
        .call("/api/admin/contacts/get", &[("id", "999999")])
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
}

// --- saving a contact card ---------------------------------------------------------

#[tokio::test]
async fn saving_a_card_bumps_the_version_returns_the_new_card_and_is_audited() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let admin = level_id(&app, "Administrator").await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let card = get_card(&mut staff, gandalf.id).await;
    assert_eq!(card.version, 1);
    assert_eq!(card.organization_name, MIDDLE_EARTH);
    assert_eq!(card.fields.access, PortalAccess::Level(admin));
    assert_eq!(card.fields.status, ContactStatus::Active);
    assert!(card.is_default_notification);

    // The wire format the browser sends.
    let response = staff
        .call_json(
            "/api/admin/contacts/update",
            &serde_json::json!({
                "id": gandalf.id,
                "version": 1,
                "edit": {
                    "title": " Dr. ",
                    "first_name": "Gandalf",
                    "last_name": "The White ",
                    "email": " Gandalf.White@Test.COM ",
                    "phone": "555-0100 x7",
                    "status": "Active",
                    "access": { "Level": admin },
                },
            }),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let saved: ContactCard = response.json();
    assert_eq!(saved.id, gandalf.id);
    assert_eq!(saved.version, 2);
    assert_eq!(
        saved.fields,
        ContactEdit {
            title: "Dr.".to_string(),
            first_name: "Gandalf".to_string(),
            last_name: "The White".to_string(),
            email: "gandalf.white@test.com".to_string(),
            phone: "555-0100 x7".to_string(),
            status: ContactStatus::Active,
            access: PortalAccess::Level(admin),
        }
    );
    assert_eq!(saved.organization_name, MIDDLE_EARTH);
    assert!(saved.is_default_notification);
    assert_eq!(get_card(&mut staff, gandalf.id).await, saved);
    let row = contact_by_id(&app, gandalf.id).await;
    assert_eq!(row.version, 2);
    assert_eq!(row.email, "gandalf.white@test.com");

    let entries = audit_entries(&app, AuditAction::ContactUpdate).await;
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.entity_type, "contact");
    assert_eq!(entry.entity_id, Some(gandalf.id));
    assert_eq!(entry.actor_kind, ActorKind::Staff);
    assert!(entry.actor_label.contains(STAFF.0), "{}", entry.actor_label);
    assert_eq!(
        details_json(entry),
        serde_json::json!({
            "title": { "old": "Mr.", "new": "Dr." },
            "last_name": { "old": "The Grey", "new": "The White" },
            "email": { "old": GANDALF.0, "new": "gandalf.white@test.com" },
            "phone": { "old": "555-0100", "new": "555-0100 x7" },
        })
    );

    // He now signs in with the new address, and the next save needs version 2.
    app.signed_in("gandalf.white@test.com", GANDALF.1).await;
    let again = save_ok(
        &mut staff,
        gandalf.id,
        2,
        &ContactEdit {
            title: String::new(),
            ..saved.fields.clone()
        },
    )
    .await;
    assert_eq!(again.version, 3);
    assert_eq!(again.fields.title, "");
}

#[tokio::test]
async fn a_save_from_a_stale_card_is_refused_and_the_first_save_stays() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await.id;
    let mut first = app.signed_in(STAFF.0, STAFF.1).await;
    let mut second = app.signed_in(STAFF.0, STAFF.1).await;
    let read_first = get_card(&mut first, samwise).await;
    let read_second = get_card(&mut second, samwise).await;
    assert_eq!((read_first.version, read_second.version), (1, 1));

    let winner = ContactEdit {
        phone: "555-0199".to_string(),
        ..read_first.fields.clone()
    };
    let saved = save_ok(&mut first, samwise, read_first.version, &winner).await;
    assert_eq!(saved.version, 2);

    let loser = ContactEdit {
        phone: "555-0177".to_string(),
        last_name: "Gardner".to_string(),
        ..read_second.fields.clone()
    };
    let response = save(&mut second, samwise, read_second.version, &loser).await;
    assert_eq!(response.status, 409, "{}", response.body);
    let err: AppError = response.json();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("Nothing was overwritten"), "{err}");

    // The first save's values remain, and reloading the card gives them.
    let now = get_card(&mut second, samwise).await;
    assert_eq!(now, saved);
    assert_eq!(now.fields.phone, "555-0199");
    assert_eq!(now.fields.last_name, "Gamgee");
    assert_eq!(
        audit_entries(&app, AuditAction::ContactUpdate).await.len(),
        1
    );

    // Saving from the reloaded card works.
    let retried = save_ok(&mut second, samwise, now.version, &loser).await;
    assert_eq!(retried.version, 3);
    assert_eq!(retried.fields.last_name, "Gardner");
}

#[tokio::test]
async fn bad_email_or_phone_is_reported_at_the_field_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let fields = get_card(&mut staff, gandalf.id).await.fields;

    let cases = [
        (
            "email",
            ContactEdit {
                email: "not-an-email".to_string(),
                ..fields.clone()
            },
            "Enter a valid email address, like name@example.com.",
        ),
        (
            "email",
            ContactEdit {
                email: "gandalf@localhost".to_string(),
                ..fields.clone()
            },
            "Enter a valid email address, like name@example.com.",
        ),
        (
            "email",
            ContactEdit {
                email: "  ".to_string(),
                ..fields.clone()
            },
            "Enter an email address.",
        ),
        (
            "phone",
            ContactEdit {
                phone: "call me".to_string(),
                ..fields.clone()
            },
            "Enter a phone number with 7 to 15 digits, like (317) 555-0142.",
        ),
        (
            "phone",
            ContactEdit {
                phone: "12".to_string(),
                ..fields.clone()
            },
            "Enter a phone number with 7 to 15 digits, like (317) 555-0142.",
        ),
        (
            "first_name",
            ContactEdit {
                first_name: " ".to_string(),
                ..fields.clone()
            },
            "Enter the contact's first name.",
        ),
    ];
    for (field, edit, message) in cases {
        let response = save(&mut staff, gandalf.id, 1, &edit).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        let err: AppError = response.json();
        assert_eq!(err.message_for(field).as_deref(), Some(message), "{err:?}");
    }
    let row = contact_by_id(&app, gandalf.id).await;
    assert_eq!(row, gandalf);
    assert!(audit_entries(&app, AuditAction::ContactUpdate)
        .await
        .is_empty());
}

#[tokio::test]
async fn an_email_someone_else_signs_in_with_is_refused() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let fields = get_card(&mut staff, gandalf.id).await.fields;

    for taken in [
        SAMWISE.0,
        " SamWise@Test.com ",
        LESLIE.0,
        STAFF.0,
        "ADMIN@example.com",
    ] {
        let edit = ContactEdit {
            email: taken.to_string(),
            ..fields.clone()
        };
        let response = save(&mut staff, gandalf.id, 1, &edit).await;
        assert_eq!(response.status, 422, "{taken}: {}", response.body);
        assert_eq!(
            response.json::<AppError>().message_for("email").as_deref(),
            Some("Another person already uses this email address."),
            "{taken}"
        );
    }
    assert_eq!(contact_by_id(&app, gandalf.id).await, gandalf);

    // Keeping one's own address is no clash.
    let edit = ContactEdit {
        email: GANDALF.0.to_uppercase(),
        phone: "555-0111".to_string(),
        ..fields.clone()
    };
    let saved = save_ok(&mut staff, gandalf.id, 1, &edit).await;
    assert_eq!(saved.fields.email, GANDALF.0);
}

#[tokio::test]
async fn changing_the_email_of_a_contact_with_a_sign_in_tells_the_old_address_and_ends_everything()
{
    const NEW_EMAIL: &str = "mithrandir@test.com";
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut browser = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    // A reset link is out, delivered to the address in use until now.
    let response = staff
        .call(
            "/api/email/send-to-contact",
            &[
                ("contact_id", &gandalf.id.to_string()),
                ("which", "PasswordReset"),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let token = latest_token(&app, GANDALF.0, TokenPurpose::Reset).await;

    let card = get_card(&mut staff, gandalf.id).await;
    let saved = save_ok(
        &mut staff,
        gandalf.id,
        card.version,
        &ContactEdit {
            email: NEW_EMAIL.to_string(),
            ..card.fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.email, NEW_EMAIL);

    // His sessions end, and the link sent to the old address stops working.
    assert_eq!(sessions_of_contact(&app, gandalf.id).await, 0);
    assert!(app.whoami(&mut browser).await.is_none());
    let status = app
        .client()
        .call(
            "/api/auth/link_status",
            &[("purpose", "Reset"), ("token", &token)],
        )
        .await;
    assert_eq!(status.json::<LinkStatus>(), LinkStatus::Replaced);

    // The old address is told, so a change he did not make does not go unnoticed.
    let notices = email_message::Entity::find()
        .filter(email_message::Column::TemplateKey.eq(TemplateKind::EmailChanged))
        .all(&app.db.db)
        .await
        .unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].to_address, GANDALF.0);
    assert_eq!(notices[0].contact_id, Some(gandalf.id));
    assert!(
        notices[0].text_body.contains(NEW_EMAIL),
        "{}",
        notices[0].text_body
    );
    let delivered = app.deliver_mail().await;
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].to.contains(GANDALF.0), "{:?}", delivered[0]);

    // He signs in with the new address, not the old.
    assert_eq!(app.client().sign_in(GANDALF.0, GANDALF.1).await.status, 422);
    let response = app.client().sign_in(NEW_EMAIL, GANDALF.1).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn changing_the_email_of_a_contact_without_a_sign_in_tells_no_one() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let frodo = insert_contact(
        &app,
        middle_earth,
        ("Frodo", "Baggins"),
        "frodo@test.com",
        Utc::now(),
    )
    .await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let card = get_card(&mut staff, frodo.id).await;
    let saved = save_ok(
        &mut staff,
        frodo.id,
        card.version,
        &ContactEdit {
            email: "frodo.baggins@shire.test".to_string(),
            ..card.fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.email, "frodo.baggins@shire.test");
    let emails = email_message::Entity::find()
        .count(&app.db.db)
        .await
        .unwrap();
    assert_eq!(emails, 0, "nobody signs in with the old address");
}

#[tokio::test]
async fn unknown_contacts_and_access_levels_are_refused() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let fields = get_card(&mut staff, gandalf.id).await.fields;

    let response = save(&mut staff, 999_999, 1, &fields).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::NotFound);

    let edit = ContactEdit {
        access: PortalAccess::Level(999_999),
        ..fields.clone()
    };
    let response = save(&mut staff, gandalf.id, 1, &edit).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(
        response.json::<AppError>().message_for("access").as_deref(),
        Some("That access level no longer exists. Choose another.")
    );
    assert_eq!(contact_by_id(&app, gandalf.id).await, gandalf);
}

// --- portal access ----------------------------------------------------------------

#[tokio::test]
async fn revoking_access_ends_sessions_at_once_and_a_level_restores_sign_in() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let admin = level_id(&app, "Administrator").await;
    let mut browser = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut laptop = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    assert!(app.whoami(&mut browser).await.is_some());
    assert_eq!(browser.get("/portal").await.status, 200);
    assert_eq!(sessions_of_contact(&app, gandalf.id).await, 2);

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let card = get_card(&mut staff, gandalf.id).await;
    let response = staff
        .call_json(
            "/api/admin/contacts/update",
            &serde_json::json!({
                "id": gandalf.id,
                "version": card.version,
                "edit": {
                    "title": card.fields.title,
                    "first_name": card.fields.first_name,
                    "last_name": card.fields.last_name,
                    "email": card.fields.email,
                    "phone": card.fields.phone,
                    "status": "Active",
                    "access": "Revoked",
                },
            }),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let revoked: ContactCard = response.json();
    assert_eq!(revoked.fields.access, PortalAccess::Revoked);
    assert_eq!(revoked.version, 2);

    // Every one of his sessions ended at once; nobody else's did.
    assert_eq!(sessions_of_contact(&app, gandalf.id).await, 0);
    assert!(app.whoami(&mut browser).await.is_none());
    let response = laptop.get("/portal").await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), Some("/login?next=%2Fportal"));
    assert!(app.whoami(&mut samwise).await.is_some());
    assert!(app.whoami(&mut staff).await.is_some());

    // He cannot sign in again, with the right password or not.
    let mut fresh = app.client();
    let response = fresh.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(response.json::<AppError>().to_string(), ACCESS_NOT_ACTIVE);
    assert!(fresh.cookie().is_none() || app.whoami(&mut fresh).await.is_none());
    let row = contact_by_id(&app, gandalf.id).await;
    let revoked_at = row.access_revoked_at.expect("revocation recorded");

    // Saving the revoked card again keeps the original revocation.
    let saved = save_ok(
        &mut staff,
        gandalf.id,
        2,
        &ContactEdit {
            phone: "555-0123".to_string(),
            ..revoked.fields.clone()
        },
    )
    .await;
    assert_eq!(saved.fields.access, PortalAccess::Revoked);
    assert_eq!(
        contact_by_id(&app, gandalf.id).await.access_revoked_at,
        Some(revoked_at)
    );

    // Choosing a level again lets him sign in; old sessions stay dead.
    let restored = save_ok(
        &mut staff,
        gandalf.id,
        3,
        &ContactEdit {
            access: PortalAccess::Level(admin),
            ..saved.fields.clone()
        },
    )
    .await;
    assert_eq!(restored.fields.access, PortalAccess::Level(admin));
    let row = contact_by_id(&app, gandalf.id).await;
    assert_eq!(row.access_revoked_at, None);
    assert_eq!(row.access_level_id, Some(admin));
    assert!(app.whoami(&mut browser).await.is_none());
    assert_eq!(laptop.get("/portal").await.status, 303);
    let mut back = app.signed_in(GANDALF.0, GANDALF.1).await;
    let me = app.whoami(&mut back).await.expect("signed in again");
    assert!(me.permissions.allows(Permission::EditContact));

    let entries = audit_entries(&app, AuditAction::ContactUpdate).await;
    assert_eq!(entries.len(), 3);
    assert_eq!(
        details_json(&entries[0])["access"],
        serde_json::json!({ "old": admin.to_string(), "new": "revoked" })
    );
    assert_eq!(
        details_json(&entries[2])["access"],
        serde_json::json!({ "old": "revoked", "new": admin.to_string() })
    );
}

#[tokio::test]
async fn a_changed_level_applies_to_an_open_session_without_ending_it() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let basic = level_id(&app, "Basic").await;
    let mut browser = app.signed_in(GANDALF.0, GANDALF.1).await;
    let me = app.whoami(&mut browser).await.unwrap();
    assert!(me.permissions.allows(Permission::AccessBilling));

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let card = get_card(&mut staff, gandalf.id).await;
    let saved = save_ok(
        &mut staff,
        gandalf.id,
        card.version,
        &ContactEdit {
            access: PortalAccess::Level(basic),
            ..card.fields.clone()
        },
    )
    .await;
    let me = app.whoami(&mut browser).await.expect("still signed in");
    assert!(me.permissions.is_empty(), "{:?}", me.permissions);

    // No level at all: he may still sign in, holding no permissions.
    save_ok(
        &mut staff,
        gandalf.id,
        saved.version,
        &ContactEdit {
            access: PortalAccess::Unassigned,
            ..saved.fields.clone()
        },
    )
    .await;
    assert_eq!(contact_by_id(&app, gandalf.id).await.access_level_id, None);
    let mut again = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert!(app.whoami(&mut again).await.unwrap().permissions.is_empty());
    assert!(app.whoami(&mut browser).await.is_some());
}

#[tokio::test]
async fn deactivating_a_contact_ends_their_sessions_too() {
    let app = TestApp::new().await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let mut phone = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut desk = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let card = get_card(&mut staff, samwise.id).await;
    let inactive = save_ok(
        &mut staff,
        samwise.id,
        card.version,
        &ContactEdit {
            status: ContactStatus::Inactive,
            ..card.fields.clone()
        },
    )
    .await;
    assert_eq!(inactive.fields.status, ContactStatus::Inactive);
    assert_eq!(
        contact_by_id(&app, samwise.id).await.status,
        ContactStatus::Inactive
    );

    assert_eq!(sessions_of_contact(&app, samwise.id).await, 0);
    assert!(app.whoami(&mut phone).await.is_none());
    assert_eq!(desk.get("/portal").await.status, 303);
    assert!(app.whoami(&mut gandalf).await.is_some());
    let response = app.client().sign_in(SAMWISE.0, SAMWISE.1).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(response.json::<AppError>().to_string(), ACCESS_NOT_ACTIVE);

    let active = save_ok(
        &mut staff,
        samwise.id,
        inactive.version,
        &ContactEdit {
            status: ContactStatus::Active,
            ..inactive.fields.clone()
        },
    )
    .await;
    assert_eq!(active.fields.status, ContactStatus::Active);
    let mut back = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    assert!(app.whoami(&mut back).await.is_some());
    assert!(app.whoami(&mut phone).await.is_none());

    let entries = audit_entries(&app, AuditAction::ContactUpdate).await;
    assert_eq!(
        details_json(&entries[0]),
        serde_json::json!({ "status": { "old": "active", "new": "inactive" } })
    );
}

// --- adding contacts --------------------------------------------------------------

#[tokio::test]
async fn adding_a_contact_counts_them_in_and_is_audited() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let basic = level_id(&app, "Basic").await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let edit = ContactEdit {
        title: "Mr.".to_string(),
        phone: "555-0102".to_string(),
        access: PortalAccess::Level(basic),
        ..person(" Frodo ", "Baggins", " Frodo@Shire.ME ")
    };
    let response = add(&mut staff, middle_earth, &edit).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let card: ContactCard = response.json();
    assert_eq!(card.organization_id, middle_earth);
    assert_eq!(card.organization_name, MIDDLE_EARTH);
    assert_eq!(card.version, 1);
    assert_eq!(card.last_login_at, None);
    assert!(!card.is_default_notification);
    assert_eq!(
        card.fields,
        ContactEdit {
            title: "Mr.".to_string(),
            first_name: "Frodo".to_string(),
            last_name: "Baggins".to_string(),
            email: "frodo@shire.me".to_string(),
            phone: "555-0102".to_string(),
            status: ContactStatus::Active,
            access: PortalAccess::Level(basic),
        }
    );
    assert_eq!(get_card(&mut staff, card.id).await, card);

    // Counted in, listed, and searchable.
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        3
    );
    let listed = panel(&mut staff, middle_earth, "", "name", 0).await;
    assert_eq!(
        card_names(&listed),
        ["Frodo Baggins", "Gandalf The Grey", "Samwise Gamgee"]
    );
    let response = staff
        .call(
            "/api/organizations/get",
            &[("id", &middle_earth.to_string())],
        )
        .await;
    let org: portal::organizations::OrganizationDetails = response.json();
    assert_eq!(org.contact_count, 3);

    let entries = audit_entries(&app, AuditAction::ContactCreate).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entity_type, "contact");
    assert_eq!(entries[0].entity_id, Some(card.id));
    assert_eq!(entries[0].actor_kind, ActorKind::Staff);
    let details = details_json(&entries[0]);
    assert_eq!(
        details["email"],
        serde_json::json!({ "old": "", "new": "frodo@shire.me" })
    );
    assert_eq!(
        details["access"],
        serde_json::json!({ "old": "none", "new": basic.to_string() })
    );
    assert!(details.get("status").is_none(), "{details}");

    // Without a password yet, the new contact cannot sign in.
    let response = app
        .client()
        .sign_in("frodo@shire.me", "anything-at-all")
        .await;
    assert_eq!(response.json::<AppError>().to_string(), WRONG_CREDENTIALS);

    // A contact added as revoked starts revoked.
    let response = add(
        &mut staff,
        middle_earth,
        &ContactEdit {
            access: PortalAccess::Revoked,
            ..person("Pippin", "Took", "pippin@shire.me")
        },
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        response.json::<ContactCard>().fields.access,
        PortalAccess::Revoked
    );
    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        4
    );
}

#[tokio::test]
async fn adding_a_contact_with_a_taken_email_or_bad_input_is_refused() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = add(
        &mut staff,
        middle_earth,
        &person("Frodo", "Baggins", "frodo@shire.me"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);

    for (field, edit) in [
        ("email", person("Other", "Frodo", "FRODO@shire.me")),
        ("email", person("Sam", "Again", SAMWISE.0)),
        ("email", person("Leslie", "Again", LESLIE.0)),
        ("email", person("Staff", "Member", STAFF.0)),
        ("email", person("No", "Email", "")),
        ("first_name", person("", "Nobody", "nobody@shire.me")),
        ("last_name", person("Nobody", "  ", "nobody@shire.me")),
        (
            "phone",
            ContactEdit {
                phone: "phone me".to_string(),
                ..person("Merry", "Brandybuck", "merry@shire.me")
            },
        ),
        (
            "title",
            ContactEdit {
                title: "T".repeat(21),
                ..person("Merry", "Brandybuck", "merry@shire.me")
            },
        ),
    ] {
        let response = add(&mut staff, middle_earth, &edit).await;
        assert_eq!(response.status, 422, "{edit:?}: {}", response.body);
        let err: AppError = response.json();
        assert!(err.message_for(field).is_some(), "{edit:?}: {err:?}");
    }
    let duplicate: AppError = add(
        &mut staff,
        middle_earth,
        &person("Other", "Frodo", "frodo@shire.me"),
    )
    .await
    .json();
    assert_eq!(
        duplicate.message_for("email").as_deref(),
        Some("Another person already uses this email address.")
    );

    let response = add(
        &mut staff,
        999_999,
        &person("Lost", "Contact", "lost@nowhere.test"),
    )
    .await;
    assert_eq!(response.status, 404, "{}", response.body);

    assert_eq!(
        organization_by_name(&app, MIDDLE_EARTH).await.contact_count,
        3
    );
    assert_eq!(contact::Entity::find().count(&app.db.db).await.unwrap(), 7);
    assert_eq!(
        audit_entries(&app, AuditAction::ContactCreate).await.len(),
        1
    );
}

// --- default notification emails ----------------------------------------------------

#[tokio::test]
async fn default_notification_contacts_are_set_listed_and_audited() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await.id;
    let samwise = contact_by_email(&app, SAMWISE.0).await.id;
    let leslie = contact_by_email(&app, LESLIE.0).await.id;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    assert_eq!(
        default_notification_list(&mut staff, middle_earth).await,
        [ContactBrief {
            id: gandalf,
            name: "Gandalf The Grey".to_string(),
            email: GANDALF.0.to_string(),
        }]
    );

    let response = set_default_notification(&mut staff, samwise, true).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let ids: Vec<i32> = default_notification_list(&mut staff, middle_earth)
        .await
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, [gandalf, samwise]);
    assert!(get_card(&mut staff, samwise).await.is_default_notification);

    let response = set_default_notification(&mut staff, gandalf, false).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let list = default_notification_list(&mut staff, middle_earth).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, samwise);
    assert_eq!(list[0].name, "Samwise Gamgee");
    assert!(!get_card(&mut staff, gandalf).await.is_default_notification);

    // Setting what is already set changes nothing and records nothing.
    let response = set_default_notification(&mut staff, samwise, true).await;
    assert_eq!(response.status, 200, "{}", response.body);

    // Other organizations are untouched.
    let pawnee_list = default_notification_list(&mut staff, pawnee).await;
    assert_eq!(pawnee_list.len(), 1);
    assert_eq!(pawnee_list[0].id, leslie);

    let entries = audit_entries(&app, AuditAction::ContactDefaultNotification).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].entity_id, Some(samwise));
    assert_eq!(entries[0].actor_kind, ActorKind::Staff);
    assert_eq!(
        details_json(&entries[0]),
        serde_json::json!({ "is_default_notification": { "old": false, "new": true } })
    );
    assert_eq!(entries[1].entity_id, Some(gandalf));
    assert_eq!(
        details_json(&entries[1]),
        serde_json::json!({ "is_default_notification": { "old": true, "new": false } })
    );

    let response = set_default_notification(&mut staff, 999_999, true).await;
    assert_eq!(response.status, 404, "{}", response.body);
    let response = staff
        .call(
            "/api/admin/contacts/default_notification/list",
            &[("organization_id", "999999")],
        )
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
}

// --- who may call ---------------------------------------------------------------

enum Args {
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

async fn call_with(client: &mut Client, path: &str, args: &Args) -> Response {
    match args {
        Args::Form(form) => {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            client.call(path, &form).await
        }
        Args::Json(body) => client.call_json(path, body).await,
    }
}

fn form(args: &[(&str, String)]) -> Args {
    Args::Form(
        args.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[tokio::test]
async fn every_contact_endpoint_refuses_anonymous_callers_and_contacts() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let basic = level_id(&app, "Basic").await;
    let samwise_edit = ContactEdit {
        title: "Mr.".to_string(),
        phone: "555-0199".to_string(),
        access: PortalAccess::Level(basic),
        ..person("Samwise", "Gardner", SAMWISE.0)
    };
    let frodo_edit = person("Frodo", "Baggins", "frodo@shire.me");
    // Complete, valid arguments: a call that failed to decode would answer 400
    // before any permission check.
    let endpoints = [
        (
            "/api/admin/contacts/list",
            form(&[
                ("organization_id", middle_earth.to_string()),
                ("search", String::new()),
                ("sort", "name".to_string()),
                ("offset", "0".to_string()),
            ]),
        ),
        (
            "/api/admin/contacts/get",
            form(&[("id", samwise.id.to_string())]),
        ),
        (
            "/api/admin/contacts/update",
            Args::Json(serde_json::json!({
                "id": samwise.id,
                "version": 1,
                "edit": samwise_edit,
            })),
        ),
        (
            "/api/admin/contacts/create",
            Args::Json(serde_json::json!({
                "organization_id": middle_earth,
                "edit": frodo_edit,
                "invite": false,
            })),
        ),
        (
            "/api/admin/contacts/default_notification",
            form(&[("id", samwise.id.to_string()), ("on", "true".to_string())]),
        ),
        (
            "/api/admin/contacts/default_notification/list",
            form(&[("organization_id", middle_earth.to_string())]),
        ),
        ("/api/access/levels", Args::Form(Vec::new())),
    ];

    let mut anonymous = app.client();
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    for (path, args) in &endpoints {
        let response = call_with(&mut anonymous, path, args).await;
        assert_eq!(response.status, 401, "anonymous {path}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Unauthenticated);
        let response = call_with(&mut gandalf, path, args).await;
        assert_eq!(response.status, 403, "contact {path}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Forbidden);
        assert!(!response.body.contains("Samwise"), "{}", response.body);
    }

    // Nothing changed...
    assert_eq!(contact_by_id(&app, samwise.id).await, samwise);
    assert_eq!(contact::Entity::find().count(&app.db.db).await.unwrap(), 6);
    assert!(audit_log::Entity::find()
        .filter(audit_log::Column::Action.starts_with("contact."))
        .all(&app.db.db)
        .await
        .unwrap()
        .is_empty());
    // ...and the same calls are accepted from staff, so the arguments were good.
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for (path, args) in &endpoints {
        let response = call_with(&mut staff, path, args).await;
        assert_eq!(response.status, 200, "staff {path}: {}", response.body);
    }
    let levels: Vec<AccessLevelOption> = staff.call("/api/access/levels", &[]).await.json();
    assert!(levels.iter().any(|l| l.id == basic && l.name == "Basic"));
    assert_eq!(contact_by_id(&app, samwise.id).await.last_name, "Gardner");
}

// Pages in the back half are read from the end of the reversed order; every
// sort, ties and missing sign-ins included, must give each contact exactly
// once and in the same order as sorting them all.
#[tokio::test]
async fn every_page_of_every_sort_joins_up_from_either_end() {
    let app = TestApp::new().await;
    let demo = organization_id(&app, DEMO_COMPANY).await;
    let base = base_time();
    let firsts = ["Ann", "Ben", "Cal", "Dee"];
    for n in 0..70i64 {
        let first = firsts[(n % 4) as usize];
        // Repeated full names, shared creation times, a third never signed in.
        let last = format!("Tie{}", n % 9);
        let created = base + Duration::minutes(n % 5);
        let row = insert_contact(
            &app,
            demo,
            (first, &last),
            &format!("tie{n}@demo.test"),
            created,
        )
        .await;
        let login = (n % 3 != 0).then(|| base + Duration::days(n % 4));
        set_contact_times(&app, row.id, created, login).await;
    }
    let mut rows = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(demo))
        .all(&app.db.db)
        .await
        .unwrap();
    let total = rows.len() as u64;
    assert_eq!(total, 72);
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for sort in ["name", "name_desc", "last_login", "newest"] {
        rows.sort_by(|a, b| {
            let by_name =
                (&a.first_name, &a.last_name, a.id).cmp(&(&b.first_name, &b.last_name, b.id));
            match sort {
                "name" => by_name,
                "name_desc" => by_name.reverse(),
                // Latest first, never signed in last, then first name and id.
                "last_login" => b
                    .last_login_at
                    .is_some()
                    .cmp(&a.last_login_at.is_some())
                    .then(b.last_login_at.cmp(&a.last_login_at))
                    .then((&a.first_name, a.id).cmp(&(&b.first_name, b.id))),
                _ => (b.created_at, b.id).cmp(&(a.created_at, a.id)),
            }
        });
        let expected: Vec<i32> = rows.iter().map(|row| row.id).collect();
        let mut seen = Vec::new();
        for offset in [0, 25, 50] {
            let page = panel(&mut staff, demo, "", sort, offset).await;
            assert_eq!(page.total, total, "sort {sort}, offset {offset}");
            seen.extend(page.items.iter().map(|card| card.id));
        }
        assert_eq!(seen, expected, "sort {sort}");
        // A page that starts in the back half but isn't the last.
        let page = panel(&mut staff, demo, "", sort, 40).await;
        let ids: Vec<i32> = page.items.iter().map(|card| card.id).collect();
        assert_eq!(ids, expected[40..65], "sort {sort}, offset 40");
        // Find Contact pages the same way.
        let found = panel(&mut staff, demo, "tie", sort, 50).await;
        assert_eq!(found.total, 70, "sort {sort}");
        let ids: Vec<i32> = found.items.iter().map(|card| card.id).collect();
        let matching: Vec<i32> = rows
            .iter()
            .filter(|row| row.last_name.starts_with("Tie"))
            .map(|row| row.id)
            .collect();
        assert_eq!(ids, matching[50..], "search, sort {sort}");
    }
}
