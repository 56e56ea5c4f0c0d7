//! Email as staff use it, through the real router with a signed-in staff
//! browser: Send Account Summary, a contact card's Email menu (Welcome,
//! Password Reset, Account Statement), the Email History with its events, View
//! and Resend, the template editor, and the live status feed. Delivery, where
//! a test needs it, goes to a real SMTP server (tests/support/smtp_server.py).

use std::collections::BTreeSet;
use std::time::Duration as StdDuration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use portal::audit::AuditAction;
use portal::auth::tokens::{SECRET_PLACEHOLDER, SECRET_REDACTED};
use portal::auth::{LinkStatus, TokenPurpose};
use portal::billing::InvoiceStatus;
use portal::components::format::{date, money};
use portal::contacts::ContactStatus;
use portal::db::entities::{
    access_token, audit_log, contact, email_message, email_template, invoice,
};
use portal::email::{
    worker, EmailContent, EmailEventKind, EmailEventView, EmailStatus, EmailStatusChange,
    EmailSummary, EmailTemplate, Placeholder, RenderedEmail, TemplateInput, TemplateKind,
    TemplateSummary, EMAILS_PER_PAGE,
};
use portal::error::AppError;
use portal::paging::Page;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tower::ServiceExt;

use crate::support::client::Response;
use crate::support::fixtures::{
    audit_entries, contact_by_email, insert_contact, insert_organization, organization_id, LESLIE,
};
use crate::support::mime;
use crate::support::smtp::SmtpServer;
use crate::support::{Client, TestApp, GANDALF, SAMWISE, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const PAWNEE: &str = "Pawnee Parks Dept.";
const RON: &str = "rswanson@pawnee-indiana.gov";

// --- calling the server functions ---------------------------------------------------

fn ok<T: serde::de::DeserializeOwned>(what: &str, response: Response) -> T {
    assert_eq!(response.status, 200, "{what}: {}", response.body);
    response.json()
}

async fn call_send_to_contact(client: &mut Client, contact_id: i32, which: &str) -> Response {
    client
        .call(
            "/api/email/send-to-contact",
            &[("contact_id", &contact_id.to_string()), ("which", which)],
        )
        .await
}

async fn send_to_contact(client: &mut Client, contact_id: i32, which: &str) -> EmailSummary {
    let response = call_send_to_contact(client, contact_id, which).await;
    ok(&format!("send {which} to {contact_id}"), response)
}

async fn call_account_summary(client: &mut Client, organization_id: i32) -> Response {
    client
        .call(
            "/api/email/send-account-summary",
            &[("organization_id", &organization_id.to_string())],
        )
        .await
}

async fn history(
    client: &mut Client,
    organization_id: i32,
    contact_id: Option<i32>,
    page: u64,
) -> Page<EmailSummary> {
    let organization_id = organization_id.to_string();
    let page = page.to_string();
    let contact_id = contact_id.map(|id| id.to_string());
    let mut args = vec![
        ("organization_id", organization_id.as_str()),
        ("page", &page),
    ];
    if let Some(contact_id) = &contact_id {
        args.push(("contact_id", contact_id));
    }
    let response = client.call("/api/email/history", &args).await;
    ok("history", response)
}

async fn call_with_email_id(client: &mut Client, path: &str, email_id: i32) -> Response {
    client
        .call(path, &[("email_id", &email_id.to_string())])
        .await
}

async fn events(client: &mut Client, email_id: i32) -> Vec<EmailEventView> {
    ok(
        "events",
        call_with_email_id(client, "/api/email/events", email_id).await,
    )
}

async fn view(client: &mut Client, email_id: i32) -> EmailContent {
    ok(
        "view",
        call_with_email_id(client, "/api/email/view", email_id).await,
    )
}

async fn resend(client: &mut Client, email_id: i32) -> EmailSummary {
    ok(
        "resend",
        call_with_email_id(client, "/api/email/resend", email_id).await,
    )
}

fn input_fields(input: &TemplateInput) -> Vec<(&'static str, String)> {
    vec![
        ("input[subject]", input.subject.clone()),
        ("input[html_body]", input.html_body.clone()),
        ("input[text_body]", input.text_body.clone()),
        ("input[links_to_portal]", input.links_to_portal.to_string()),
    ]
}

async fn call_fields(client: &mut Client, path: &str, fields: &[(&str, String)]) -> Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call(path, &fields).await
}

async fn get_template(client: &mut Client, key: &str) -> (EmailTemplate, Vec<Placeholder>) {
    let response = client.call("/api/email/template", &[("key", key)]).await;
    ok("template", response)
}

async fn save_template(
    client: &mut Client,
    key: &str,
    version: i32,
    input: &TemplateInput,
) -> Response {
    let mut fields = vec![("key", key.to_string()), ("version", version.to_string())];
    fields.extend(input_fields(input));
    call_fields(client, "/api/email/template/save", &fields).await
}

async fn preview_template(client: &mut Client, key: &str, input: &TemplateInput) -> Response {
    let mut fields = vec![("key", key.to_string())];
    fields.extend(input_fields(input));
    call_fields(client, "/api/email/template/preview", &fields).await
}

// --- the database, the worker, the feed ------------------------------------------------

async fn message_count(app: &TestApp) -> u64 {
    email_message::Entity::find()
        .count(&app.db.db)
        .await
        .unwrap()
}

async fn message(app: &TestApp, id: i32) -> email_message::Model {
    email_message::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("email {id}"))
}

/// Runs a worker against `smtp` until nothing is due; returns how many it handled.
async fn deliver(app: &TestApp, smtp: &SmtpServer) -> usize {
    let settings = smtp.mail_settings();
    let transport = smtp.transport(2);
    let mut handled = 0;
    loop {
        let count = worker::run_once(&app.db.db, &transport, &settings, "test worker", Utc::now())
            .await
            .unwrap();
        if count == 0 {
            return handled;
        }
        handled += count;
    }
}

async fn set_default_notification(app: &TestApp, email: &str, on: bool) {
    let mut model: contact::ActiveModel = contact_by_email(app, email).await.into();
    model.is_default_notification = Set(on);
    model.update(&app.db.db).await.unwrap();
}

