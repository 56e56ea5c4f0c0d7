//! The email outbox at speed: how fast queued emails reach a local SMTP server,
//! how fast workers claim and settle with a transport that does nothing, and how
//! the Email History reads with 100,000 emails in one organization.
//!
//! Run: `cargo bench --features ssr --bench email` (SQLite in a temp file), or
//! with `BENCH_DATABASE_URL=postgres://…/postgres` for a fresh PostgreSQL
//! database. The SMTP part starts tests/support/smtp_server.py (Debian's
//! python3-aiosmtpd); set BENCH_SMTP=off to skip it.

use async_trait::async_trait;
use chrono::Utc;
use lettre::Message;
use portal::contacts::ContactStatus;
use portal::db::entities::{contact, email_message, organization};
use portal::email::outbox;
use portal::email::transport::{DeliveryError, SmtpTransport, Transport};
use portal::email::{history, worker, EmailStatus, TemplateKind};
use portal::server::config::{MailSettings, SmtpSettings, SmtpTls};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use std::time::Instant;

mod common;
use common::measure;

const CLAIMS: usize = 20_000;
const SMTP_EMAILS: usize = 3_000;
const HISTORY: usize = 100_000;

/// Accepts everything at once: what is left is the outbox's own cost.
struct Discard;

#[async_trait]
impl Transport for Discard {
    async fn deliver(&self, _message: Message) -> Result<String, DeliveryError> {
        Ok("Discarded.".to_string())
    }
}

