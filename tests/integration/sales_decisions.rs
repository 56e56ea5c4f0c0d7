//! Customers deciding on estimates through the portal's server functions:
//! what they see, approving with the evidence stored (the revision's hash, the
//! typed name, the choices, the address and browser), refusals next to the
//! field, one decision per revision however many arrive at once, revisions
//! made while a customer reads, and approvals that a later total outdates.

use portal::error::AppError;
use portal::sales::{EstimateDetails, EstimateList, EstimateStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::client::Response;
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

/// The demo's sent estimate for Middle Earth (EST-1001): two lines and an
/// optional third (3 access points at 219.00 less 10%, taxable), 8.25% tax.
const SENT: &str = "Office network refresh";

async fn estimate_id(app: &TestApp, title: &str) -> i32 {
    portal::db::entities::sales_document::Entity::find()
        .filter(portal::db::entities::sales_document::Column::Title.eq(title))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("a demo estimate")
        .id
}

async fn portal_list(client: &mut Client, filter: &str) -> EstimateList {
    let response = client
        .call(
            "/api/portal/estimates",
            &[("filter", filter), ("page", "1")],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn portal_get(client: &mut Client, id: i32) -> Response {
    client
        .call("/api/portal/estimates/get", &[("id", &id.to_string())])
        .await
}

async fn staff_get(client: &mut Client, id: i32) -> EstimateDetails {
    let response = client
        .call("/api/estimates/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn approve(client: &mut Client, id: i32, revision: i32, fields: &[(&str, &str)]) -> Response {
    let (id, revision) = (id.to_string(), revision.to_string());
    let mut form = vec![("id", id.as_str()), ("revision", revision.as_str())];
    form.extend_from_slice(fields);
    client.call("/api/portal/estimates/approve", &form).await
}

const SIGNED: &[(&str, &str)] = &[
    ("input[accept_terms]", "true"),
    ("input[signer_name]", "Gandalf the Grey"),
    ("input[po_number]", "PO-77"),
    ("input[chosen][2]", "true"),
];

fn field_of(response: &Response) -> Option<String> {
    match response.json::<AppError>() {
        AppError::Validation { field, .. } => field,
        other => panic!("not a validation error: {other:?}"),
    }
}

#[tokio::test]
async fn a_contact_sees_sent_estimates_only_and_opening_one_marks_it_viewed() {
    let app = TestApp::new().await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let open = portal_list(&mut gandalf, "open").await;
    assert_eq!(
        open.items
            .iter()
            .map(|e| e.title.as_str())
            .collect::<Vec<_>>(),
        [SENT]
    );
    let all = portal_list(&mut gandalf, "all").await;
    let mut titles: Vec<_> = all.items.iter().map(|e| e.title.as_str()).collect();
    titles.sort();
    // Never the draft ("Backup server replacement").
    assert_eq!(
        titles,
        [
            "Office network refresh",
            "Printer fleet lease",
            "Security awareness training"
        ]
    );

    let draft = estimate_id(&app, "Backup server replacement").await;
    assert_eq!(portal_get(&mut gandalf, draft).await.status, 404);
    let id = estimate_id(&app, SENT).await;
    let seen: EstimateDetails = portal_get(&mut gandalf, id).await.json();
    assert_eq!(seen.status, EstimateStatus::Viewed);
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let staff_view = staff_get(&mut staff, id).await;
    assert_eq!(staff_view.status, EstimateStatus::Viewed);
    assert_eq!(staff_view.activity[0].what, "Opened the estimate");
    assert!(staff_view.activity[0].who.contains(GANDALF.0));

    // Samwise's level (Basic) does not include estimates.
    let mut samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let refused = samwise
        .call("/api/portal/estimates", &[("filter", "all"), ("page", "1")])
        .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn approving_stores_the_choices_the_accepted_total_and_the_evidence() {
    let app = TestApp::new().await;
    let id = estimate_id(&app, SENT).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let before: EstimateDetails = portal_get(&mut gandalf, id).await.json();
    // Without the optional line: 1,298.00 + 750.00 + 8.25% of 1,298.00.
    assert_eq!(before.totals.total_cents, 215_509);

    // Incomplete forms are refused next to the field, and nothing is decided.
    let no_terms = approve(&mut gandalf, id, 1, &[("input[signer_name]", "Gandalf")]).await;
    assert_eq!(
        (no_terms.status.as_u16(), field_of(&no_terms).as_deref()),
        (422, Some("accept_terms"))
    );
    let no_name = approve(&mut gandalf, id, 1, &[("input[accept_terms]", "true")]).await;
    assert_eq!(
        (no_name.status.as_u16(), field_of(&no_name).as_deref()),
        (422, Some("signer_name"))
    );
    let no_note = gandalf
        .call(
            "/api/portal/estimates/request_changes",
            &[("id", &id.to_string()), ("revision", "1"), ("note", "  ")],
        )
        .await;
    assert_eq!(
        (no_note.status.as_u16(), field_of(&no_note).as_deref()),
        (422, Some("note"))
    );
    // A required line can't be "chosen".
    let required = approve(
        &mut gandalf,
        id,
        1,
        &[
            ("input[accept_terms]", "true"),
            ("input[signer_name]", "G"),
            ("input[chosen][0]", "true"),
        ],
    )
    .await;
    assert_eq!(required.status, 422);

    gandalf
        .from_address("203.0.113.7")
        .with_user_agent("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    let response = approve(&mut gandalf, id, 1, SIGNED).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let approved = staff_get(&mut staff, id).await;
    assert_eq!(approved.status, EstimateStatus::Approved);
    assert!(approved.lines[2].selected, "the optional line chosen");
    // With the access points: + 591.30, taxed: 8.25% of 1,889.30 = 155.87.
    assert_eq!(
        approved.totals.total_cents,
        129_800 + 75_000 + 59_130 + 15_587
    );
    let decision = &approved.decisions[0];
    assert_eq!(decision.accepted_total_cents, approved.totals.total_cents);
    assert_eq!(
        (decision.signer_name.as_str(), decision.po_number.as_str()),
        ("Gandalf the Grey", "PO-77")
    );
    assert_eq!(decision.chosen_lines, [2]);
    assert_eq!(decision.revision, 1);
    assert!(decision.contact_label.contains(GANDALF.0));
    assert!(
        decision.user_agent.is_some() && decision.client_ip.is_some(),
        "{decision:?}"
    );
    // The hash names revision 1's content as it was written down when sent.
    let revision = portal::db::entities::sales_revision::Entity::find()
        .filter(portal::db::entities::sales_revision::Column::DocumentId.eq(id))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("revision 1 written down");
    assert_eq!(decision.content_sha256, revision.content_sha256);
    assert_eq!(decision.content_sha256.len(), 64);
    // The list shows the accepted total.
    let listed = portal_list(&mut gandalf, "all").await;
    let row = listed.items.iter().find(|e| e.id == id).unwrap();
    assert_eq!(row.total_cents, decision.accepted_total_cents);
    // The contact sees their decision but not the address and browser.
    let theirs: EstimateDetails = portal_get(&mut gandalf, id).await.json();
    assert!(theirs.decisions[0].client_ip.is_none() && theirs.decisions[0].user_agent.is_none());

    // Deciding again says what happened.
    let again = approve(&mut gandalf, id, 1, SIGNED).await;
    assert_eq!(again.status, 409);
    let AppError::Conflict(message) = again.json::<AppError>() else {
        panic!()
    };
    assert!(
        message.starts_with("Gandalf The Grey already approved this estimate"),
        "{message}"
    );
}

#[tokio::test]
async fn of_decisions_submitted_at_once_exactly_one_wins() {
    let app = TestApp::new().await;
    let id = estimate_id(&app, SENT).await;
    let mut clients = Vec::new();
    for _ in 0..6 {
        clients.push(app.signed_in(GANDALF.0, GANDALF.1).await);
    }
    let calls = clients
        .into_iter()
        .enumerate()
        .map(|(n, mut client)| async move {
            if n % 2 == 0 {
                approve(&mut client, id, 1, SIGNED).await
            } else {
                client
                    .call(
                        "/api/portal/estimates/decline",
                        &[
                            ("id", &id.to_string()),
                            ("revision", "1"),
                            ("reason", "Too dear"),
                        ],
                    )
                    .await
            }
        });
    let answers = futures::future::join_all(calls).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        5,
        "{statuses:?}"
    );
    let decisions = portal::db::entities::sales_decision::Entity::find()
        .filter(portal::db::entities::sales_decision::Column::DocumentId.eq(id))
        .all(&app.db.db)
        .await
        .unwrap();
    assert_eq!(decisions.len(), 1);
}

#[tokio::test]
async fn a_revision_made_while_the_customer_reads_and_a_changed_total_ask_again() {
    let app = TestApp::new().await;
    let id = estimate_id(&app, SENT).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let read: EstimateDetails = portal_get(&mut gandalf, id).await.json();
    assert_eq!(read.revision, 1);

    // Staff revise it (a longer installation) while Gandalf reads revision 1.
    let current = staff_get(&mut staff, id).await;
    let edit = |estimate: &EstimateDetails, hours: &str| {
        let mut input = estimate.input();
        input.lines[1].quantity = hours.to_string();
        input
    };
    save(&mut staff, &current, edit(&current, "8")).await;
    let stale = approve(&mut gandalf, id, 1, SIGNED).await;
    assert_eq!(stale.status, 409);
    assert_eq!(
        stale.json::<AppError>(),
        AppError::Conflict(
            "This estimate was revised while you were reading it. Review revision 2 and decide again.".into()
        )
    );
    // Approved without the optional line this time.
    let unchosen = &SIGNED[..3];
    assert_eq!(approve(&mut gandalf, id, 2, unchosen).await.status, 200);

    // A revision that keeps the total keeps the approval…
    let approved = staff_get(&mut staff, id).await;
    let mut same_total = approved.input();
    same_total.notes = "Installation on Saturday.".into();
    save(&mut staff, &approved, same_total).await;
    let kept = staff_get(&mut staff, id).await;
    assert_eq!((kept.revision, kept.status), (3, EstimateStatus::Approved));
    assert!(!kept.decisions[0].out_of_date);

    // …and one that changes it asks the customer again.
    save(&mut staff, &kept, edit(&kept, "10")).await;
    let asked = staff_get(&mut staff, id).await;
    assert_eq!((asked.revision, asked.status), (4, EstimateStatus::Sent));
    assert!(asked.decisions[0].out_of_date);
    assert!(
        asked.activity[0]
            .what
            .contains("the approval is out of date"),
        "{:?}",
        asked.activity[0]
    );
    // The customer can decide on the new revision.
    assert_eq!(approve(&mut gandalf, id, 4, unchosen).await.status, 200);
}

async fn save(staff: &mut Client, current: &EstimateDetails, input: portal::sales::EstimateInput) {
    let mut form = vec![
        ("id".to_string(), current.id.to_string()),
        ("version".to_string(), current.version.to_string()),
        (
            "input[organization_id]".to_string(),
            input.organization_id.to_string(),
        ),
        ("input[title]".to_string(), input.title.clone()),
        ("input[contact_id]".to_string(), input.contact_id.clone()),
        ("input[issued_on]".to_string(), input.issued_on.clone()),
        ("input[valid_until]".to_string(), input.valid_until.clone()),
        ("input[tax_rate]".to_string(), input.tax_rate.clone()),
        ("input[notes]".to_string(), input.notes.clone()),
        ("input[terms]".to_string(), input.terms.clone()),
    ];
    for (index, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("input[lines][{index}][{name}]");
        form.push((field("description"), line.description.clone()));
        form.push((field("quantity"), line.quantity.clone()));
        form.push((field("unit"), line.unit.clone()));
        form.push((field("unit_price"), line.unit_price.clone()));
        form.push((field("discount"), line.discount.clone()));
        if line.taxable {
            form.push((field("taxable"), "true".into()));
        }
        if line.optional {
            form.push((field("optional"), "true".into()));
        }
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = staff.call("/api/estimates/update", &pairs).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn after_changes_are_requested_staff_revise_before_sending_again() {
    let app = TestApp::new().await;
    let id = estimate_id(&app, SENT).await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let response = gandalf
        .call(
            "/api/portal/estimates/request_changes",
            &[
                ("id", &id.to_string()),
                ("revision", "1"),
                ("note", "Two more access points, please."),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let asked = staff_get(&mut staff, id).await;
    assert_eq!(asked.status, EstimateStatus::ChangesRequested);
    assert_eq!(
        asked.decisions[0].comment,
        "Two more access points, please."
    );

    // Sending the same revision again would ask for a second decision on it.
    let resend = staff
        .call(
            "/api/estimates/send",
            &[
                ("id", &id.to_string()),
                ("version", &asked.version.to_string()),
            ],
        )
        .await;
    assert_eq!(resend.status, 409, "{}", resend.body);
    let mut input = asked.input();
    input.lines[2].quantity = "5".into();
    save(&mut staff, &asked, input).await;
    let revised = staff_get(&mut staff, id).await;
    assert_eq!(
        (revised.revision, revised.status),
        (2, EstimateStatus::ChangesRequested)
    );
    let send = staff
        .call(
            "/api/estimates/send",
            &[
                ("id", &id.to_string()),
                ("version", &revised.version.to_string()),
            ],
        )
        .await;
    assert_eq!(send.status, 200, "{}", send.body);
    assert_eq!(approve(&mut gandalf, id, 2, SIGNED).await.status, 200);
}