fn ids(page: &Page<EmailSummary>) -> Vec<i32> {
    page.items.iter().map(|e| e.id).collect()
}

fn kinds(events: &[EmailEventView]) -> Vec<EmailEventKind> {
    events.iter().map(|e| e.kind).collect()
}

/// `GET /api/email/live` straight through the router, the body left streaming.
async fn open_feed(app: &TestApp, cookie: Option<&str>, query: &str) -> axum::response::Response {
    let mut request = Request::builder().uri(format!("/api/email/live?{query}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    tokio::time::timeout(
        StdDuration::from_secs(30),
        app.router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap()),
    )
    .await
    .expect("the live feed answers")
    .expect("router answers")
}

/// Reads the next `event: status` frame of a live feed (skipping keep-alive
/// comments), failing the test after `limit`.
async fn next_status(
    body: &mut Body,
    buffer: &mut String,
    limit: StdDuration,
) -> Vec<EmailStatusChange> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            let mut event = None;
            let mut data = String::new();
            for line in frame.lines() {
                if let Some(name) = line.strip_prefix("event:") {
                    event = Some(name.trim().to_string());
                } else if let Some(line) = line.strip_prefix("data:") {
                    data.push_str(line.trim_start());
                }
            }
            if event.as_deref() == Some("status") {
                return serde_json::from_str(&data)
                    .unwrap_or_else(|e| panic!("a status frame holds JSON ({e}): {data}"));
            }
        }
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no status frame within {limit:?} (so far: {buffer:?})"))
            .expect("the feed stays open")
            .expect("a body frame");
        if let Ok(data) = frame.into_data() {
            buffer.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

// --- Send Account Summary ---------------------------------------------------------------

#[tokio::test]
async fn send_account_summary_queues_one_email_per_active_default_contact_shown_newest_first() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let pawnee = organization_id(&app, PAWNEE).await;
    // Ron joins Leslie as a default notification contact; an inactive one does not count.
    set_default_notification(&app, RON, true).await;
    let gone = insert_contact(
        &app,
        pawnee,
        ("Mark", "Brendanawicz"),
        "mark@pawnee-indiana.gov",
        Utc::now(),
    )
    .await;
    let mut gone: contact::ActiveModel = gone.into();
    gone.is_default_notification = Set(true);
    gone.status = Set(ContactStatus::Inactive);
    gone.update(&app.db.db).await.unwrap();

    let response = call_account_summary(&mut staff, pawnee).await;
    let queued: Vec<EmailSummary> = ok("account summary", response);
    let recipients: Vec<&str> = queued.iter().map(|e| e.to_address.as_str()).collect();
    assert_eq!(recipients, [LESLIE.0, RON]);
    for email in &queued {
        assert_eq!(email.status, EmailStatus::Queued);
        assert_eq!(email.template, TemplateKind::AccountStatement);
        assert!(email.subject.contains(PAWNEE), "{}", email.subject);
    }
    assert_eq!(message_count(&app).await, 2);

    let page = history(&mut staff, pawnee, None, 1).await;
    assert_eq!(page.total, 2);
    let newest_first: Vec<i32> = queued.iter().rev().map(|e| e.id).collect();
    assert_eq!(ids(&page), newest_first);
    assert_eq!(page.items[0].to_name, "Ron Swanson");

    let trail = events(&mut staff, queued[0].id).await;
    assert_eq!(trail[0].kind, EmailEventKind::QueueTriggered);
    assert!(
        trail[0].description.starts_with("Send Account Summary by")
            && trail[0].description.contains(STAFF.0),
        "{}",
        trail[0].description
    );
    let audit = audit_entries(&app, AuditAction::EmailSend).await;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit.iter().map(|a| a.entity_id).collect::<Vec<_>>(),
        queued.iter().map(|e| Some(e.id)).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn send_account_summary_without_a_default_contact_explains_why_and_queues_nothing() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let rivendell = insert_organization(&app, "Rivendell Consulting").await;
    insert_contact(
        &app,
        rivendell.id,
        ("Elrond", "Half-elven"),
        "elrond@rivendell.test",
        Utc::now(),
    )
    .await;

    let response = call_account_summary(&mut staff, rivendell.id).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    let message = err.form_message().expect("a message for the whole form");
    assert!(
        message.starts_with("No one receives account notices for this organization yet."),
        "{message}"
    );
    assert!(
        message.contains("default notification contact"),
        "{message}"
    );
    assert_eq!(message_count(&app).await, 0);
    assert!(audit_entries(&app, AuditAction::EmailSend).await.is_empty());

    let response = call_account_summary(&mut staff, 999_999).await;
    assert_eq!(response.status, 404, "{}", response.body);
}

// --- a contact card's Email menu -----------------------------------------------------------

#[tokio::test]
async fn the_welcome_email_goes_to_the_contact_and_is_delivered_with_the_welcome_template() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;

    let queued = send_to_contact(&mut staff, gandalf.id, "Welcome").await;
    assert_eq!(queued.template, TemplateKind::Welcome);
    assert_eq!(queued.to_address, GANDALF.0);
    assert_eq!(queued.to_name, "Gandalf The Grey");
    assert_eq!(queued.status, EmailStatus::Queued);
    assert!(
        queued.subject.contains("Customer Portal"),
        "{}",
        queued.subject
    );
    assert!(!queued.subject.contains("{{"), "{}", queued.subject);

    assert_eq!(deliver(&app, &smtp).await, 1);
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let mail = mime::parse(&received[0]);
    assert_eq!(mail.header("Subject"), Some(queued.subject.as_str()));
    let text = mail.text.expect("a text part");
    assert!(text.contains("Gandalf"), "{text}");
    assert!(text.contains(MIDDLE_EARTH), "{text}");
    assert!(!text.contains("{{"), "{text}");
    assert!(mail.html.expect("an HTML part").contains("Gandalf"));
    let after = history(&mut staff, gandalf.organization_id, Some(gandalf.id), 1).await;
    assert_eq!(after.items[0].status, EmailStatus::Delivered);
}