async fn organization_with_contacts(db: &DatabaseConnection, contacts: usize) -> (i32, Vec<i32>) {
    let now = Utc::now();
    let org = organization::Entity::insert(organization::ActiveModel {
        name: Set("Bench Org".into()),
        address_line1: Set(String::new()),
        address_line2: Set(String::new()),
        city: Set(String::new()),
        region: Set(String::new()),
        postal_code: Set(String::new()),
        country: Set(String::new()),
        notes: Set(String::new()),
        notes_version: Set(1),
        contact_count: Set(contacts as i32),
        last_login_at: Set(None),
        last_login_contact_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("organization")
    .last_insert_id;
    let mut ids = Vec::with_capacity(contacts);
    for i in 0..contacts {
        let email = format!("person{i}@bench.example");
        let id = contact::Entity::insert(contact::ActiveModel {
            organization_id: Set(org),
            title: Set(String::new()),
            search_text: Set(contact::search_text("Bench", &format!("Person{i}"), &email)),
            first_name: Set("Bench".into()),
            last_name: Set(format!("Person{i}")),
            email: Set(email),
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
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("contact")
        .last_insert_id;
        ids.push(id);
    }
    (org, ids)
}

/// Puts `count` queued emails in the outbox, as enqueue would leave them.
async fn queue(db: &DatabaseConnection, org: i32, contacts: &[i32], count: usize) {
    let now = Utc::now();
    let rows: Vec<_> = (0..count)
        .map(|i| {
            let contact = contacts[i % contacts.len()];
            email_message::ActiveModel {
                organization_id: Set(Some(org)),
                contact_id: Set(Some(contact)),
                template_key: Set(TemplateKind::AccountStatement),
                to_address: Set(format!("person{}@bench.example", i % contacts.len())),
                to_name: Set("Bench Person".into()),
                subject: Set(format!("Account summary {i}")),
                html_body: Set(
                    "<p>Hello,</p><p>Your balance is <strong>$1,250.00</strong>.</p>".into(),
                ),
                text_body: Set("Hello,\n\nYour balance is $1,250.00.\n".into()),
                message_id: Set(format!(
                    "<bench-{i}-{}@bench.example>",
                    now.timestamp_micros()
                )),
                status: Set(EmailStatus::Queued),
                attempts: Set(0),
                next_attempt_at: Set(now),
                claimed_at: Set(None),
                claimed_by: Set(None),
                last_error: Set(None),
                resent_from_id: Set(None),
                requested_by: Set("bench".into()),
                created_at: Set(now),
                updated_at: Set(now),
                delivered_at: Set(None),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        email_message::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("queue emails");
    }
}

async fn delivered(db: &DatabaseConnection) -> u64 {
    email_message::Entity::find()
        .filter(email_message::Column::Status.eq(EmailStatus::Delivered))
        .count(db)
        .await
        .expect("count")
}

/// Runs `workers` workers until the outbox is empty; returns emails per second.
async fn drain(
    db: &DatabaseConnection,
    transport: &dyn Transport,
    settings: &MailSettings,
    workers: usize,
    total: usize,
) -> f64 {
    let started = Instant::now();
    let runs = (0..workers).map(|n| async move {
        let name = format!("bench-worker-{n}");
        while worker::run_once(db, transport, settings, &name, Utc::now())
            .await
            .expect("worker round")
            > 0
        {}
    });
    futures::future::join_all(runs).await;
    total as f64 / started.elapsed().as_secs_f64()
}

fn start_smtp() -> (std::process::Child, u16) {
    use std::io::BufRead;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let mut child = std::process::Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/smtp_server.py"
        ))
        .arg(port.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the SMTP server (python3 with aiosmtpd)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("SMTP server output");
    assert_eq!(line.trim(), "READY");
    (child, port)
}

#[tokio::main]
async fn main() {
    let (db, url) = common::database("email").await;
    let backend = common::backend(&url);
    let (org, contacts) = organization_with_contacts(&db, 50).await;
    println!("{backend}: outbox benchmark");

    // Claims alone: what one worker's claim statement sustains.
    queue(&db, org, &contacts, CLAIMS).await;
    let started = Instant::now();
    let mut claimed = 0;
    loop {
        let batch = outbox::claim(
            &db,
            "bench-claimer",
            64,
            chrono::Duration::minutes(5),
            Utc::now(),
        )
        .await
        .expect("claim");
        if batch.is_empty() {
            break;
        }
        claimed += batch.len();
    }
    let rate = claimed as f64 / started.elapsed().as_secs_f64();
    println!(
        "claim only, batches of 64, {claimed} emails{:>27} {rate:>8.0} claims/s",
        ""
    );
    email_message::Entity::delete_many()
        .exec(&db)
        .await
        .expect("empty the outbox");

    // Claim, hand to a transport that does nothing, settle: the outbox's full cost.
    let settings = MailSettings::default();
    for workers in [1, 2] {
        queue(&db, org, &contacts, CLAIMS).await;
        let rate = drain(&db, &Discard, &settings, workers, CLAIMS).await;
        assert_eq!(
            delivered(&db).await,
            CLAIMS as u64,
            "every email settled once"
        );
        println!("claim + no-op delivery + settle, {workers} worker(s), {CLAIMS} emails{:>6} {rate:>8.0} emails/s", "");
        email_message::Entity::delete_many()
            .exec(&db)
            .await
            .expect("empty the outbox");
    }

    if std::env::var("BENCH_SMTP").as_deref() != Ok("off") {
        let (mut server, port) = start_smtp();
        for connections in [8usize, 16] {
            let settings = MailSettings {
                concurrency: connections,
                ..MailSettings::default()
            };
            let smtp = SmtpTransport::new(
                &SmtpSettings {
                    host: "127.0.0.1".into(),
                    port,
                    tls: SmtpTls::None,
                    username: None,
                    password: None,
                },
                connections as u32,
            )
            .expect("SMTP transport");
            queue(&db, org, &contacts, SMTP_EMAILS).await;
            let rate = drain(&db, &smtp, &settings, 1, SMTP_EMAILS).await;
            assert_eq!(
                delivered(&db).await,
                SMTP_EMAILS as u64,
                "every email delivered"
            );
            println!(
                "outbox to local SMTP (aiosmtpd), {connections} connections, {SMTP_EMAILS} emails{:>2} {rate:>8.0} emails/s",
                ""
            );
            email_message::Entity::delete_many()
                .exec(&db)
                .await
                .expect("empty the outbox");
        }
        let _ = server.kill();
        let _ = server.wait();
    }

    // The Email History of one organization with 100,000 emails.
    let started = Instant::now();
    queue(&db, org, &contacts, HISTORY).await;
    if backend == "PostgreSQL" {
        // What autovacuum does within a minute of a bulk load: statistics for
        // the planner and a visibility map, so counts can use the index alone.
        db.execute_unprepared("VACUUM ANALYZE email_message")
            .await
            .expect("vacuum");
    }
    println!(
        "{HISTORY} emails in one organization loaded in {:.1} s; {} runs each",
        started.elapsed().as_secs_f64(),
        common::RUNS
    );
    measure("email history, page 1 (newest 25)", || {
        history::list(&db, org, None, 1)
    })
    .await;
    measure("email history, page 2,000", || {
        history::list(&db, org, None, 2_000)
    })
    .await;
    measure("email history, last page (4,000)", || {
        history::list(&db, org, None, 4_000)
    })
    .await;
    measure("one contact's history (2,000 emails), page 1", || {
        history::list(&db, org, Some(contacts[7]), 1)
    })
    .await;
    let since = Utc::now() - chrono::Duration::seconds(5);
    measure("live feed: changes in the last 5 s", || {
        history::changes_after(&db, org, None, since, None)
    })
    .await;

    common::clean_up(&url);
}
