//! Estimates through the real server functions: creating one from the form's
//! fields, its number and totals, validation next to the field, the lists'
//! search, filters and paging, sending, revisions, expiry by the server's
//! clock, and numbers that stay unique when servers create at once.

use chrono::Duration;
use portal::audit::service::Actor;
use portal::error::AppError;
use portal::sales::{EstimateDetails, EstimateInput, EstimateList, EstimateStatus, LineInput};

use crate::support::client::Response;
use crate::support::fixtures::{contact_by_email, organization_id};
use crate::support::{Client, TestApp, ANN, GANDALF, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const PAWNEE: &str = "Pawnee Parks Dept.";

/// The form fields of an estimate for `organization_id`, as the New estimate
/// form posts them, with `lines` as (description, quantity, unit price,
/// discount, taxable, optional).
fn estimate_form(
    organization_id: i32,
    contact_id: Option<i32>,
    title: &str,
    lines: &[(&str, &str, &str, &str, bool, bool)],
) -> Vec<(String, String)> {
    let mut form = vec![
        (
            "input[organization_id]".to_string(),
            organization_id.to_string(),
        ),
        ("input[title]".to_string(), title.to_string()),
        (
            "input[contact_id]".to_string(),
            contact_id.map(|id| id.to_string()).unwrap_or_default(),
        ),
        ("input[issued_on]".to_string(), "2026-12-01".to_string()),
        ("input[valid_until]".to_string(), "2026-12-31".to_string()),
        ("input[tax_rate]".to_string(), "8.25".to_string()),
        ("input[notes]".to_string(), "Weekend install.".to_string()),
        ("input[terms]".to_string(), "Net 30.".to_string()),
    ];
    for (index, (description, quantity, price, discount, taxable, optional)) in
        lines.iter().enumerate()
    {
        let field = |name: &str| format!("input[lines][{index}][{name}]");
        form.push((field("description"), description.to_string()));
        form.push((field("quantity"), quantity.to_string()));
        form.push((field("unit"), "each".to_string()));
        form.push((field("unit_price"), price.to_string()));
        form.push((field("discount"), discount.to_string()));
        if *taxable {
            form.push((field("taxable"), "true".to_string()));
        }
        if *optional {
            form.push((field("optional"), "true".to_string()));
        }
    }
    // A blank row, as the form always offers a few: skipped.
    let blank = lines.len();
    form.push((format!("input[lines][{blank}][description]"), String::new()));
    form.push((format!("input[lines][{blank}][quantity]"), String::new()));
    form
}

async fn post(client: &mut Client, path: &str, form: &[(String, String)]) -> Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.call(path, &pairs).await
}

const THREE_LINES: &[(&str, &str, &str, &str, bool, bool)] = &[
    ("Managed switch", "2", "649.00", "", true, false),
    ("Installation", "6", "125", "", false, false),
    ("Access point", "3", "219.00", "10", true, true),
];