#[tokio::test]
async fn a_password_reset_carries_a_one_time_link_whose_token_is_stored_only_as_a_hash() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;

    let before = Utc::now();
    let queued = send_to_contact(&mut staff, gandalf.id, "PasswordReset").await;
    assert_eq!(queued.template, TemplateKind::PasswordReset);
    let prefix = "http://127.0.0.1:3000/reset-password?token=";

    // The outbox holds the link with a placeholder for its secret, and View
    // shows the secret redacted; no link exists until the email is delivered.
    let stored = message(&app, queued.id).await;
    let placeholder = format!("{prefix}{SECRET_PLACEHOLDER}");
    assert!(
        stored.text_body.contains(&placeholder),
        "{}",
        stored.text_body
    );
    assert!(
        stored
            .html_body
            .contains(&format!("href=\"{placeholder}\"")),
        "{}",
        stored.html_body
    );
    let content = view(&mut staff, queued.id).await.rendered;
    let redacted = format!("{prefix}{SECRET_REDACTED}");
    assert!(
        content.text_body.contains(&redacted),
        "{}",
        content.text_body
    );
    assert!(
        content.html_body.contains(&redacted),
        "{}",
        content.html_body
    );
    assert!(!content.text_body.contains(SECRET_PLACEHOLDER));
    assert!(!content.html_body.contains(SECRET_PLACEHOLDER));
    assert!(
        content.text_body.contains("in 1 hour"),
        "{}",
        content.text_body
    );
    let tokens_of_gandalf = || async {
        access_token::Entity::find()
            .filter(access_token::Column::ContactId.eq(gandalf.id))
            .order_by_asc(access_token::Column::Id)
            .all(&app.db.db)
            .await
            .unwrap()
    };
    assert!(tokens_of_gandalf().await.is_empty(), "issued at delivery");

    // The delivered email carries the link's secret, in both parts.
    assert_eq!(deliver(&app, &smtp).await, 1);
    let mail = mime::parse(&smtp.received()[0]);
    let text = mail.text.expect("a text part");
    let start = text.find(prefix).expect("a reset link") + prefix.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    assert_eq!(token.len(), 64, "256 random bits in hex: {token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    let html = mail.html.expect("an HTML part");
    assert!(
        html.contains(&format!("href=\"{prefix}{token}\"")),
        "{html}"
    );
    // Nothing stored holds the secret: not the outbox, not View.
    let stored = message(&app, queued.id).await;
    assert!(!stored.text_body.contains(&token) && !stored.html_body.contains(&token));
    assert!(stored.text_body.contains(&placeholder));
    let content = view(&mut staff, queued.id).await.rendered;
    assert!(!content.text_body.contains(&token) && !content.html_body.contains(&token));

    let tokens = tokens_of_gandalf().await;
    assert_eq!(tokens.len(), 1);
    let issued = &tokens[0];
    assert_eq!(issued.purpose, TokenPurpose::Reset);
    assert_ne!(issued.token_hash, token, "the token itself is never stored");
    assert_eq!(issued.token_hash, portal::auth::tokens::hash(&token));
    assert_eq!(issued.used_at, None);
    assert_eq!(issued.expires_at - issued.created_at, Duration::hours(1));
    assert!(issued.created_at >= before - Duration::seconds(1));

    // A second reset retires the first link as soon as it is asked for.
    let again = send_to_contact(&mut staff, gandalf.id, "PasswordReset").await;
    let tokens = tokens_of_gandalf().await;
    assert_eq!(tokens.len(), 1);
    assert!(
        tokens[0].expires_at <= Utc::now() && tokens[0].replaced_at.is_some(),
        "the first link no longer works"
    );
    assert_eq!(deliver(&app, &smtp).await, 1);
    let second = mime::parse(&smtp.received()[1]).text.expect("a text part");
    assert!(second.contains(prefix), "{second}");
    assert!(!second.contains(&token), "a new link each time");
    assert!(!message(&app, again.id).await.text_body.contains(&token));
    let tokens = tokens_of_gandalf().await;
    assert_eq!(tokens.len(), 2);
    assert!(tokens[0].expires_at <= Utc::now());
    assert!(tokens[1].expires_at > Utc::now() + Duration::minutes(59));
}

#[tokio::test]
async fn an_account_statement_lists_the_open_invoices_and_the_balance() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let leslie = contact_by_email(&app, LESLIE.0).await;
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::OrganizationId.eq(leslie.organization_id))
        .all(&app.db.db)
        .await
        .unwrap();
    let open: Vec<_> = invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Open)
        .collect();
    assert!(open.iter().any(|i| i.number == "INV-1002"));
    let balance = money(open.iter().map(|i| i.balance_cents).sum());

    let queued = send_to_contact(&mut staff, leslie.id, "AccountStatement").await;
    assert_eq!(queued.template, TemplateKind::AccountStatement);
    assert_eq!(queued.to_address, LESLIE.0);
    let content = view(&mut staff, queued.id).await.rendered;
    for invoice in &invoices {
        let listed = content.text_body.contains(&invoice.number);
        assert_eq!(
            listed,
            invoice.status == InvoiceStatus::Open,
            "{} ({:?}) in:\n{}",
            invoice.number,
            invoice.status,
            content.text_body
        );
        assert_eq!(content.html_body.contains(&invoice.number), listed);
    }
    let inv_1002 = open.iter().find(|i| i.number == "INV-1002").unwrap();
    let line = content
        .text_body
        .lines()
        .find(|line| line.contains("INV-1002"))
        .expect("a line for INV-1002");
    assert!(line.contains(&date(&inv_1002.due_on)), "{line}");
    assert!(line.contains(&money(inv_1002.balance_cents)), "{line}");
    assert!(
        content.text_body.contains(&balance),
        "the balance {balance} in:\n{}",
        content.text_body
    );
    assert!(content.html_body.contains(&balance));
}

