//! The portal's Billing page through the real server function: a contact with
//! Access Billing sees their own organization's invoices, open ones by default,
//! with what the organization owes and what is overdue; paging; who may call.

use chrono::{Duration, NaiveDate, Utc};
use portal::billing::{BillingOverview, InvoiceList, InvoiceStatus, INVOICES_PER_PAGE};
use portal::db::entities::invoice;
use portal::error::AppError;
use sea_orm::{ActiveModelTrait, Set};

use crate::support::client::Response;
use crate::support::fixtures::{organization_id, LESLIE};
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const DEMO_COMPANY: &str = "Demo Company";

/// Ron Swanson: Pawnee Parks Dept., level Billing (Access Billing only).
const RON: (&str, &str) = ("rswanson@pawnee-indiana.gov", "contact-demo-2026");
/// Dana Reports: Demo Company, level Reports (Access Reports only).
const DANA: (&str, &str) = ("reports@example.com", "contact-demo-2026");
/// Demo Owner: Demo Company, level Administrator.
const DEMO_OWNER: (&str, &str) = ("demo@example.com", "contact-demo-2026");

async fn call_invoices(client: &mut Client, filter: &str, page: u64) -> Response {
    client
        .call(
            "/api/portal/invoices",
            &[("filter", filter), ("page", &page.to_string())],
        )
        .await
}

