//! The staff's customer list and organization records through the real server
//! functions: search, sort and paging, validated and versioned saves with their
//! audit entries, and internal notes that never reach a contact.

use chrono::{Duration, TimeZone, Utc};
use portal::audit::{ActorKind, AuditAction};
use portal::db::entities::{audit_log, organization};
use portal::error::AppError;
use portal::organizations::{
    OrganizationDetails, OrganizationInput, OrganizationNotes, OrganizationSummary,
};
use portal::paging::{contains_pattern, Page};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, DbBackend, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use sea_orm_migration::MigratorTrait;

use crate::support::client::Response;
use crate::support::fixtures::{
    audit_entries, contact_by_email, insert_organization, insert_organizations, level_id,
    organization_by_id, organization_by_name, organization_id, LESLIE, PAWNEE_NOTE,
};
use crate::support::{Client, TestApp, GANDALF, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const PAWNEE: &str = "Pawnee Parks Dept.";
const DEMO_COMPANY: &str = "Demo Company";

async fn list(
    client: &mut Client,
    search: &str,
    sort: &str,
    page: u64,
) -> Page<OrganizationSummary> {
    let page = page.to_string();
    let response = client
        .call(
            "/api/organizations/list",
            &[("search", search), ("sort", sort), ("page", &page)],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn names(page: &Page<OrganizationSummary>) -> Vec<&str> {
    page.items.iter().map(|o| o.name.as_str()).collect()
}

async fn search_names(client: &mut Client, search: &str) -> Vec<String> {
    let page = list(client, search, "name", 1).await;
    assert_eq!(page.total, page.items.len() as u64, "search {search:?}");
    names(&page).into_iter().map(str::to_string).collect()
}

/// Form arguments as the browser encodes a nested `input: OrganizationInput`.
fn input_args(input: &OrganizationInput) -> Vec<(String, String)> {
    [
        ("name", &input.name),
        ("address_line1", &input.address_line1),
        ("address_line2", &input.address_line2),
        ("city", &input.city),
        ("region", &input.region),
        ("postal_code", &input.postal_code),
        ("country", &input.country),
    ]
    .into_iter()
    .map(|(field, value)| (format!("input[{field}]"), value.clone()))
    .collect()
}

async fn call_owned(client: &mut Client, path: &str, args: &[(String, String)]) -> Response {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.call(path, &args).await
}

async fn create(client: &mut Client, input: &OrganizationInput) -> Response {
    call_owned(client, "/api/organizations/create", &input_args(input)).await
}

async fn update(client: &mut Client, id: i32, version: i32, input: &OrganizationInput) -> Response {
    let mut args = vec![
        ("id".to_string(), id.to_string()),
        ("version".to_string(), version.to_string()),
    ];
    args.extend(input_args(input));
    call_owned(client, "/api/organizations/update", &args).await
}

async fn details(client: &mut Client, id: i32) -> OrganizationDetails {
    let response = client
        .call("/api/organizations/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn notes(client: &mut Client, id: i32) -> OrganizationNotes {
    let response = client
        .call("/api/organizations/notes", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn save_notes(client: &mut Client, id: i32, version: i32, text: &str) -> Response {
    client
        .call(
            "/api/organizations/notes/save",
            &[
                ("id", &id.to_string()),
                ("version", &version.to_string()),
                ("notes", text),
            ],
        )
        .await
}

fn rivendell() -> OrganizationInput {
    OrganizationInput {
        name: "Rivendell Consulting".to_string(),
        address_line1: "1 Last Homely House".to_string(),
        address_line2: String::new(),
        city: "Rivendell".to_string(),
        region: "Eriador".to_string(),
        postal_code: "RV 1".to_string(),
        country: "Middle-earth".to_string(),
    }
}

async fn organization_count(app: &TestApp) -> u64 {
    organization::Entity::find()
        .count(&app.db.db)
        .await
        .unwrap()
}

async fn set_last_login(app: &TestApp, id: i32, at: Option<chrono::DateTime<Utc>>) {
    let mut org: organization::ActiveModel = organization_by_id(app, id).await.into();
    org.last_login_at = Set(at);
    org.update(&app.db.db).await.unwrap();
}

fn details_json(entry: &audit_log::Model) -> serde_json::Value {
    serde_json::from_str(&entry.details).expect("audit details are JSON")
}

// --- the customer list ---------------------------------------------------------

#[tokio::test]
async fn search_is_case_insensitive_and_matches_anywhere_in_the_name() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_eq!(search_names(&mut staff, "pawnee").await, [PAWNEE]);
    assert_eq!(search_names(&mut staff, "PAWNEE").await, [PAWNEE]);
    assert_eq!(search_names(&mut staff, "parks").await, [PAWNEE]);
    assert_eq!(
        search_names(&mut staff, "  EaRtH tEcH  ").await,
        [MIDDLE_EARTH]
    );
    assert_eq!(search_names(&mut staff, "dept.").await, [PAWNEE]);
    assert_eq!(
        search_names(&mut staff, "").await,
        [DEMO_COMPANY, MIDDLE_EARTH, PAWNEE]
    );
    assert_eq!(
        search_names(&mut staff, "   ").await,
        [DEMO_COMPANY, MIDDLE_EARTH, PAWNEE]
    );
    let none = list(&mut staff, "rivendell", "name", 1).await;
    assert!(none.items.is_empty());
    assert_eq!(none.total, 0);
    assert!(!none.has_more());
    assert_eq!(none.page_count(), 1);
}

#[tokio::test]
async fn like_wildcards_and_backslashes_in_a_search_are_literal() {
    let app = TestApp::new().await;
    for name in [
        "100% Real_Estate",
        "Real Estate Co",
        "1000 Realty",
        r"Back\Slash Ltd",
    ] {
        insert_organization(&app, name).await;
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_eq!(search_names(&mut staff, "%").await, ["100% Real_Estate"]);
    assert_eq!(search_names(&mut staff, "_").await, ["100% Real_Estate"]);
    // As wildcards, "l_e" would also match "Real Estate" and "0%" "1000 Realty".
    assert_eq!(search_names(&mut staff, "l_e").await, ["100% Real_Estate"]);
    assert_eq!(search_names(&mut staff, "0%").await, ["100% Real_Estate"]);
    assert_eq!(search_names(&mut staff, "%%").await, Vec::<String>::new());
    assert_eq!(search_names(&mut staff, r"\").await, [r"Back\Slash Ltd"]);
    assert_eq!(search_names(&mut staff, r"k\s").await, [r"Back\Slash Ltd"]);
    assert_eq!(
        search_names(&mut staff, "real").await,
        ["100% Real_Estate", "1000 Realty", "Real Estate Co"]
    );
}

#[tokio::test]
async fn search_finds_names_that_start_with_an_accented_capital() {
    let app = TestApp::new().await;
    insert_organization(&app, "École Normale Supérieure").await;
    insert_organization(&app, "Ærø Ferries").await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    // Plain ASCII parts of such names are found...
    assert_eq!(
        search_names(&mut staff, "normale").await,
        ["École Normale Supérieure"]
    );
    // ...and so must be the name exactly as it is written, or in lower case.
    for search in ["École", "école", "École Normale Supérieure", "Ærø", "ærø"] {
        assert_eq!(
            search_names(&mut staff, search).await.len(),
            1,
            "searching {search:?} finds nothing"
        );
    }
}

/// What the customer search found before it had an index: a scan of every
/// organization's `search_name` with LIKE, as names in Rust's order.
async fn scanned_names(app: &TestApp, search: &str) -> Vec<String> {
    let mut names: Vec<String> = organization::Entity::find()
        .filter(
            Expr::col(organization::Column::SearchName)
                .like(LikeExpr::new(contains_pattern(search)).escape('\\')),
        )
        .all(&app.db.db)
        .await
        .unwrap()
        .into_iter()
        .map(|org| org.name)
        .collect();
    names.sort();
    names
}

/// Searches the customer list, and checks it finds exactly what a scan finds
/// and what the test expects (both in Rust's order, whatever the collation).
async fn assert_search(app: &TestApp, client: &mut Client, search: &str, expected: &[&str]) {
    let mut found = search_names(client, search).await;
    found.sort();
    assert_eq!(found, expected, "search {search:?}");
    assert_eq!(
        found,
        scanned_names(app, search).await,
        "search {search:?} against a scan"
    );
}

const INDEXED_NAMES: [&str; 8] = [
    "Mountain Print Works",
    "Printemps Café",
    "Sprint Logistics",
    "École Normale Supérieure",
    "Ærø Ferries",
    r#"The "Quoted" Company"#,
    "100% Real_Estate",
    r"Back\Slash Ltd",
];

// Searches of three characters or more are answered from a trigram index
// (FTS5 on SQLite, pg_trgm on PostgreSQL), shorter ones by the scan.
#[tokio::test]
async fn the_indexed_search_finds_what_a_scan_finds() {
    let app = TestApp::new().await;
    for name in INDEXED_NAMES {
        insert_organization(&app, name).await;
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let prints = ["Mountain Print Works", "Printemps Café", "Sprint Logistics"];
    let quoted = r#"The "Quoted" Company"#;
    let searches: [(&str, &[&str]); 21] = [
        ("print", &prints),
        ("RINT", &prints),
        ("  PrInT  ", &prints),
        ("pr", &prints),
        ("nt w", &["Mountain Print Works"]),
        ("ntemps caf", &["Printemps Café"]),
        ("É", &["Printemps Café", "École Normale Supérieure"]),
        ("ÉCOLE", &["École Normale Supérieure"]),
        ("périeu", &["École Normale Supérieure"]),
        ("Æ", &["Ærø Ferries"]),
        ("ærø f", &["Ærø Ferries"]),
        (r#""quoted""#, &[quoted]),
        (r#"e "q"#, &[quoted]),
        ("\"", &[quoted]),
        ("ompany", &[DEMO_COMPANY, quoted]),
        ("0% r", &["100% Real_Estate"]),
        ("l_e", &["100% Real_Estate"]),
        (r"k\sl", &[r"Back\Slash Ltd"]),
        ("earth tech", &[MIDDLE_EARTH]),
        ("xyz", &[]),
        ("q", &[quoted]),
    ];
    for (search, expected) in searches {
        assert_search(&app, &mut staff, search, expected).await;
    }
}

#[tokio::test]
async fn the_indexed_search_follows_renames_and_removals() {
    let app = TestApp::new().await;
    for name in INDEXED_NAMES {
        insert_organization(&app, name).await;
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let mountain = organization_id(&app, "Mountain Print Works").await;
    let before = details(&mut staff, mountain).await;
    let renamed = OrganizationInput {
        name: "Mountain Paper Works".to_string(),
        ..before.fields
    };
    let response = update(&mut staff, mountain, before.version, &renamed).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_search(
        &app,
        &mut staff,
        "print",
        &["Printemps Café", "Sprint Logistics"],
    )
    .await;
    assert_search(&app, &mut staff, "paper", &["Mountain Paper Works"]).await;
    assert_search(&app, &mut staff, "mountain", &["Mountain Paper Works"]).await;

    organization_by_name(&app, "Sprint Logistics")
        .await
        .delete(&app.db.db)
        .await
        .unwrap();
    assert_search(&app, &mut staff, "print", &["Printemps Café"]).await;
    assert_search(&app, &mut staff, "sprint", &[]).await;

    insert_organization(&app, "Blueprint Studio").await;
    assert_search(
        &app,
        &mut staff,
        "print",
        &["Blueprint Studio", "Printemps Café"],
    )
    .await;
}

// On SQLite the first pages of a search matching many walk the sort order,
// later ones look the matches up in the index; the pages must join up.
#[tokio::test]
async fn a_search_matching_many_pages_as_a_scan_does() {
    let app = TestApp::new().await;
    let bulk: Vec<String> = (0..1_100)
        .map(|i| format!("Bulk Print {:04}", (i * 7) % 1_100))
        .collect();
    insert_organizations(&app, &bulk).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    // SQLite counts from its trigram index; PostgreSQL counts by LIKE, which
    // stops at the count limit.
    let counted = match app.db.db.get_database_backend() {
        DbBackend::Sqlite => (1_100, false),
        _ => (1_000, true),
    };
    for page in [1, 2, 40, 44, 45] {
        let found = list(&mut staff, "PRINT", "name", page).await;
        assert_eq!((found.total, found.at_least), counted, "page {page}");
        let scanned: Vec<String> = organization::Entity::find()
            .filter(
                Expr::col(organization::Column::SearchName)
                    .like(LikeExpr::new(contains_pattern("print")).escape('\\')),
            )
            .order_by_asc(organization::Column::Name)
            .order_by_asc(organization::Column::Id)
            .offset((page - 1) * 25)
            .limit(25)
            .all(&app.db.db)
            .await
            .unwrap()
            .into_iter()
            .map(|org| org.name)
            .collect();
        assert_eq!(names(&found), scanned, "page {page}");
    }
    let first = list(&mut staff, "print", "name", 1).await;
    assert_eq!(names(&first)[0], "Bulk Print 0000");
    let last = list(&mut staff, "print", "name", 44).await;
    assert_eq!(names(&last).last(), Some(&"Bulk Print 1099"));
}

#[tokio::test]
async fn organizations_saved_before_the_search_index_existed_are_found() {
    let app = TestApp::new().await;
    // Undo the migration that made the index, and what came after it.
    let migrations = portal::db::migration::Migrator::migrations();
    let made_index = migrations
        .iter()
        .position(|m| m.name() == "m0008_customer_search")
        .expect("the customer search migration");
    let steps = (migrations.len() - made_index) as u32;
    portal::db::migration::Migrator::down(&app.db.db, Some(steps))
        .await
        .unwrap();
    insert_organization(&app, "Mountain Print Works").await;
    portal::db::migration::Migrator::up(&app.db.db, None)
        .await
        .unwrap();
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    assert_search(&app, &mut staff, "print", &["Mountain Print Works"]).await;
    assert_search(&app, &mut staff, "pawnee", &[PAWNEE]).await;
}

#[tokio::test]
async fn sort_by_name_is_alphabetical_and_unknown_sorts_fall_back_to_it() {
    let app = TestApp::new().await;
    insert_organization(&app, "Acme Anvils").await;
    insert_organization(&app, "Zenith Zippers").await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let expected = [
        "Acme Anvils",
        DEMO_COMPANY,
        MIDDLE_EARTH,
        PAWNEE,
        "Zenith Zippers",
    ];
    assert_eq!(names(&list(&mut staff, "", "name", 1).await), expected);
    assert_eq!(names(&list(&mut staff, "", "bogus", 1).await), expected);
}

#[tokio::test]
async fn sort_by_last_login_puts_the_latest_sign_in_first_and_never_last() {
    let app = TestApp::new().await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    // Before anyone signs in, every organization has no last login: name order.
    let page = list(&mut staff, "", "last_login", 1).await;
    assert_eq!(names(&page), [DEMO_COMPANY, MIDDLE_EARTH, PAWNEE]);
    assert!(page.items.iter().all(|o| o.last_login_at.is_none()));

    // Signing in is what records an organization's last login.
    app.signed_in(LESLIE.0, LESLIE.1).await;
    app.signed_in(GANDALF.0, GANDALF.1).await;
    let page = list(&mut staff, "", "last_login", 1).await;
    assert_eq!(
        page.items[2].name, DEMO_COMPANY,
        "never signed in goes last"
    );
    assert!(page.items[..2].iter().all(|o| o.last_login_at.is_some()));
    let shown = details(&mut staff, middle_earth).await;
    let last = shown.last_login.expect("Gandalf signed in");
    assert_eq!(last.contact_name, "Gandalf The Grey");

    // Fixed, distinct times so the order does not depend on the clock.
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    set_last_login(&app, middle_earth, Some(base)).await;
    set_last_login(&app, pawnee, Some(base + Duration::hours(2))).await;
    let page = list(&mut staff, "", "last_login", 1).await;
    assert_eq!(names(&page), [PAWNEE, MIDDLE_EARTH, DEMO_COMPANY]);
    assert_eq!(page.items[0].last_login_at, Some(base + Duration::hours(2)));
    assert_eq!(page.items[1].last_login_at, Some(base));
    assert_eq!(page.items[2].last_login_at, None);

    set_last_login(&app, middle_earth, Some(base + Duration::days(1))).await;
    let page = list(&mut staff, "", "last_login", 1).await;
    assert_eq!(names(&page), [MIDDLE_EARTH, PAWNEE, DEMO_COMPANY]);
}

#[tokio::test]
async fn sort_by_contacts_puts_the_most_contacts_first() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    // Two contacts each: ties are in name order.
    let page = list(&mut staff, "", "contacts", 1).await;
    assert_eq!(names(&page), [DEMO_COMPANY, MIDDLE_EARTH, PAWNEE]);
    assert!(page.items.iter().all(|o| o.contact_count == 2));

    let basic = level_id(&app, "Basic").await;
    let additions = [
        (PAWNEE, "April", "Ludgate", "aludgate@pawnee-indiana.gov"),
        (PAWNEE, "Andy", "Dwyer", "adwyer@pawnee-indiana.gov"),
        (MIDDLE_EARTH, "Frodo", "Baggins", "frodo@test.com"),
        (PAWNEE, "Tom", "Haverford", "thaverford@pawnee-indiana.gov"),
    ];
    for (org, first, last, email) in additions {
        let org_id = organization_id(&app, org).await;
        let response = staff
            .call_json(
                "/api/admin/contacts/create",
                &serde_json::json!({
                    "organization_id": org_id,
                    "edit": {
                        "title": "",
                        "first_name": first,
                        "last_name": last,
                        "email": email,
                        "phone": "",
                        "status": "Active",
                        "access": { "Level": basic },
                    },
                    "invite": false,
                }),
            )
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let page = list(&mut staff, "", "contacts", 1).await;
    assert_eq!(names(&page), [PAWNEE, MIDDLE_EARTH, DEMO_COMPANY]);
    let counts: Vec<i32> = page.items.iter().map(|o| o.contact_count).collect();
    assert_eq!(counts, [5, 3, 2]);
}

#[tokio::test]
async fn the_customer_list_pages_by_twenty_five() {
    let app = TestApp::new().await;
    for n in 1..=60 {
        insert_organization(&app, &format!("Paging Org {n:02}")).await;
    }
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let first = list(&mut staff, "", "name", 1).await;
    assert_eq!(first.items.len(), 25);
    assert_eq!(first.total, 63);
    assert_eq!((first.offset, first.limit), (0, 25));
    assert!(first.has_more());
    assert_eq!(first.page_number(), 1);
    assert_eq!(first.page_count(), 3);

    let second = list(&mut staff, "", "name", 2).await;
    assert_eq!(second.items.len(), 25);
    assert_eq!(second.offset, 25);
    assert!(second.has_more());

    let third = list(&mut staff, "", "name", 3).await;
    assert_eq!(third.items.len(), 13);
    assert_eq!(third.total, 63);
    assert_eq!(third.offset, 50);
    assert!(!third.has_more());
    assert_eq!(third.page_number(), 3);
    assert_eq!(third.page_count(), 3);

    // The pages together are the whole list, in order, each organization once.
    let all: Vec<String> = [&first, &second, &third]
        .into_iter()
        .flat_map(|page| page.items.iter().map(|o| o.name.clone()))
        .collect();
    let mut expected: Vec<String> = [DEMO_COMPANY, MIDDLE_EARTH]
        .into_iter()
        .map(str::to_string)
        .chain((1..=60).map(|n| format!("Paging Org {n:02}")))
        .collect();
    expected.push(PAWNEE.to_string());
    assert_eq!(all, expected);

    let beyond = list(&mut staff, "", "name", 4).await;
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 63);
    assert!(!beyond.has_more());

    // Page 0 is read as page 1.
    assert_eq!(list(&mut staff, "", "name", 0).await, first);

    // Paging applies to search results too.
    let searched = list(&mut staff, "paging org", "name", 3).await;
    assert_eq!(searched.total, 60);
    assert_eq!(searched.items.len(), 10);
    assert_eq!(searched.items[0].name, "Paging Org 51");
    assert_eq!(searched.page_count(), 3);

    // Paging is stable under the other sorts as well (ties broken by name).
    let by_contacts: Vec<String> = {
        let mut names = Vec::new();
        for page in 1..=3 {
            let page = list(&mut staff, "", "contacts", page).await;
            names.extend(page.items.into_iter().map(|o| o.name));
        }
        names
    };
    assert_eq!(by_contacts.len(), 63);
    assert_eq!(
        by_contacts[..3],
        [DEMO_COMPANY, MIDDLE_EARTH, PAWNEE].map(str::to_string)
    );
    assert_eq!(by_contacts[3], "Paging Org 01");
    assert_eq!(by_contacts[62], "Paging Org 60");
}

// --- creating and editing ------------------------------------------------------

#[tokio::test]
async fn create_and_update_report_bad_input_at_the_field() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let cases: [(&str, OrganizationInput, &str); 5] = [
        (
            "name",
            OrganizationInput {
                name: String::new(),
                ..rivendell()
            },
            "Enter the organization's name.",
        ),
        (
            "name",
            OrganizationInput {
                name: "   ".to_string(),
                ..rivendell()
            },
            "Enter the organization's name.",
        ),
        (
            "name",
            OrganizationInput {
                name: "N".repeat(201),
                ..rivendell()
            },
            "Keep this under 200 characters.",
        ),
        (
            "city",
            OrganizationInput {
                city: "C".repeat(201),
                ..rivendell()
            },
            "Keep this under 200 characters.",
        ),
        (
            "postal_code",
            OrganizationInput {
                postal_code: "1".repeat(21),
                ..rivendell()
            },
            "A postal code is at most 20 characters.",
        ),
    ];
    let pawnee = organization_id(&app, PAWNEE).await;
    for (field, input, message) in cases {
        for response in [
            create(&mut staff, &input).await,
            update(&mut staff, pawnee, 1, &input).await,
        ] {
            assert_eq!(response.status, 422, "{field}: {}", response.body);
            let err: AppError = response.json();
            assert_eq!(err.message_for(field).as_deref(), Some(message), "{err:?}");
            assert_eq!(err.form_message(), None);
            assert_eq!(response.location(), None);
        }
    }
    // Nothing was written.
    assert_eq!(organization_count(&app).await, 3);
    let unchanged = organization_by_id(&app, pawnee).await;
    assert_eq!((unchanged.name.as_str(), unchanged.version), (PAWNEE, 1));
    assert!(audit_entries(&app, AuditAction::OrganizationCreate)
        .await
        .is_empty());
    assert!(audit_entries(&app, AuditAction::OrganizationUpdate)
        .await
        .is_empty());
}

#[tokio::test]
async fn create_saves_tidied_fields_opens_the_record_and_is_audited() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let input = OrganizationInput {
        name: "  Rivendell Consulting ".to_string(),
        city: " Rivendell".to_string(),
        ..rivendell()
    };
    let response = create(&mut staff, &input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let id: i32 = response.json();
    assert_eq!(
        response.location(),
        Some(format!("/admin/customers/{id}").as_str())
    );

    let shown = details(&mut staff, id).await;
    assert_eq!(shown.id, id);
    assert_eq!(shown.fields, rivendell());
    assert_eq!(shown.version, 1);
    assert_eq!(shown.contact_count, 0);
    assert_eq!(shown.last_login, None);
    let row = organization_by_id(&app, id).await;
    assert_eq!(row.notes, "");
    assert_eq!(row.notes_version, 1);
    assert_eq!(organization_count(&app).await, 4);

    let page = list(&mut staff, "rivendell", "name", 1).await;
    assert_eq!(names(&page), ["Rivendell Consulting"]);
    assert_eq!(page.items[0].contact_count, 0);

    let entries = audit_entries(&app, AuditAction::OrganizationCreate).await;
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.entity_type, "organization");
    assert_eq!(entry.entity_id, Some(id));
    assert_eq!(entry.actor_kind, ActorKind::Staff);
    assert!(entry.actor_label.contains(STAFF.0), "{}", entry.actor_label);
    let details = details_json(entry);
    assert_eq!(
        details["name"],
        serde_json::json!({ "old": "", "new": "Rivendell Consulting" })
    );
    assert_eq!(
        details["city"],
        serde_json::json!({ "old": "", "new": "Rivendell" })
    );
    // An empty field is no change from nothing.
    assert!(details.get("address_line2").is_none(), "{details}");
}

#[tokio::test]
async fn update_with_the_current_version_saves_and_bumps_the_version() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let before = details(&mut staff, pawnee).await;
    assert_eq!(before.version, 1);

    let input = OrganizationInput {
        name: "Pawnee Parks and Recreation ".to_string(),
        address_line2: "Room 100".to_string(),
        ..before.fields.clone()
    };
    let response = update(&mut staff, pawnee, before.version, &input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        response.location(),
        Some(format!("/admin/customers/{pawnee}").as_str())
    );

    let after = details(&mut staff, pawnee).await;
    assert_eq!(after.version, 2);
    assert_eq!(after.fields.name, "Pawnee Parks and Recreation");
    assert_eq!(after.fields.address_line2, "Room 100");
    assert_eq!(after.fields.city, "Pawnee");
    assert_eq!(after.contact_count, 2);

    let entries = audit_entries(&app, AuditAction::OrganizationUpdate).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entity_id, Some(pawnee));
    assert_eq!(entries[0].actor_kind, ActorKind::Staff);
    assert_eq!(
        details_json(&entries[0]),
        serde_json::json!({
            "name": { "old": PAWNEE, "new": "Pawnee Parks and Recreation" },
            "address_line2": { "old": "", "new": "Room 100" },
        })
    );

    // The next save needs the new version.
    let input = OrganizationInput {
        city: "Eagleton".to_string(),
        ..after.fields.clone()
    };
    let response = update(&mut staff, pawnee, 2, &input).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(details(&mut staff, pawnee).await.version, 3);
}

#[tokio::test]
async fn update_with_a_stale_version_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut first = app.signed_in(STAFF.0, STAFF.1).await;
    let mut second = app.signed_in(STAFF.0, STAFF.1).await;
    let seen_by_first = details(&mut first, pawnee).await;
    let seen_by_second = details(&mut second, pawnee).await;
    assert_eq!(seen_by_first.version, seen_by_second.version);

    let winner = OrganizationInput {
        city: "Eagleton".to_string(),
        ..seen_by_first.fields.clone()
    };
    let response = update(&mut first, pawnee, seen_by_first.version, &winner).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let loser = OrganizationInput {
        name: "Overwritten".to_string(),
        ..seen_by_second.fields.clone()
    };
    let response = update(&mut second, pawnee, seen_by_second.version, &loser).await;
    assert_eq!(response.status, 409, "{}", response.body);
    let err: AppError = response.json();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert_eq!(response.location(), None);

    let now = details(&mut second, pawnee).await;
    assert_eq!(now.version, 2);
    assert_eq!(now.fields, winner);
    assert_eq!(
        audit_entries(&app, AuditAction::OrganizationUpdate)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn update_of_an_unknown_organization_is_not_found() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = update(&mut staff, 999_999, 1, &rivendell()).await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::NotFound);
    let response = staff
        .call("/api/organizations/get", &[("id", "999999")])
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(organization_count(&app).await, 3);
    assert!(audit_entries(&app, AuditAction::OrganizationUpdate)
        .await
        .is_empty());
}

// --- internal notes ------------------------------------------------------------

#[tokio::test]
async fn staff_read_and_save_notes_with_their_own_version() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let current = notes(&mut staff, pawnee).await;
    assert_eq!(current.notes, PAWNEE_NOTE);
    assert_eq!(current.version, 1);

    let text = "Bob from accounting left; ask for Jerry.";
    let response = save_notes(&mut staff, pawnee, 1, &format!("{text}  \n\n")).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let saved: OrganizationNotes = response.json();
    assert_eq!(
        saved,
        OrganizationNotes {
            notes: text.to_string(),
            version: 2
        }
    );
    assert_eq!(notes(&mut staff, pawnee).await, saved);

    let entries = audit_entries(&app, AuditAction::OrganizationNotes).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entity_id, Some(pawnee));
    assert_eq!(
        details_json(&entries[0]),
        serde_json::json!({ "notes": { "old": PAWNEE_NOTE, "new": text } })
    );

    // Notes never clash with an address edit: the organization's version is untouched.
    let shown = details(&mut staff, pawnee).await;
    assert_eq!(shown.version, 1);
    let response = update(&mut staff, pawnee, 1, &shown.fields).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(notes(&mut staff, pawnee).await, saved);

    // Notes may be cleared.
    let response = save_notes(&mut staff, pawnee, 2, "").await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(notes(&mut staff, pawnee).await.notes, "");
}

#[tokio::test]
async fn saving_notes_over_someone_elses_save_is_refused() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut first = app.signed_in(STAFF.0, STAFF.1).await;
    let mut second = app.signed_in(STAFF.0, STAFF.1).await;
    let read_first = notes(&mut first, pawnee).await;
    let read_second = notes(&mut second, pawnee).await;

    let response = save_notes(&mut first, pawnee, read_first.version, "First wins.").await;
    assert_eq!(response.status, 200, "{}", response.body);
    let response = save_notes(&mut second, pawnee, read_second.version, "Second loses.").await;
    assert_eq!(response.status, 409, "{}", response.body);
    assert!(matches!(response.json::<AppError>(), AppError::Conflict(_)));

    let now = notes(&mut second, pawnee).await;
    assert_eq!(now.notes, "First wins.");
    assert_eq!(now.version, 2);
    assert_eq!(
        audit_entries(&app, AuditAction::OrganizationNotes)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn notes_are_limited_in_length_and_unknown_organizations_are_not_found() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = save_notes(&mut staff, pawnee, 1, &"n".repeat(20_001)).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(
        response.json::<AppError>().message_for("notes").as_deref(),
        Some("Notes are limited to 20000 characters.")
    );
    assert_eq!(notes(&mut staff, pawnee).await.notes, PAWNEE_NOTE);
    let response = save_notes(&mut staff, pawnee, 1, &"n".repeat(20_000)).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let response = staff
        .call("/api/organizations/notes", &[("id", "999999")])
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
    let response = save_notes(&mut staff, 999_999, 1, "Anything").await;
    assert_eq!(response.status, 404, "{}", response.body);
}

#[tokio::test]
async fn notes_never_reach_a_contact() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await.to_string();
    let leslie = contact_by_email(&app, LESLIE.0).await.id.to_string();

    // Leslie belongs to Pawnee itself; Gandalf holds every portal permission.
    for (email, password) in [LESLIE, GANDALF] {
        let mut contact = app.signed_in(email, password).await;
        let mut bodies = Vec::new();
        for path in ["/api/account/sessions", "/api/contacts/me"] {
            let response = contact.call(path, &[]).await;
            assert_eq!(response.status, 200, "{path}: {}", response.body);
            bodies.push((path, response.body));
        }
        let staff_only: [(&str, Vec<(&str, &str)>); 5] = [
            ("/api/organizations/notes", vec![("id", &pawnee)]),
            ("/api/organizations/get", vec![("id", &pawnee)]),
            (
                "/api/organizations/list",
                vec![("search", "pawnee"), ("sort", "name"), ("page", "1")],
            ),
            (
                "/api/admin/contacts/list",
                vec![
                    ("organization_id", &pawnee),
                    ("search", ""),
                    ("sort", "name"),
                    ("offset", "0"),
                ],
            ),
            ("/api/admin/contacts/get", vec![("id", &leslie)]),
        ];
        for (path, args) in staff_only {
            let response = contact.call(path, &args).await;
            assert_eq!(response.status, 403, "{path}: {}", response.body);
            assert_eq!(response.json::<AppError>(), AppError::Forbidden);
            bodies.push((path, response.body));
        }
        for page in ["/portal", "/admin", "/admin/customers/1"] {
            let response = contact.get(page).await;
            bodies.push((page, response.body));
        }
        for (path, body) in bodies {
            assert!(
                !body.contains(PAWNEE_NOTE) && !body.contains("Bob from accounting"),
                "{email} saw the notes at {path}"
            );
        }
    }

    let mut anonymous = app.client();
    let response = anonymous
        .call("/api/organizations/notes", &[("id", &pawnee)])
        .await;
    assert_eq!(response.status, 401, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Unauthenticated);
    assert!(!response.body.contains("Bob from accounting"));

    // Staff, on the other hand, do see them.
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = staff
        .call("/api/organizations/notes", &[("id", &pawnee)])
        .await;
    assert!(response.body.contains(PAWNEE_NOTE), "{}", response.body);
}

// --- who may call ---------------------------------------------------------------

#[tokio::test]
async fn every_organization_endpoint_refuses_anonymous_callers_and_contacts() {
    let app = TestApp::new().await;
    let pawnee = organization_id(&app, PAWNEE).await.to_string();
    let input = input_args(&rivendell());
    let with_input = |mut args: Vec<(String, String)>| {
        args.extend(input.iter().cloned());
        args
    };
    let owned = |args: &[(&str, &str)]| -> Vec<(String, String)> {
        args.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // Complete, valid arguments: a call that failed to decode would answer 400
    // before any permission check.
    let endpoints: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "/api/organizations/list",
            owned(&[("search", ""), ("sort", "name"), ("page", "1")]),
        ),
        ("/api/organizations/create", with_input(Vec::new())),
        ("/api/organizations/get", owned(&[("id", &pawnee)])),
        (
            "/api/organizations/update",
            with_input(owned(&[("id", &pawnee), ("version", "1")])),
        ),
        ("/api/organizations/notes", owned(&[("id", &pawnee)])),
        (
            "/api/organizations/notes/save",
            owned(&[("id", &pawnee), ("version", "1"), ("notes", "Overwritten")]),
        ),
    ];

    let mut anonymous = app.client();
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    for (path, args) in &endpoints {
        let response = call_owned(&mut anonymous, path, args).await;
        assert_eq!(response.status, 401, "anonymous {path}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Unauthenticated);
        let response = call_owned(&mut gandalf, path, args).await;
        assert_eq!(response.status, 403, "contact {path}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Forbidden);
        assert!(!response.body.contains("Pawnee"), "{}", response.body);
    }

    // Nothing changed...
    assert_eq!(organization_count(&app).await, 3);
    let row = organization_by_name(&app, PAWNEE).await;
    assert_eq!((row.version, row.notes_version), (1, 1));
    assert_eq!(row.notes, PAWNEE_NOTE);
    // ...and the same calls are accepted from staff, so the arguments were good.
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for (path, args) in &endpoints {
        let response = call_owned(&mut staff, path, args).await;
        assert_eq!(response.status, 200, "staff {path}: {}", response.body);
    }
    assert_eq!(organization_count(&app).await, 4);
}

// Pages in the back half are read from the end of the reversed order; each
// sort, with ties and organizations nobody signed in to, must join up.
#[tokio::test]
async fn every_page_of_every_sort_joins_up_from_either_end() {
    let app = TestApp::new().await;
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    for n in 0..70i64 {
        let mut org: organization::ActiveModel =
            insert_organization(&app, &format!("Tied Org {}", n % 23))
                .await
                .into();
        org.contact_count = Set((n % 4) as i32);
        org.last_login_at = Set((n % 3 != 0).then(|| base + Duration::days(n % 5)));
        org.update(&app.db.db).await.unwrap();
    }
    let mut rows = organization::Entity::find().all(&app.db.db).await.unwrap();
    let total = rows.len() as u64;
    assert_eq!(total, 73);
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for sort in ["name", "last_login", "contacts"] {
        rows.sort_by(|a, b| {
            let by_name = (&a.name, a.id).cmp(&(&b.name, b.id));
            match sort {
                "name" => by_name,
                "last_login" => b
                    .last_login_at
                    .is_some()
                    .cmp(&a.last_login_at.is_some())
                    .then(b.last_login_at.cmp(&a.last_login_at))
                    .then(by_name),
                _ => b.contact_count.cmp(&a.contact_count).then(by_name),
            }
        });
        let expected: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
        let ids: Vec<i32> = rows.iter().map(|row| row.id).collect();
        let mut seen = Vec::new();
        let mut seen_names = Vec::new();
        for page in 1..=3 {
            let found = list(&mut staff, "", sort, page).await;
            assert_eq!(found.total, total, "sort {sort}, page {page}");
            seen.extend(found.items.iter().map(|org| org.id));
            seen_names.extend(found.items.iter().map(|org| org.name.clone()));
        }
        assert_eq!(seen, ids, "sort {sort}: {seen_names:?} vs {expected:?}");
        // A search matching most of them pages the same way.
        let found = list(&mut staff, "tied", sort, 3).await;
        assert_eq!(found.total, 70, "sort {sort}");
        let matching: Vec<i32> = rows
            .iter()
            .filter(|row| row.name.starts_with("Tied"))
            .map(|row| row.id)
            .collect();
        let page_ids: Vec<i32> = found.items.iter().map(|org| org.id).collect();
        assert_eq!(page_ids, matching[50..], "search, sort {sort}");
    }
}

// Counting a search by LIKE reads every match (and for one or two characters
// every organization), so it stops at 1,000: the list says "more than 1000"
// and pages on while pages are full.
#[tokio::test]
async fn a_search_matching_more_than_a_thousand_says_so_and_pages_on() {
    let app = TestApp::new().await;
    let bulk: Vec<String> = (0..1_030).map(|i| format!("Bulk Print {i:04}")).collect();
    insert_organizations(&app, &bulk).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;

    let first = list(&mut staff, "pr", "name", 1).await;
    assert_eq!((first.total, first.at_least), (1_000, true));
    assert!(first.has_more());
    assert_eq!(first.page_count(), 40, "the pages counted so far");
    assert_eq!(names(&first)[0], "Bulk Print 0000");

    // Past the counted thousand the pages still come, in order.
    let page = list(&mut staff, "pr", "name", 41).await;
    assert_eq!(page.items.len(), 25);
    assert_eq!(names(&page)[0], "Bulk Print 1000");
    assert!(page.has_more());
    assert_eq!(page.page_count(), 42);
    let last = list(&mut staff, "pr", "name", 42).await;
    assert_eq!(
        names(&last),
        [
            "Bulk Print 1025",
            "Bulk Print 1026",
            "Bulk Print 1027",
            "Bulk Print 1028",
            "Bulk Print 1029"
        ]
    );
    assert!(!last.has_more());

    // What staff see.
    let html = staff.get("/admin?q=pr").await;
    assert_eq!(html.status, 200);
    assert!(
        html.body.contains("Page 1 · more than 1000 organizations"),
        "{}",
        html.body
    );
    // A search counted in full says how many.
    let html = staff.get("/admin?q=bulk%20print%2010").await;
    assert!(
        html.body.contains("Page 1 of 2 · 30 organizations"),
        "{}",
        html.body
    );
}