#[tokio::test]
async fn the_email_menu_for_an_unknown_contact_is_not_found_and_queues_nothing() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = call_send_to_contact(&mut staff, 999_999, "Welcome").await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert_eq!(message_count(&app).await, 0);
}

// --- the Email History ----------------------------------------------------------------------

#[tokio::test]
async fn a_contacts_history_shows_only_that_contacts_emails() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let leslie = contact_by_email(&app, LESLIE.0).await;
    let middle_earth = gandalf.organization_id;

    let to_gandalf = send_to_contact(&mut staff, gandalf.id, "Welcome").await;
    let to_samwise = send_to_contact(&mut staff, samwise.id, "Welcome").await;
    let to_gandalf_again = send_to_contact(&mut staff, gandalf.id, "AccountStatement").await;
    let to_leslie = send_to_contact(&mut staff, leslie.id, "Welcome").await;

    let everyone = history(&mut staff, middle_earth, None, 1).await;
    assert_eq!(
        ids(&everyone),
        [to_gandalf_again.id, to_samwise.id, to_gandalf.id]
    );
    assert_eq!(everyone.total, 3);

    let only_gandalf = history(&mut staff, middle_earth, Some(gandalf.id), 1).await;
    assert_eq!(ids(&only_gandalf), [to_gandalf_again.id, to_gandalf.id]);
    assert_eq!(only_gandalf.total, 2);
    let only_samwise = history(&mut staff, middle_earth, Some(samwise.id), 1).await;
    assert_eq!(ids(&only_samwise), [to_samwise.id]);
    assert_eq!(only_samwise.total, 1);

    let pawnee = history(&mut staff, leslie.organization_id, None, 1).await;
    assert_eq!(ids(&pawnee), [to_leslie.id]);
    // Another organization's contact has no history under this organization.
    let (middle_earth_id, leslie_id) = (middle_earth.to_string(), leslie.id.to_string());
    let crossed = staff
        .call(
            "/api/email/history",
            &[
                ("organization_id", middle_earth_id.as_str()),
                ("contact_id", leslie_id.as_str()),
                ("page", "1"),
            ],
        )
        .await;
    assert_eq!(crossed.status, 404, "{}", crossed.body);

    let response = staff
        .call(
            "/api/email/history",
            &[("organization_id", "999999"), ("page", "1")],
        )
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
}

#[tokio::test]
async fn the_history_pages_by_25_newest_first_with_the_total() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let org = gandalf.organization_id;
    let mut sent = Vec::new();
    for _ in 0..EMAILS_PER_PAGE + 5 {
        sent.push(send_to_contact(&mut staff, gandalf.id, "Welcome").await.id);
    }
    sent.reverse();

    let first = history(&mut staff, org, None, 1).await;
    assert_eq!(first.total, EMAILS_PER_PAGE + 5);
    assert_eq!(first.items.len() as u64, EMAILS_PER_PAGE);
    assert_eq!(first.offset, 0);
    assert!(first.has_more());
    let second = history(&mut staff, org, Some(gandalf.id), 2).await;
    assert_eq!(second.total, EMAILS_PER_PAGE + 5);
    assert_eq!(second.offset, EMAILS_PER_PAGE);
    assert!(!second.has_more());
    let mut both = ids(&first);
    both.extend(ids(&second));
    assert_eq!(both, sent, "every email once, newest first");

    let third = history(&mut staff, org, None, 3).await;
    assert!(third.items.is_empty());
    assert_eq!(ids(&history(&mut staff, org, None, 0).await), ids(&first));
}

#[tokio::test]
async fn events_and_view_show_the_trail_and_exactly_what_was_sent() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let queued = send_to_contact(&mut staff, samwise.id, "AccountStatement").await;

    let trail = events(&mut staff, queued.id).await;
    assert_eq!(
        kinds(&trail),
        [EmailEventKind::QueueTriggered, EmailEventKind::Queued]
    );
    assert!(trail[0]
        .description
        .starts_with("Send Account Statement by"));
    assert_eq!(
        trail[1].description,
        format!("Queued for delivery to {}.", SAMWISE.0)
    );

    assert_eq!(deliver(&app, &smtp).await, 1);
    let trail = events(&mut staff, queued.id).await;
    assert_eq!(
        kinds(&trail),
        [
            EmailEventKind::QueueTriggered,
            EmailEventKind::Queued,
            EmailEventKind::Process,
            EmailEventKind::Delivered
        ]
    );
    assert!(trail
        .windows(2)
        .all(|w| w[0].occurred_at <= w[1].occurred_at));
    assert!(
        trail[3].description.contains("queued as test-1"),
        "{}",
        trail[3].description
    );

    let content = view(&mut staff, queued.id).await;
    let stored = message(&app, queued.id).await;
    assert_eq!(
        content.rendered,
        RenderedEmail {
            subject: stored.subject.clone(),
            html_body: stored.html_body.clone(),
            text_body: stored.text_body.clone(),
        }
    );
    assert_eq!(content.summary.id, queued.id);
    assert_eq!(content.summary.status, EmailStatus::Delivered);
    let mail = mime::parse(&smtp.received()[0]);
    assert_eq!(
        mail.header("Subject"),
        Some(content.rendered.subject.as_str())
    );
    assert_eq!(
        mail.text.unwrap().trim_end(),
        content.rendered.text_body.trim_end()
    );
    assert_eq!(
        mail.html.unwrap().trim_end(),
        content.rendered.html_body.trim_end()
    );

    for path in ["/api/email/events", "/api/email/view", "/api/email/resend"] {
        let response = call_with_email_id(&mut staff, path, 999_999).await;
        assert_eq!(response.status, 404, "{path}: {}", response.body);
    }
}