async fn invoices(client: &mut Client, filter: &str, page: u64) -> InvoiceList {
    let response = call_invoices(client, filter, page).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn numbers(list: &InvoiceList) -> Vec<&str> {
    list.page.items.iter().map(|i| i.number.as_str()).collect()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// An invoice straight into the database, due 30 days after it was issued.
async fn insert_invoice(
    app: &TestApp,
    organization_id: i32,
    number: &str,
    issued_on: NaiveDate,
    (total_cents, balance_cents): (i64, i64),
    status: InvoiceStatus,
) -> invoice::Model {
    let now = Utc::now();
    invoice::ActiveModel {
        organization_id: Set(organization_id),
        number: Set(number.to_string()),
        issued_on: Set(issued_on),
        due_on: Set(issued_on + Duration::days(30)),
        description: Set(format!("Work for {number}")),
        total_cents: Set(total_cents),
        balance_cents: Set(balance_cents),
        status: Set(status),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_billing_contact_sees_the_open_invoices_and_what_the_organization_owes() {
    let app = TestApp::new().await;
    let mut ron = app.signed_in(RON.0, RON.1).await;

    let open = invoices(&mut ron, "open", 1).await;
    assert_eq!(numbers(&open), ["INV-1006", "INV-1002"]);
    assert_eq!(
        open.overview,
        BillingOverview {
            open_count: 2,
            open_balance_cents: 45_000 + 182_500,
            overdue_balance_cents: 45_000,
        }
    );
    assert_eq!(open.page.total, 2);
    assert_eq!((open.page.offset, open.page.limit), (0, INVOICES_PER_PAGE));
    assert!(!open.page.has_more());

    let today = today();
    let [newest, oldest] = &open.page.items[..] else {
        panic!("two open invoices: {open:?}");
    };
    assert_eq!(newest.status, InvoiceStatus::Open);
    assert_eq!(newest.issued_on, today - Duration::days(9));
    assert_eq!(newest.due_on, today + Duration::days(21));
    assert_eq!(newest.description, "Harvest Festival sound system");
    assert_eq!(
        (newest.total_cents, newest.balance_cents),
        (182_500, 182_500)
    );
    assert!(!newest.overdue);
    // Issued 64 days ago on 30 days' terms: 34 days overdue, part paid.
    assert_eq!(oldest.status, InvoiceStatus::Open);
    assert_eq!(oldest.issued_on, today - Duration::days(64));
    assert_eq!(oldest.due_on, today - Duration::days(34));
    assert_eq!(
        (oldest.total_cents, oldest.balance_cents),
        (125_000, 45_000)
    );
    assert!(oldest.overdue);

    // An unknown filter means the default: open invoices.
    assert_eq!(invoices(&mut ron, "no-such-filter", 1).await, open);
    assert_eq!(invoices(&mut ron, "", 1).await, open);
}

#[tokio::test]
async fn all_invoices_include_paid_ones_newest_first() {
    let app = TestApp::new().await;
    let mut ron = app.signed_in(RON.0, RON.1).await;

    let all = invoices(&mut ron, "all", 1).await;
    assert_eq!(numbers(&all), ["INV-1006", "INV-1004", "INV-1002"]);
    assert_eq!(all.page.total, 3);
    let paid = &all.page.items[1];
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert_eq!(paid.balance_cents, 0);
    assert_eq!(paid.total_cents, 310_000);
    // Past its due date, but paid: not overdue.
    assert!(paid.due_on < today());
    assert!(!paid.overdue);
    // The overview is about open invoices whatever the filter.
    assert_eq!(all.overview, invoices(&mut ron, "open", 1).await.overview);
}

#[tokio::test]
async fn every_contact_sees_only_their_own_organizations_invoices() {
    let app = TestApp::new().await;

    // Gandalf's Administrator level holds Admin Access, which allows billing.
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let open = invoices(&mut gandalf, "open", 1).await;
    assert_eq!(numbers(&open), ["INV-1007"]);
    assert_eq!(
        open.overview,
        BillingOverview {
            open_count: 1,
            open_balance_cents: 86_550,
            overdue_balance_cents: 0,
        }
    );
    assert!(!open.page.items[0].overdue);
    assert_eq!(
        numbers(&invoices(&mut gandalf, "all", 1).await),
        ["INV-1007", "INV-1001"]
    );

    let mut leslie = app.signed_in(LESLIE.0, LESLIE.1).await;
    assert_eq!(
        numbers(&invoices(&mut leslie, "all", 1).await),
        ["INV-1006", "INV-1004", "INV-1002"]
    );

    let mut demo = app.signed_in(DEMO_OWNER.0, DEMO_OWNER.1).await;
    let list = invoices(&mut demo, "all", 1).await;
    assert_eq!(numbers(&list), ["INV-1005"]);
    assert_eq!(list.overview.open_balance_cents, 50_000);
}

#[tokio::test]
async fn invoices_need_access_billing() {
    let app = TestApp::new().await;

    let response = call_invoices(&mut app.client(), "all", 1).await;
    assert_eq!(response.status, 401, "{}", response.body);
    assert_eq!(response.json::<AppError>(), AppError::Unauthenticated);

    for (email, password) in [SAMWISE, DANA, STAFF] {
        let mut client = app.signed_in(email, password).await;
        let response = call_invoices(&mut client, "all", 1).await;
        assert_eq!(response.status, 403, "{email}: {}", response.body);
        assert_eq!(response.json::<AppError>(), AppError::Forbidden);
        assert!(!response.body.contains("INV-"), "{}", response.body);
    }
}

#[tokio::test]
async fn invoices_page_newest_first_and_the_overview_covers_every_page() {
    let app = TestApp::new().await;
    let demo = organization_id(&app, DEMO_COMPANY).await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let today = today();
    // 30 more open invoices, one a day, issued 50 to 21 days ago and so due
    // 20 days ago to 9 days from now; large enough that the sums need 64 bits.
    let big = 3_000_000_000_i64;
    for n in 1..=30 {
        insert_invoice(
            &app,
            demo,
            &format!("DEMO-{n:02}"),
            today - Duration::days(51 - n),
            (big, big),
            InvoiceStatus::Open,
        )
        .await;
    }
    // Neither counts as owed.
    insert_invoice(
        &app,
        demo,
        "DEMO-PAID",
        today,
        (1_000, 0),
        InvoiceStatus::Paid,
    )
    .await;
    insert_invoice(
        &app,
        demo,
        "DEMO-VOID",
        today - Duration::days(80),
        (2_000, 2_000),
        InvoiceStatus::Void,
    )
    .await;
    // Another organization's invoice never shows.
    insert_invoice(
        &app,
        middle_earth,
        "ME-OTHER",
        today,
        (5_000, 5_000),
        InvoiceStatus::Open,
    )
    .await;

    let mut owner = app.signed_in(DEMO_OWNER.0, DEMO_OWNER.1).await;
    let first = invoices(&mut owner, "open", 1).await;
    let expected_overview = BillingOverview {
        open_count: 31,
        open_balance_cents: 30 * big + 50_000,
        // DEMO-01 to DEMO-20; DEMO-21 falls due today, and INV-1005 (issued
        // 20 days ago) in 10 days.
        overdue_balance_cents: 20 * big,
    };
    assert_eq!(first.overview, expected_overview);
    assert_eq!(first.page.total, 31);
    assert_eq!(first.page.items.len(), 25);
    assert_eq!(first.page.offset, 0);
    assert!(first.page.has_more());
    assert_eq!(first.page.page_count(), 2);
    assert_eq!(first.page.items[0].number, "INV-1005");
    assert_eq!(first.page.items[1].number, "DEMO-30");
    let due_today = first
        .page
        .items
        .iter()
        .find(|i| i.number == "DEMO-21")
        .unwrap();
    assert_eq!(due_today.due_on, today);
    assert!(!due_today.overdue);
    let due_yesterday = first
        .page
        .items
        .iter()
        .find(|i| i.number == "DEMO-20")
        .unwrap();
    assert_eq!(due_yesterday.due_on, today - Duration::days(1));
    assert!(due_yesterday.overdue);

    let second = invoices(&mut owner, "open", 2).await;
    assert_eq!(second.page.offset, 25);
    assert_eq!(second.page.page_number(), 2);
    assert_eq!(
        numbers(&second),
        ["DEMO-06", "DEMO-05", "DEMO-04", "DEMO-03", "DEMO-02", "DEMO-01"]
    );
    assert!(!second.page.has_more());
    assert_eq!(second.overview, expected_overview);

    // Page 0 is the first page; a page beyond the end is empty.
    assert_eq!(invoices(&mut owner, "open", 0).await, first);
    let beyond = invoices(&mut owner, "open", 9).await;
    assert!(beyond.page.items.is_empty());
    assert_eq!(beyond.page.total, 31);

    // Every invoice once across the pages, none of another organization's.
    let mut seen: Vec<String> = numbers(&first).into_iter().map(String::from).collect();
    seen.extend(numbers(&second).into_iter().map(String::from));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 31);
    assert!(!seen.iter().any(|n| n.starts_with("ME-")));

    let all = invoices(&mut owner, "all", 2).await;
    assert_eq!(all.page.total, 33);
    assert_eq!(numbers(&all).last(), Some(&"DEMO-VOID"));
    let void = all.page.items.last().unwrap();
    assert_eq!(void.status, InvoiceStatus::Void);
    assert!(!void.overdue);
    assert_eq!(all.overview, expected_overview);
}

#[tokio::test]
async fn a_page_far_past_the_end_is_empty_not_an_error() {
    let app = TestApp::new().await;
    let mut ron = app.signed_in(RON.0, RON.1).await;
    for page in [1 << 58, 1 << 59, u64::MAX] {
        let list = invoices(&mut ron, "all", page).await;
        assert!(list.page.items.is_empty(), "page {page}");
        assert_eq!(list.page.total, 3, "page {page}");
    }
}