/// Creates an estimate as `client`; answers its id.
async fn create(client: &mut Client, form: &[(String, String)]) -> i32 {
    let response = post(client, "/api/estimates/create", form).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn details(client: &mut Client, id: i32) -> EstimateDetails {
    let response = client
        .call("/api/estimates/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn list(
    client: &mut Client,
    search: &str,
    status: &str,
    sort: &str,
    page: u64,
) -> EstimateList {
    let response = client
        .call(
            "/api/estimates/list",
            &[
                ("organization_id", "0"),
                ("search", search),
                ("status", status),
                ("sort", sort),
                ("page", &page.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn send(client: &mut Client, id: i32, version: i32) -> Response {
    client
        .call(
            "/api/estimates/send",
            &[("id", &id.to_string()), ("version", &version.to_string())],
        )
        .await
}

#[tokio::test]
async fn staff_create_an_estimate_from_the_form_with_its_number_lines_and_server_totals() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let id = create(
        &mut staff,
        &estimate_form(org, Some(gandalf.id), "Network refresh", THREE_LINES),
    )
    .await;
    let estimate = details(&mut staff, id).await;

    // The demo data holds seven estimates (EST-1001 to EST-1007): this is the next.
    assert_eq!(estimate.number, "EST-1008");
    assert_eq!(estimate.status, EstimateStatus::Draft);
    assert_eq!(estimate.revision, 1);
    assert_eq!(estimate.contact.as_ref().map(|c| c.id), Some(gandalf.id));
    assert_eq!(estimate.lines.len(), 3, "the blank row is skipped");
    assert_eq!(estimate.lines[0].quantity, 2_000);
    assert_eq!(estimate.lines[2].discount_bp, 1_000);
    assert!(estimate.lines[2].optional && !estimate.lines[1].taxable);
    // The optional line counts only once the customer chooses it:
    // 2 × 649.00 + 6 × 125.00 = 2,048.00; tax 8.25% of the taxable 1,298.00 =
    // 107.085, rounded to 107.09.
    assert!(!estimate.lines[2].selected && estimate.lines[0].selected);
    assert_eq!(estimate.totals.subtotal_cents, 129_800 + 75_000);
    assert_eq!(estimate.totals.discount_cents, 0);
    assert_eq!(estimate.totals.tax_cents, 10_709);
    assert_eq!(estimate.totals.total_cents, 204_800 + 10_709);
    assert_eq!(estimate.totals.left_out, 1);
    assert_eq!(
        estimate
            .activity
            .iter()
            .map(|a| a.what.as_str())
            .collect::<Vec<_>>(),
        ["Created the estimate"]
    );

    // The list shows it with the stored total, found by number, title or organization.
    for search in ["EST-1008", "network ref", "middle earth"] {
        let found = list(&mut staff, search, "", "newest", 1).await;
        assert!(
            found
                .items
                .iter()
                .any(|e| e.id == id && e.total_cents == estimate.totals.total_cents),
            "{search}: {found:?}"
        );
    }
    let drafts = list(&mut staff, "", "draft", "newest", 1).await;
    assert!(drafts
        .items
        .iter()
        .all(|e| e.status == EstimateStatus::Draft));
    assert!(drafts.items.iter().any(|e| e.id == id));
    assert!(list(&mut staff, "EST-1008", "sent", "newest", 1)
        .await
        .items
        .is_empty());

    // Both staff roles work on sales documents.
    let mut ann = app.signed_in(ANN.0, ANN.1).await;
    assert_eq!(details(&mut ann, id).await.number, "EST-1008");
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_it_belongs_to() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let leslie = contact_by_email(&app, "lknope@pawnee-indiana.gov").await;
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (
            estimate_form(
                org,
                None,
                "Bad quantity",
                &[
                    ("Switch", "2", "10", "", true, false),
                    ("Cable", "1.2345", "5", "", true, false),
                ],
            ),
            "lines[1][quantity]",
        ),
        (
            estimate_form(
                org,
                None,
                "Bad price",
                &[("Switch", "2", "ten dollars", "", true, false)],
            ),
            "lines[0][unit_price]",
        ),
        (
            estimate_form(
                org,
                None,
                "Bad discount",
                &[("Switch", "2", "10", "120", true, false)],
            ),
            "lines[0][discount]",
        ),
        (
            estimate_form(org, None, "No lines", &[]),
            "lines[0][description]",
        ),
        (estimate_form(org, None, "", THREE_LINES), "title"),
        // Another organization's contact.
        (
            estimate_form(org, Some(leslie.id), "Wrong contact", THREE_LINES),
            "contact_id",
        ),
    ];
    for (form, field) in cases {
        let response = post(&mut staff, "/api/estimates/create", &form).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        match response.json::<AppError>() {
            AppError::Validation {
                field: Some(named),
                message,
            } => {
                assert_eq!(named, field);
                assert!(
                    message.ends_with('.') || message.ends_with(')'),
                    "{message}"
                );
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    let mut form = estimate_form(org, None, "Ends before it starts", THREE_LINES);
    form.retain(|(k, _)| k != "input[valid_until]");
    form.push(("input[valid_until]".into(), "2026-11-01".into()));
    let response = post(&mut staff, "/api/estimates/create", &form).await;
    assert_eq!(response.status, 422);
    assert!(response
        .json::<AppError>()
        .message_for("valid_until")
        .is_some());
}

#[tokio::test]
async fn sending_an_estimate_moves_it_once_and_later_edits_make_revisions() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let id = create(
        &mut staff,
        &estimate_form(org, None, "Cabling", THREE_LINES),
    )
    .await;

    // A draft edit changes it in place.
    let mut form = estimate_form(org, None, "Cabling, floor 2", THREE_LINES);
    form.extend([
        ("id".into(), id.to_string()),
        ("version".into(), "1".into()),
    ]);
    let response = post(&mut staff, "/api/estimates/update", &form).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let draft = details(&mut staff, id).await;
    assert_eq!(
        (draft.title.as_str(), draft.revision, draft.version),
        ("Cabling, floor 2", 1, 2)
    );

    // A stale version is refused.
    assert_eq!(send(&mut staff, id, 1).await.status, 409);
    assert_eq!(send(&mut staff, id, 2).await.status, 200);
    let sent = details(&mut staff, id).await;
    assert_eq!(sent.status, EstimateStatus::Sent);
    // Sending twice says why not.
    let again = send(&mut staff, id, sent.version).await;
    assert_eq!(again.status, 409);
    assert_eq!(
        again.json::<AppError>(),
        AppError::Conflict("This estimate has already been sent.".into())
    );

    // Once the customer could see it, an edit is a new revision.
    let mut form = estimate_form(org, None, "Cabling, floor 2", &THREE_LINES[..2]);
    form.extend([
        ("id".into(), id.to_string()),
        ("version".into(), sent.version.to_string()),
    ]);
    let response = post(&mut staff, "/api/estimates/update", &form).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let revised = details(&mut staff, id).await;
    assert_eq!(revised.revision, 2);
    assert_eq!(revised.lines.len(), 2);
    assert_eq!(
        revised
            .activity
            .iter()
            .map(|a| a.what.as_str())
            .collect::<Vec<_>>(),
        [
            "Revised the estimate (revision 2)",
            "Marked the estimate sent",
            "Edited the draft",
            "Created the estimate"
        ]
    );
}

#[tokio::test]
async fn an_estimate_waiting_past_its_date_expires_by_the_servers_clock() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, PAWNEE).await;
    let mut form = estimate_form(org, None, "Short offer", THREE_LINES);
    let today = app.clock.now().date_naive();
    for (key, value) in form.iter_mut() {
        match key.as_str() {
            "input[issued_on]" => *value = today.to_string(),
            "input[valid_until]" => *value = (today + Duration::days(2)).to_string(),
            _ => {}
        }
    }
    let id = create(&mut staff, &form).await;
    assert_eq!(send(&mut staff, id, 1).await.status, 200);
    assert_eq!(details(&mut staff, id).await.status, EstimateStatus::Sent);

    app.clock.advance(Duration::days(3));
    // Three days on, the session has ended too.
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let expired = details(&mut staff, id).await;
    assert_eq!(expired.status, EstimateStatus::Expired);
    let listed = list(&mut staff, &expired.number, "expired", "newest", 1).await;
    assert_eq!(listed.items.iter().map(|e| e.id).collect::<Vec<_>>(), [id]);
    assert!(list(&mut staff, &expired.number, "sent", "newest", 1)
        .await
        .items
        .is_empty());
    // Sending it again needs a later date first.
    let response = send(&mut staff, id, expired.version).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert!(response
        .json::<AppError>()
        .message_for("valid_until")
        .is_some());
}

#[tokio::test]
async fn the_lists_page_sort_and_filter_on_the_server() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    for n in 0..30 {
        let price = format!("{}", 100 + n);
        let lines = [("Hours", "1", price.as_str(), "", false, false)];
        create(
            &mut staff,
            &estimate_form(org, None, &format!("Batch {n:02}"), &lines),
        )
        .await;
    }
    let first = list(&mut staff, "batch", "", "total", 1).await;
    assert_eq!((first.total, first.items.len()), (30, 25));
    assert_eq!(first.items[0].title, "Batch 29", "highest total first");
    let second = list(&mut staff, "batch", "", "total", 2).await;
    assert_eq!(second.items.len(), 5);
    assert_eq!(second.items.last().unwrap().title, "Batch 00");
    let by_number = list(&mut staff, "batch", "", "number", 1).await;
    assert_eq!(by_number.items[0].title, "Batch 00");
    // The demo data's estimates in their states: one of them has expired.
    let all = list(&mut staff, "", "", "newest", 1).await;
    assert_eq!(all.total, 37);
    let expired = list(&mut staff, "", "expired", "newest", 1).await;
    assert_eq!(
        expired
            .items
            .iter()
            .map(|e| e.title.as_str())
            .collect::<Vec<_>>(),
        ["Printer fleet lease"]
    );
}

#[tokio::test]
async fn estimates_created_at_once_all_get_different_numbers() {
    let app = TestApp::new().await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let input = EstimateInput {
        organization_id: org,
        title: "Concurrent".into(),
        issued_on: "2026-12-01".into(),
        tax_rate: "0".into(),
        lines: vec![LineInput {
            description: "One".into(),
            quantity: "1".into(),
            unit_price: "1".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let ctx = app.ctx(Actor::system());
            let input = input.clone();
            tokio::spawn(async move { portal::sales::service::create(&ctx, None, &input).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        let id = task.await.unwrap().unwrap();
        let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
        numbers.push(details(&mut staff, id).await.number);
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 20, "{numbers:?}");
}