#[tokio::test]
async fn resend_queues_a_new_email_with_identical_content_linked_to_the_original_and_audits_it() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let original = send_to_contact(&mut staff, gandalf.id, "AccountStatement").await;
    assert_eq!(deliver(&app, &smtp).await, 1);

    // A template change after sending does not change what a resend says.
    let (template, _) = get_template(&mut staff, "account-statement").await;
    let mut changed = template.input.clone();
    changed.subject = "Changed after sending".to_string();
    let response = save_template(&mut staff, "account-statement", template.version, &changed).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let again = resend(&mut staff, original.id).await;
    assert_ne!(again.id, original.id);
    assert_eq!(again.resent_from_id, Some(original.id));
    assert_eq!(again.status, EmailStatus::Queued);
    assert_eq!(again.to_address, original.to_address);
    assert_eq!(again.template, original.template);
    assert_eq!(
        view(&mut staff, again.id).await.rendered,
        view(&mut staff, original.id).await.rendered
    );
    let page = history(&mut staff, gandalf.organization_id, Some(gandalf.id), 1).await;
    assert_eq!(ids(&page), [again.id, original.id]);
    assert_eq!(page.items[0].resent_from_id, Some(original.id));
    assert_eq!(page.items[1].status, EmailStatus::Delivered);
    let trail = events(&mut staff, again.id).await;
    assert_eq!(
        trail[0].description,
        format!(
            "Resend of email #{} by {} <{}>.",
            original.id,
            staff_name(&app).await,
            STAFF.0
        )
    );

    let sends = audit_entries(&app, AuditAction::EmailSend).await;
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0].entity_id, Some(original.id));
    let resends = audit_entries(&app, AuditAction::EmailResend).await;
    assert_eq!(resends.len(), 1);
    assert_eq!(resends[0].entity_id, Some(again.id));
    let details: serde_json::Value = audit_details(&resends[0]);
    assert_eq!(details["resent_from"], original.id);

    assert_eq!(deliver(&app, &smtp).await, 1);
    let received: Vec<_> = smtp.received().iter().map(|raw| mime::parse(raw)).collect();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].header("Subject"), received[1].header("Subject"));
    assert_eq!(received[0].text, received[1].text);
    assert_eq!(received[0].html, received[1].html);
    assert_ne!(
        received[0].header("Message-ID"),
        received[1].header("Message-ID"),
        "a resend is a new message"
    );
}

#[tokio::test]
async fn resending_a_password_reset_sends_a_fresh_link_and_the_old_one_stops_at_once() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let link_status = |token: String| {
        let mut browser = app.client();
        async move {
            let response = browser
                .call(
                    "/api/auth/link_status",
                    &[("purpose", "Reset"), ("token", &token)],
                )
                .await;
            ok::<LinkStatus>("link_status", response)
        }
    };
    let original = send_to_contact(&mut staff, gandalf.id, "PasswordReset").await;
    let delivered = app.deliver_mail().await;
    assert_eq!(delivered.len(), 1);
    let first = delivered[0]
        .link_token(&app.settings.public_url, TokenPurpose::Reset)
        .expect("a reset link");
    assert!(matches!(
        link_status(first.clone()).await,
        LinkStatus::Ready { .. }
    ));

    // Resend: the link sent before stops working now, not when the copy arrives.
    let again = resend(&mut staff, original.id).await;
    assert_eq!(again.resent_from_id, Some(original.id));
    assert_eq!(link_status(first.clone()).await, LinkStatus::Replaced);
    let stored = message(&app, again.id).await;
    assert!(
        stored.text_body.contains(SECRET_PLACEHOLDER),
        "{}",
        stored.text_body
    );
    assert!(!stored.text_body.contains(&first) && !stored.html_body.contains(&first));
    let shown = view(&mut staff, again.id).await.rendered;
    assert!(
        shown.text_body.contains(SECRET_REDACTED),
        "{}",
        shown.text_body
    );
    assert_eq!(shown, view(&mut staff, original.id).await.rendered);

    // The copy carries a link of its own, issued as it is delivered.
    let delivered_again = app.deliver_mail().await;
    assert_eq!(delivered_again.len(), 1);
    assert_eq!(delivered_again[0].subject, delivered[0].subject);
    assert!(delivered_again[0].to.contains(GANDALF.0));
    let second = delivered_again[0]
        .link_token(&app.settings.public_url, TokenPurpose::Reset)
        .expect("a reset link in the copy");
    assert_ne!(second, first, "a fresh link");
    assert_eq!(second.len(), 64);
    assert!(matches!(
        link_status(second).await,
        LinkStatus::Ready { .. }
    ));
    assert_eq!(link_status(first).await, LinkStatus::Replaced);
}

async fn staff_name(app: &TestApp) -> String {
    use portal::db::entities::staff_user;
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(STAFF.0))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the demo staff user")
        .name
}

fn audit_details(entry: &audit_log::Model) -> serde_json::Value {
    serde_json::from_str(&entry.details)
        .unwrap_or_else(|e| panic!("audit details are JSON ({e}): {}", entry.details))
}

// --- templates ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_templates_list_has_every_kind_and_each_comes_with_its_placeholders() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let list: Vec<TemplateSummary> = ok("templates", staff.call("/api/email/templates", &[]).await);
    assert_eq!(
        list.iter().map(|t| t.kind).collect::<Vec<_>>(),
        TemplateKind::all().collect::<Vec<_>>()
    );
    let (welcome, placeholders) = get_template(&mut staff, "welcome").await;
    assert_eq!(welcome.kind, TemplateKind::Welcome);
    assert_eq!(welcome.version, 1);
    assert_eq!(
        welcome.input,
        portal::email::templates::default_template(TemplateKind::Welcome)
    );
    assert_eq!(list.len(), 12, "{list:?}");
    // Each kind offers the placeholders it can fill: a link only where the
    // email carries one, the statement only where it shows one.
    let names_of = |placeholders: &[Placeholder]| -> BTreeSet<String> {
        placeholders.iter().map(|p| p.name.clone()).collect()
    };
    let welcome_names = names_of(&placeholders);
    for name in ["contact.first_name", "organization.name", "portal_url"] {
        assert!(welcome_names.contains(name), "welcome: {name}");
    }
    for name in ["action_url", "action_expires", "statement.balance"] {
        assert!(!welcome_names.contains(name), "welcome offers no {name}");
    }
    for (key, link, statement) in [
        ("password-reset", true, false),
        ("sign-in-invite", true, false),
        ("staff-invite", true, false),
        ("email-changed", false, false),
        ("account-statement", false, true),
        ("invoice", false, true),
        ("payment-receipt", false, true),
    ] {
        let (template, placeholders) = get_template(&mut staff, key).await;
        assert_eq!(template.kind.key(), key);
        assert_eq!(template.kind.link().is_some(), link, "{key}");
        assert_eq!(template.kind.uses_statement(), statement, "{key}");
        let names = names_of(&placeholders);
        assert!(names.contains("contact.first_name"), "{key}");
        for name in ["action_url", "action_expires"] {
            assert_eq!(names.contains(name), link, "{key}: {name}");
        }
        assert_eq!(names.contains("statement.balance"), statement, "{key}");
    }
    let response = staff
        .call("/api/email/template", &[("key", "no-such-template")])
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
}

#[tokio::test]
async fn saving_a_template_with_a_misspelt_placeholder_is_refused_at_its_field() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let (welcome, _) = get_template(&mut staff, "welcome").await;
    let mut input = welcome.input.clone();
    input.html_body =
        "<p>Hello {{ contact.first_name }},</p>\n<p>Welcome, {{ contcat.last_name }}.</p>"
            .to_string();

    let response = save_template(&mut staff, "welcome", welcome.version, &input).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    let message = err
        .message_for("html_body")
        .unwrap_or_else(|| panic!("{err:?}"));
    assert!(message.contains("contcat.last_name"), "{message}");
    assert!(message.contains("is not a placeholder"), "{message}");
    assert!(message.starts_with("Line 2:"), "{message}");

    let (unchanged, _) = get_template(&mut staff, "welcome").await;
    assert_eq!(unchanged.input, welcome.input);
    assert_eq!(unchanged.version, welcome.version);
    assert!(audit_entries(&app, AuditAction::EmailTemplateUpdate)
        .await
        .is_empty());
}

#[tokio::test]
async fn a_template_may_use_only_the_placeholders_of_its_kind() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for (key, foreign) in [
        ("welcome", "action_url"),
        ("account-statement", "action_expires"),
        ("password-reset", "statement.balance"),
        ("sign-in-invite", "statement.invoices"),
    ] {
        let (template, _) = get_template(&mut staff, key).await;
        let mut input = template.input.clone();
        input.text_body = format!("{}\n{{{{ {foreign} }}}}", input.text_body);
        let response = save_template(&mut staff, key, template.version, &input).await;
        assert_eq!(response.status, 422, "{key}: {}", response.body);
        let message = response
            .json::<AppError>()
            .message_for("text_body")
            .unwrap_or_else(|| panic!("{key}: the message belongs at text_body"));
        assert!(message.contains(foreign), "{key}: {message}");
        let response = preview_template(&mut staff, key, &input).await;
        assert_eq!(response.status, 422, "{key} preview: {}", response.body);
        let (unchanged, _) = get_template(&mut staff, key).await;
        assert_eq!(unchanged.version, template.version, "{key}");
    }
    // A reset may name its link.
    let (reset, _) = get_template(&mut staff, "password-reset").await;
    let mut input = reset.input.clone();
    input.text_body = format!("{}\nExpires {{{{ action_expires }}}}.", input.text_body);
    let response = save_template(&mut staff, "password-reset", reset.version, &input).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn saving_a_template_with_a_syntax_error_is_refused_at_its_field() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let (welcome, _) = get_template(&mut staff, "welcome").await;

    let mut input = welcome.input.clone();
    input.text_body = "Hello {% if contact.first_name %}{{ contact.first_name }}".to_string();
    let response = save_template(&mut staff, "welcome", welcome.version, &input).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(err.message_for("text_body").is_some(), "{err:?}");

    let mut input = welcome.input.clone();
    input.subject = "Welcome {{ sender_name".to_string();
    let response = save_template(&mut staff, "welcome", welcome.version, &input).await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(err.message_for("subject").is_some(), "{err:?}");

    let (unchanged, _) = get_template(&mut staff, "welcome").await;
    assert_eq!(unchanged.version, welcome.version);
}

#[tokio::test]
async fn saving_a_template_over_someone_elses_save_is_refused_and_keeps_theirs() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let mut colleague = app.signed_in(STAFF.0, STAFF.1).await;
    let (welcome, _) = get_template(&mut staff, "welcome").await;

    let mut theirs = welcome.input.clone();
    theirs.subject = "Theirs: welcome, {{ contact.first_name }}".to_string();
    let response = save_template(&mut colleague, "welcome", welcome.version, &theirs).await;
    let saved: EmailTemplate = ok("their save", response);
    assert_eq!(saved.version, welcome.version + 1);

    let mut mine = welcome.input.clone();
    mine.subject = "Mine".to_string();
    let response = save_template(&mut staff, "welcome", welcome.version, &mine).await;
    assert_eq!(response.status, 409, "{}", response.body);
    assert!(matches!(response.json::<AppError>(), AppError::Conflict(_)));
    let (current, _) = get_template(&mut staff, "welcome").await;
    assert_eq!(current.input.subject, theirs.subject);
    assert_eq!(current.version, welcome.version + 1);
}

#[tokio::test]
async fn a_saved_template_is_what_the_next_email_says() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let (welcome, _) = get_template(&mut staff, "welcome").await;
    let before = send_to_contact(&mut staff, gandalf.id, "Welcome").await;

    let input = TemplateInput {
        subject: "Hello {{ contact.first_name }}, welcome aboard".to_string(),
        html_body: "<p>{{ organization.name }} &amp; {{ contact.full_name }}</p>".to_string(),
        text_body: "Dear {{ contact.title }} {{ contact.last_name }} of {{ organization.name }}"
            .to_string(),
        links_to_portal: false,
    };
    let response = save_template(&mut staff, "welcome", welcome.version, &input).await;
    let saved: EmailTemplate = ok("save", response);
    assert_eq!(saved.input, input);
    assert_eq!(saved.version, welcome.version + 1);
    let audit = audit_entries(&app, AuditAction::EmailTemplateUpdate).await;
    assert_eq!(audit.len(), 1);
    let row = email_template::Entity::find()
        .filter(email_template::Column::Key.eq("welcome"))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(audit[0].entity_id, Some(row.id));

    let after = send_to_contact(&mut staff, gandalf.id, "Welcome").await;
    let content = view(&mut staff, after.id).await.rendered;
    assert_eq!(content.subject, "Hello Gandalf, welcome aboard");
    assert_eq!(
        content.html_body,
        "<p>Middle Earth Tech Solutions &amp; Gandalf The Grey</p>"
    );
    assert_eq!(
        content.text_body,
        "Dear Mr. The Grey of Middle Earth Tech Solutions"
    );
    // No portal link now that the template says so.
    assert!(!content.text_body.contains("Open the customer portal"));
    // An email sent before the change keeps what it said.
    let earlier = view(&mut staff, before.id).await.rendered;
    assert_eq!(earlier.subject, before.subject);
    assert_ne!(earlier.subject, content.subject);
}

#[tokio::test]
async fn preview_renders_the_sample_data_and_saves_nothing() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let (statement, _) = get_template(&mut staff, "account-statement").await;

    let response = preview_template(&mut staff, "account-statement", &statement.input).await;
    let rendered: RenderedEmail = ok("preview", response);
    assert!(rendered.subject.contains(PAWNEE), "{}", rendered.subject);
    assert!(
        rendered.text_body.contains("Leslie"),
        "{}",
        rendered.text_body
    );
    assert!(rendered.text_body.contains("INV-1002"));
    assert!(rendered.text_body.contains("$1,250.00"));
    assert!(rendered.text_body.contains("http://127.0.0.1:3000/login"));

    let mut draft = statement.input.clone();
    draft.subject = "Draft for {{ contact.full_name }} <{{ sender_name }}>".to_string();
    draft.html_body =
        "<p>{{ contact.full_name }} & {{ organization.address_lines | join(\", \") }}</p>"
            .to_string();
    let rendered: RenderedEmail = ok(
        "preview",
        preview_template(&mut staff, "account-statement", &draft).await,
    );
    assert_eq!(rendered.subject, "Draft for Leslie Knope <Customer Portal>");
    assert!(
        rendered
            .html_body
            .starts_with("<p>Leslie Knope & 100 State Street, Pawnee, IN 47998</p>"),
        "{}",
        rendered.html_body
    );

    let mut broken = statement.input.clone();
    broken.html_body = "{{ statment.balance }}".to_string();
    let response = preview_template(&mut staff, "account-statement", &broken).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert!(response
        .json::<AppError>()
        .message_for("html_body")
        .is_some());
    let response = preview_template(&mut staff, "no-such-template", &statement.input).await;
    assert_eq!(response.status, 404, "{}", response.body);

    let (after, _) = get_template(&mut staff, "account-statement").await;
    assert_eq!(after, statement);
    assert!(audit_entries(&app, AuditAction::EmailTemplateUpdate)
        .await
        .is_empty());
}

// --- the live feed ---------------------------------------------------------------------------

#[tokio::test]
async fn the_live_feed_refuses_anonymous_callers_and_contacts() {
    let app = TestApp::new().await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let query = format!("organization_id={org}");

    let anonymous = open_feed(&app, None, &query).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    for (email, password) in [GANDALF, LESLIE] {
        let contact = app.signed_in(email, password).await;
        let response = open_feed(&app, contact.cookie(), &query).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
    }
}

#[tokio::test]
async fn one_person_may_hold_only_a_few_live_feeds_open() {
    use portal::auth::caller::SessionPrincipal;
    use portal::email::live::FEEDS_PER_PERSON;
    let app = TestApp::new().await;
    let staff = app.signed_in(STAFF.0, STAFF.1).await;
    let admin = portal::db::entities::staff_user::Entity::find()
        .filter(portal::db::entities::staff_user::Column::Email.eq(STAFF.0))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the demo Administrator");
    let principal = SessionPrincipal {
        role: portal::auth::Role::Staff,
        id: admin.id,
    };
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let query = format!("organization_id={org}");
    let mut open = Vec::new();
    for n in 0..FEEDS_PER_PERSON {
        let feed = open_feed(&app, staff.cookie(), &query).await;
        assert_eq!(feed.status(), StatusCode::OK, "feed {}", n + 1);
        open.push(feed);
    }
    assert_eq!(app.state.feeds.open_for(principal), FEEDS_PER_PERSON);
    let refused = open_feed(&app, staff.cookie(), &query).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // Someone else is not held back by it.
    let ann = app
        .signed_in(crate::support::ANN.0, crate::support::ANN.1)
        .await;
    assert_eq!(
        open_feed(&app, ann.cookie(), &query).await.status(),
        StatusCode::OK
    );
    // Closing one frees its place.
    drop(open.pop());
    assert_eq!(app.state.feeds.open_for(principal), FEEDS_PER_PERSON - 1);
    let again = open_feed(&app, staff.cookie(), &query).await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_live_feed_sends_a_just_queued_email_then_its_delivery() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let org = gandalf.organization_id;
    let queued = send_to_contact(&mut staff, gandalf.id, "Welcome").await;
    let other = send_to_contact(&mut staff, samwise.id, "Welcome").await;

    let response = open_feed(
        &app,
        staff.cookie(),
        &format!("organization_id={org}&contact_id={}", gandalf.id),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let mut body = response.into_body();
    let mut buffer = String::new();

    let first = next_status(&mut body, &mut buffer, StdDuration::from_secs(10)).await;
    let change = first
        .iter()
        .find(|c| c.id == queued.id)
        .unwrap_or_else(|| panic!("the queued email in the first frame: {first:?}"));
    assert_eq!(change.status, EmailStatus::Queued);
    assert_eq!(change.attempts, 0);
    assert!(
        first.iter().all(|c| c.id != other.id),
        "only Gandalf's emails: {first:?}"
    );

    // Another server's worker delivers it: the feed finds out from the database.
    assert_eq!(deliver(&app, &smtp).await, 2);
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let batch = next_status(&mut body, &mut buffer, left).await;
        assert!(batch.iter().all(|c| c.id != other.id), "{batch:?}");
        if let Some(change) = batch.iter().find(|c| c.id == queued.id) {
            if change.status == EmailStatus::Delivered {
                assert_eq!(change.attempts, 1);
                assert_eq!(change.last_error, None);
                break;
            }
        }
    }
}

#[tokio::test]
async fn the_live_feed_reports_a_change_that_commits_after_a_later_one_was_sent() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let org = gandalf.organization_id;
    let first_email = send_to_contact(&mut staff, gandalf.id, "Welcome").await;

    let response = open_feed(&app, staff.cookie(), &format!("organization_id={org}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut buffer = String::new();
    let first = next_status(&mut body, &mut buffer, StdDuration::from_secs(10)).await;
    let seen = first
        .iter()
        .find(|c| c.id == first_email.id)
        .unwrap_or_else(|| panic!("{first:?}"));

    // Another server's transaction took its time a few seconds before the
    // change the feed just sent, and commits only now (a slow transaction, or
    // that server's clock running a little behind).
    let mut ctx = app.ctx(portal::audit::service::Actor::system());
    ctx.now = seen.updated_at - Duration::seconds(5);
    let late = portal::email::send::to_contact(
        &ctx,
        gandalf.id,
        portal::email::ContactEmail::AccountStatement,
    )
    .await
    .unwrap();

    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let batch = next_status(&mut body, &mut buffer, left).await;
        assert!(
            batch.iter().all(|c| c.id != first_email.id),
            "an unchanged email is not sent again: {batch:?}"
        );
        if let Some(change) = batch.iter().find(|c| c.id == late.id) {
            assert_eq!(change.status, EmailStatus::Queued);
            break;
        }
    }
}

#[tokio::test]
async fn the_live_feed_sends_every_email_of_a_large_send_even_when_they_share_a_moment() {
    use sea_orm::TransactionTrait;
    let app = TestApp::new().await;
    let staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, PAWNEE).await;
    let mail = crate::support::settings(&app.db.url).mail;
    let now = Utc::now();
    let txn = app.db.db.begin().await.unwrap();
    let mut queued = BTreeSet::new();
    for i in 0..450 {
        let email = portal::email::outbox::NewEmail {
            organization_id: Some(org),
            contact_id: None,
            staff_user_id: None,
            template: TemplateKind::AccountStatement,
            to_address: format!("parks{i}@pawnee-indiana.gov"),
            to_name: format!("Parks {i}"),
            rendered: RenderedEmail {
                subject: "Statement".to_string(),
                html_body: "<p>Statement</p>".to_string(),
                text_body: "Statement".to_string(),
            },
            link: None,
            resent_from_id: None,
        };
        let stored =
            portal::email::outbox::enqueue(&txn, &mail, email, "system", "Bulk.".to_string(), now)
                .await
                .unwrap();
        queued.insert(stored.id);
    }
    txn.commit().await.unwrap();

    let response = open_feed(&app, staff.cookie(), &format!("organization_id={org}")).await;
    let mut body = response.into_body();
    let mut buffer = String::new();
    let mut seen = BTreeSet::new();
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(10);
    while seen.len() < queued.len() {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        for change in next_status(&mut body, &mut buffer, left).await {
            assert!(seen.insert(change.id), "email {} sent twice", change.id);
        }
    }
    assert_eq!(seen, queued);
}

#[tokio::test]
async fn an_open_live_feed_ends_once_its_session_has_ended() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let org = organization_id(&app, MIDDLE_EARTH).await;
    let feed = open_feed(&app, staff.cookie(), &format!("organization_id={org}")).await;
    assert_eq!(feed.status(), StatusCode::OK);
    let mut body = feed.into_body();
    // Signing out ends the session; the feed notices at its next check (every 30 s).
    assert_eq!(staff.call("/api/logout", &[]).await.status, 200);
    let ended = tokio::time::timeout(StdDuration::from_secs(45), async {
        while let Some(frame) = body.frame().await {
            frame.expect("a body frame");
        }
    })
    .await;
    assert!(ended.is_ok(), "the feed was still open 45 s after sign-out");
}

// Pages and server function calls take a turn of the server's in-flight
// bound until their answer has streamed out; a live feed, open for as long as
// the page is, never takes one.
#[tokio::test]
async fn answers_give_their_turn_back_and_live_feeds_take_none() {
    let app = TestApp::new().await;
    let turns = app.state.in_flight.available();
    assert!(turns >= 4, "{turns} turns");
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    assert_eq!(staff.get("/admin").await.status, 200);
    assert_eq!(
        staff
            .get(&format!("/admin/customers/{middle_earth}"))
            .await
            .status,
        200
    );
    assert_eq!(app.state.in_flight.available(), turns);

    let query = format!("organization_id={middle_earth}");
    let feed = open_feed(&app, staff.cookie(), &query).await;
    assert_eq!(feed.status(), 200);
    assert_eq!(app.state.in_flight.available(), turns, "the feed is open");
    drop(feed);
}

// With one turn, a second request waits until the first answer has streamed
// out (here: until its unread body is dropped), then is served.
#[tokio::test]
async fn past_the_bound_a_request_waits_for_a_turn() {
    let app = TestApp::new().await;
    let state = portal::server::AppState {
        in_flight: portal::server::in_flight::InFlight::with_turns(1),
        ..app.state.clone()
    };
    let router = portal::server::router(state.clone());
    let login = || {
        Request::builder()
            .uri("/login")
            .body(Body::empty())
            .unwrap()
    };
    let first = router.clone().oneshot(login()).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(
        state.in_flight.available(),
        0,
        "the unread page holds its turn"
    );
    let waiting = tokio::spawn(router.clone().oneshot(login()));
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the second request waits");
    drop(first);
    let second = tokio::time::timeout(StdDuration::from_secs(10), waiting)
        .await
        .expect("served once the turn is free")
        .unwrap()
        .unwrap();
    assert_eq!(second.status(), StatusCode::OK);
}
