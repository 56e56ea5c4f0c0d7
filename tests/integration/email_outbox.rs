//! The outbox and its worker against a real SMTP server
//! (tests/support/smtp_server.py): a delivered message and its event trail,
//! retries while the server is down or busy, permanent refusals, retries
//! running out, a worker dying between claim and settle, two workers at once,
//! and addresses refused before anything is written. Every test runs on the
//! suite's database (SQLite, or PostgreSQL with TEST_DATABASE_URL).

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use portal::audit::service::Actor;
use portal::db::entities::{access_token, audit_log, email_event, email_message};
use portal::email::history;
use portal::email::outbox::{self, NewEmail};
use portal::email::transport::{DeliveryError, SmtpTransport};
use portal::email::{
    send, worker, ContactEmail, EmailEventKind, EmailEventView, EmailStatus, RenderedEmail,
    TemplateKind,
};
use portal::error::AppError;
use portal::server::config::{MailSettings, Settings};
use portal::server::ctx::Ctx;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::sync::Arc;

use crate::support::fixtures::{contact_by_email, insert_contact, organization_id};
use crate::support::mime;
use crate::support::smtp::SmtpServer;
use crate::support::{self, TestApp, GANDALF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";

/// A fresh app, a running SMTP server, and a worker's transport to it.
struct Rig {
    app: TestApp,
    smtp: SmtpServer,
    settings: Settings,
    transport: SmtpTransport,
}

impl Rig {
    async fn new() -> Self {
        Self::with(|_| {}).await
    }

    async fn with(adjust: impl FnOnce(&mut MailSettings)) -> Self {
        let smtp = SmtpServer::start();
        let app = TestApp::new().await;
        let mut settings = support::settings(&app.db.url);
        settings.mail = smtp.mail_settings();
        adjust(&mut settings.mail);
        let transport = smtp.transport(settings.mail.concurrency as u32);
        Rig {
            app,
            smtp,
            settings,
            transport,
        }
    }

    fn mail(&self) -> &MailSettings {
        &self.settings.mail
    }

    /// A service context over the rig's settings (its SMTP server), at `now`.
    fn ctx(&self, now: DateTime<Utc>) -> Ctx {
        Ctx::new(
            self.app.db.db.clone(),
            Arc::new(self.settings.clone()),
            now,
            Actor::system(),
        )
    }

    /// One round of the worker named `worker`, as if the clock said `now`.
    async fn run(&self, worker: &str, now: DateTime<Utc>) -> usize {
        worker::run_once(&self.app.db.db, &self.transport, self.mail(), worker, now)
            .await
            .unwrap_or_else(|err| panic!("{worker}: run_once failed: {err:?}"))
    }

    /// A message to `address` straight into the outbox, as every sender writes it.
    async fn queue_to(&self, address: &str, now: DateTime<Utc>) -> email_message::Model {
        outbox::enqueue(
            &self.app.db.db,
            self.mail(),
            new_email(address),
            "system",
            "Queued by the test.".to_string(),
            now,
        )
        .await
        .unwrap_or_else(|err| panic!("enqueue to {address}: {err:?}"))
    }

    async fn message(&self, id: i32) -> email_message::Model {
        email_message::Entity::find_by_id(id)
            .one(&self.app.db.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("email {id}"))
    }

    async fn events(&self, id: i32) -> Vec<EmailEventView> {
        history::events(&self.app.db.db, id).await.unwrap()
    }

    async fn count_messages(&self) -> u64 {
        email_message::Entity::find()
            .count(&self.app.db.db)
            .await
            .unwrap()
    }

    /// Decoded messages the SMTP server accepted, in order.
    fn received(&self) -> Vec<mime::Mail> {
        self.smtp
            .received()
            .iter()
            .map(|raw| mime::parse(raw))
            .collect()
    }
}

fn new_email(address: &str) -> NewEmail {
    let local = address.split('@').next().unwrap_or(address);
    NewEmail {
        organization_id: None,
        contact_id: None,
        staff_user_id: None,
        template: TemplateKind::Welcome,
        to_address: address.to_string(),
        to_name: format!("Test {local}"),
        rendered: RenderedEmail {
            subject: format!("Hello {local}"),
            html_body: format!("<p>Hello {local}</p>"),
            text_body: format!("Hello {local}"),
        },
        link: None,
        resent_from_id: None,
    }
}

fn kinds(events: &[EmailEventView]) -> Vec<EmailEventKind> {
    events.iter().map(|e| e.kind).collect()
}

fn status(message: &email_message::Model) -> EmailStatus {
    message.status
}

use EmailEventKind::{
    Deferred as DeferredEvent, Delivered as DeliveredEvent, Failed as FailedEvent, Process,
    QueueTriggered, Queued as QueuedEvent,
};

#[tokio::test]
async fn a_queued_email_is_delivered_over_smtp_with_its_events_in_order_and_both_parts() {
    let rig = Rig::new().await;
    let gandalf = contact_by_email(&rig.app, GANDALF.0).await;
    let now = Utc::now();
    let queued = send::to_contact(&rig.ctx(now), gandalf.id, ContactEmail::Welcome)
        .await
        .unwrap();
    assert_eq!(status(&queued), EmailStatus::Queued);
    assert_eq!(rig.run("worker a", now).await, 1);

    let delivered = rig.message(queued.id).await;
    assert_eq!(status(&delivered), EmailStatus::Delivered);
    assert_eq!(delivered.attempts, 1);
    assert!(delivered.delivered_at.is_some());
    assert_eq!(delivered.claimed_by, None);
    assert_eq!(delivered.last_error, None);

    let events = rig.events(queued.id).await;
    assert_eq!(
        kinds(&events),
        [QueueTriggered, QueuedEvent, Process, DeliveredEvent],
        "{events:#?}"
    );
    let reply = &events[3].description;
    assert!(reply.contains("250"), "{reply}");
    assert!(reply.contains("queued as test-1"), "{reply}");

    let received = rig.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    let to = mail.header("To").expect("a To header");
    assert!(to.contains("<lotrtest@test.com>"), "{to}");
    assert!(to.contains("Gandalf The Grey"), "{to}");
    assert_eq!(mail.header("Subject"), Some(delivered.subject.as_str()));
    assert!(
        delivered.subject.contains("Welcome"),
        "{}",
        delivered.subject
    );
    assert_eq!(
        mail.header("Message-ID"),
        Some(delivered.message_id.as_str())
    );
    let from = mail.header("From").unwrap_or_default();
    assert!(from.contains("<portal@localhost>"), "{from}");
    let text = mail.text.as_deref().expect("a text/plain part");
    let html = mail.html.as_deref().expect("a text/html part");
    assert_eq!(text.trim_end(), delivered.text_body.trim_end());
    assert_eq!(html.trim_end(), delivered.html_body.trim_end());
    assert!(delivered.text_body.contains("Gandalf"));
    assert!(delivered.html_body.contains("Gandalf"));
}

#[tokio::test]
async fn while_the_mail_server_is_down_an_email_is_deferred_then_delivered_once_it_is_back() {
    let mut rig = Rig::new().await;
    rig.smtp.stop();
    let now = Utc::now();
    let queued = rig.queue_to("frodo@test.com", now).await;

    assert_eq!(rig.run("worker a", now).await, 1);
    let deferred = rig.message(queued.id).await;
    assert_eq!(status(&deferred), EmailStatus::Deferred);
    assert_eq!(deferred.attempts, 1);
    assert_eq!(deferred.claimed_by, None);
    let error = deferred.last_error.clone().expect("the reason is kept");
    let expected = format!(
        "Could not reach the mail server at 127.0.0.1:{}",
        rig.smtp.port
    );
    assert!(error.starts_with(&expected), "{error}");
    assert!(error.contains("attempt 2 of 8"), "{error}");
    assert!(
        deferred.next_attempt_at >= now + Duration::seconds(rig.mail().retry_seconds),
        "the next try waits for the backoff: {} vs {now}",
        deferred.next_attempt_at
    );

    // Not due yet: the same moment finds nothing to do.
    assert_eq!(rig.run("worker a", now).await, 0);
    assert_eq!(status(&rig.message(queued.id).await), EmailStatus::Deferred);

    rig.smtp.resume();
    let later = deferred.next_attempt_at + Duration::seconds(1);
    assert_eq!(rig.run("worker a", later).await, 1);
    let delivered = rig.message(queued.id).await;
    assert_eq!(status(&delivered), EmailStatus::Delivered);
    assert_eq!(delivered.attempts, 2);
    assert_eq!(
        delivered.last_error, None,
        "a delivery clears the old error"
    );

    let events = rig.events(queued.id).await;
    assert_eq!(
        kinds(&events),
        [
            QueueTriggered,
            QueuedEvent,
            Process,
            DeferredEvent,
            Process,
            DeliveredEvent
        ],
        "{events:#?}"
    );
    assert!(events[3].description.starts_with(&expected));
    assert!(
        events[4].description.contains("attempt 2"),
        "{}",
        events[4].description
    );
    assert_eq!(rig.received().len(), 1);
}

#[tokio::test]
async fn a_mail_server_restart_between_batches_costs_no_attempt_and_sends_nothing_twice() {
    let mut rig = Rig::new().await;
    let now = Utc::now();
    let first = rig.queue_to("faramir@test.com", now).await;
    assert_eq!(rig.run("worker a", now).await, 1);
    assert_eq!(status(&rig.message(first.id).await), EmailStatus::Delivered);

    // The connection the worker kept open dies with the server.
    rig.smtp.stop();
    rig.smtp.resume();
    let second = rig.queue_to("eowyn@test.com", now).await;
    assert_eq!(rig.run("worker a", now).await, 1);
    let delivered = rig.message(second.id).await;
    assert_eq!(
        status(&delivered),
        EmailStatus::Delivered,
        "{:?}",
        delivered.last_error
    );
    assert_eq!(delivered.attempts, 1);

    let received = rig.received();
    assert_eq!(received.len(), 2, "one each, the first not sent again");
    assert!(received[0]
        .header("To")
        .unwrap()
        .contains("faramir@test.com"));
    assert!(received[1].header("To").unwrap().contains("eowyn@test.com"));
}

#[tokio::test]
async fn a_recipient_the_server_rejects_fails_at_once_with_the_servers_reply() {
    let rig = Rig::new().await;
    let now = Utc::now();
    let rejected = rig.queue_to("reject-gollum@test.com", now).await;
    let fine = rig.queue_to("bilbo@test.com", now).await;

    assert_eq!(rig.run("worker a", now).await, 2);
    let failed = rig.message(rejected.id).await;
    assert_eq!(status(&failed), EmailStatus::Failed);
    assert_eq!(failed.attempts, 1, "a permanent refusal is not retried");
    let error = failed.last_error.clone().expect("the reason is kept");
    assert!(
        error.contains("550 5.1.1 <reject-gollum@test.com>: Recipient address rejected"),
        "{error}"
    );
    let events = rig.events(rejected.id).await;
    assert_eq!(
        kinds(&events),
        [QueueTriggered, QueuedEvent, Process, FailedEvent]
    );
    assert!(
        events[3]
            .description
            .contains("550 5.1.1 <reject-gollum@test.com>: Recipient address rejected"),
        "{}",
        events[3].description
    );

    // The refusal spoils neither the batch nor the connection pool.
    assert_eq!(status(&rig.message(fine.id).await), EmailStatus::Delivered);
    let received = rig.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].header("To").unwrap().contains("bilbo@test.com"));

    // Failed for good: a day later there is still nothing to do.
    assert_eq!(rig.run("worker a", now + Duration::days(1)).await, 0);
    assert_eq!(status(&rig.message(rejected.id).await), EmailStatus::Failed);
}

#[tokio::test]
async fn a_busy_mailbox_is_deferred_with_the_servers_451_reply_and_waits_twice_as_long_next_time() {
    let rig = Rig::new().await;
    let now = Utc::now();
    let queued = rig.queue_to("busy-boromir@test.com", now).await;

    assert_eq!(rig.run("worker a", now).await, 1);
    let first = rig.message(queued.id).await;
    assert_eq!(status(&first), EmailStatus::Deferred);
    let error = first.last_error.clone().unwrap();
    assert!(error.contains("451 4.3.2 Mailbox busy"), "{error}");
    let first_wait = first.next_attempt_at - now;
    assert!(
        first_wait >= Duration::seconds(60) && first_wait < Duration::seconds(70),
        "{first_wait}"
    );

    let second_try = first.next_attempt_at + Duration::seconds(1);
    assert_eq!(rig.run("worker a", second_try).await, 1);
    let second = rig.message(queued.id).await;
    assert_eq!(status(&second), EmailStatus::Deferred);
    assert_eq!(second.attempts, 2);
    let second_wait = second.next_attempt_at - second_try;
    assert!(
        second_wait >= Duration::seconds(120) && second_wait < Duration::seconds(130),
        "the wait doubles: {second_wait}"
    );
    assert_eq!(
        kinds(&rig.events(queued.id).await),
        [
            QueueTriggered,
            QueuedEvent,
            Process,
            DeferredEvent,
            Process,
            DeferredEvent
        ]
    );
    assert!(rig.received().is_empty());
}

#[tokio::test]
async fn when_the_server_stays_down_an_email_fails_after_max_attempts() {
    let mut rig = Rig::with(|mail| mail.max_attempts = 2).await;
    rig.smtp.stop();
    let now = Utc::now();
    let queued = rig.queue_to("pippin@test.com", now).await;

    assert_eq!(rig.run("worker a", now).await, 1);
    let first = rig.message(queued.id).await;
    assert_eq!(status(&first), EmailStatus::Deferred);
    assert!(
        first
            .last_error
            .as_deref()
            .unwrap()
            .contains("attempt 2 of 2"),
        "{:?}",
        first.last_error
    );

    assert_eq!(
        rig.run("worker a", first.next_attempt_at + Duration::seconds(1))
            .await,
        1
    );
    let failed = rig.message(queued.id).await;
    assert_eq!(status(&failed), EmailStatus::Failed);
    assert_eq!(failed.attempts, 2);
    let error = failed.last_error.clone().unwrap();
    assert!(
        error.starts_with("Could not reach the mail server"),
        "{error}"
    );
    assert!(error.contains("Gave up after 2 attempts"), "{error}");
    let events = rig.events(queued.id).await;
    assert_eq!(
        kinds(&events),
        [
            QueueTriggered,
            QueuedEvent,
            Process,
            DeferredEvent,
            Process,
            FailedEvent
        ]
    );
    assert!(events[5].description.contains("Gave up after 2 attempts"));

    // Even with the server back, a failed email stays failed.
    rig.smtp.resume();
    assert_eq!(rig.run("worker a", now + Duration::days(1)).await, 0);
    assert!(rig.received().is_empty());
}

#[tokio::test]
async fn an_email_claimed_by_a_worker_that_died_is_delivered_once_its_claim_times_out() {
    let rig = Rig::new().await;
    let timeout = Duration::seconds(rig.mail().claim_timeout_seconds);
    let now = Utc::now();
    let queued = rig.queue_to("sam@test.com", now).await;

    // A worker claims it, then dies before sending or recording anything.
    let claimed = outbox::claim(&rig.app.db.db, "worker that dies", 10, timeout, now)
        .await
        .unwrap();
    assert_eq!(
        claimed.iter().map(|c| c.id).collect::<Vec<_>>(),
        [queued.id]
    );
    let sending = rig.message(queued.id).await;
    assert_eq!(status(&sending), EmailStatus::Sending);
    assert_eq!(sending.claimed_by.as_deref(), Some("worker that dies"));

    // Within the timeout the claim is respected.
    assert_eq!(rig.run("worker b", now + Duration::seconds(60)).await, 0);
    assert_eq!(
        rig.run("worker b", now + timeout - Duration::seconds(1))
            .await,
        0
    );
    assert_eq!(status(&rig.message(queued.id).await), EmailStatus::Sending);

    // Past it, another worker takes the message over and delivers it.
    assert_eq!(
        rig.run("worker b", now + timeout + Duration::seconds(1))
            .await,
        1
    );
    let delivered = rig.message(queued.id).await;
    assert_eq!(status(&delivered), EmailStatus::Delivered);
    assert_eq!(delivered.attempts, 2);
    let events = rig.events(queued.id).await;
    assert_eq!(
        kinds(&events),
        [
            QueueTriggered,
            QueuedEvent,
            Process,
            Process,
            DeliveredEvent
        ]
    );
    assert!(events[2].description.contains("worker that dies"));
    assert!(events[3].description.contains("worker b"));
    assert_eq!(rig.received().len(), 1, "sent exactly once");
}

#[tokio::test]
async fn a_late_outcome_from_a_worker_presumed_dead_changes_nothing() {
    let rig = Rig::new().await;
    let timeout = Duration::seconds(rig.mail().claim_timeout_seconds);
    let now = Utc::now();
    let queued = rig.queue_to("merry@test.com", now).await;
    let claimed = outbox::claim(&rig.app.db.db, "slow worker", 10, timeout, now)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);

    let takeover = now + timeout + Duration::seconds(1);
    assert_eq!(rig.run("worker b", takeover).await, 1);
    assert_eq!(
        status(&rig.message(queued.id).await),
        EmailStatus::Delivered
    );

    // The slow worker finally reports a failure for its stale claim.
    let recorded = outbox::settle(
        &rig.app.db.db,
        rig.mail(),
        "slow worker",
        vec![(
            claimed[0].clone(),
            Err(DeliveryError::Permanent("too late".to_string())),
        )],
        takeover + Duration::seconds(5),
    )
    .await
    .unwrap();
    assert_eq!(recorded, 0, "the stale outcome is not recorded");
    let message = rig.message(queued.id).await;
    assert_eq!(status(&message), EmailStatus::Delivered);
    assert_eq!(message.last_error, None);
    assert_eq!(
        kinds(&rig.events(queued.id).await),
        [
            QueueTriggered,
            QueuedEvent,
            Process,
            Process,
            DeliveredEvent
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_still_delivering_to_a_slow_server_keeps_its_claim_so_no_one_sends_twice() {
    // The server takes 5 seconds to accept "slow…" recipients, and claims
    // time out after 2: a worker that stopped would have lost the email by then.
    let rig = Rig::with(|mail| mail.claim_timeout_seconds = 2).await;
    let now = Utc::now();
    let queued = rig.queue_to("slow-treebeard@test.com", now).await;

    let slow_worker = {
        let db = rig.app.db.db.clone();
        let mail = rig.mail().clone();
        let transport = rig.smtp.transport(1);
        tokio::spawn(async move { worker::run_once(&db, &transport, &mail, "worker a", now).await })
    };
    // Another server's worker looks while the first is still waiting on the
    // mail server, well past the claim timeout.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let other = rig.smtp.transport(1);
    let elsewhere = worker::run_once(&rig.app.db.db, &other, rig.mail(), "worker b", Utc::now())
        .await
        .unwrap();
    assert_eq!(
        elsewhere, 0,
        "worker b took over an email worker a was still sending"
    );
    let sending = rig.message(queued.id).await;
    assert_eq!(status(&sending), EmailStatus::Sending);
    assert_eq!(sending.claimed_by.as_deref(), Some("worker a"));
    assert!(
        sending.claimed_at.unwrap() > now + Duration::seconds(1),
        "the claim was renewed: {:?}",
        sending.claimed_at
    );

    assert_eq!(slow_worker.await.unwrap().unwrap(), 1);
    let delivered = rig.message(queued.id).await;
    assert_eq!(status(&delivered), EmailStatus::Delivered);
    assert_eq!(delivered.attempts, 1);
    assert_eq!(
        kinds(&rig.events(queued.id).await),
        [QueueTriggered, QueuedEvent, Process, DeliveredEvent]
    );
    assert_eq!(rig.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_running_at_once_deliver_each_of_40_emails_exactly_once() {
    // Small batches, so each worker needs several rounds and they interleave.
    let rig = Rig::with(|mail| mail.concurrency = 1).await;
    let now = Utc::now();
    let mut ids = BTreeSet::new();
    for i in 0..40 {
        ids.insert(rig.queue_to(&format!("hobbit{i}@test.com"), now).await.id);
    }

    let mut workers = Vec::new();
    for name in ["worker a", "worker b"] {
        // Two app servers: their own connections and their own SMTP pool.
        let db = rig.app.db.db.clone();
        let mail = rig.mail().clone();
        let transport = rig.smtp.transport(1);
        workers.push(tokio::spawn(async move {
            let mut handled = 0;
            loop {
                let count = worker::run_once(&db, &transport, &mail, name, now)
                    .await
                    .unwrap_or_else(|err| panic!("{name}: {err:?}"));
                if count == 0 {
                    break handled;
                }
                handled += count;
            }
        }));
    }
    let mut handled = Vec::new();
    for worker in workers {
        handled.push(worker.await.unwrap());
    }
    assert_eq!(handled.iter().sum::<usize>(), 40, "{handled:?}");
    assert!(
        handled.iter().all(|&n| n > 0),
        "both workers took part: {handled:?}"
    );

    for &id in &ids {
        let message = rig.message(id).await;
        assert_eq!(status(&message), EmailStatus::Delivered, "email {id}");
        assert_eq!(message.attempts, 1, "email {id} was claimed once");
        assert_eq!(
            kinds(&rig.events(id).await),
            [QueueTriggered, QueuedEvent, Process, DeliveredEvent],
            "email {id}"
        );
    }
    let received = rig.received();
    assert_eq!(received.len(), 40);
    let recipients: BTreeSet<String> = received
        .iter()
        .map(|m| m.header("To").unwrap().to_string())
        .collect();
    assert_eq!(recipients.len(), 40, "no recipient got two");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_claims_never_hand_the_same_email_to_two_workers() {
    let rig = Rig::new().await;
    let now = Utc::now();
    for i in 0..40 {
        rig.queue_to(&format!("ent{i}@test.com"), now).await;
    }
    let mut claimers = Vec::new();
    for n in 0..8 {
        let db = rig.app.db.db.clone();
        claimers.push(tokio::spawn(async move {
            let name = format!("claimer {n}");
            let mut mine = Vec::new();
            loop {
                let batch = outbox::claim(&db, &name, 3, Duration::seconds(300), now)
                    .await
                    .unwrap_or_else(|err| panic!("{name}: {err:?}"));
                if batch.is_empty() {
                    break mine;
                }
                mine.extend(batch.into_iter().map(|c| c.id));
            }
        }));
    }
    let mut all = Vec::new();
    for claimer in claimers {
        all.extend(claimer.await.unwrap());
    }
    let distinct: BTreeSet<i32> = all.iter().copied().collect();
    assert_eq!(all.len(), 40, "claimed {} times: {all:?}", all.len());
    assert_eq!(distinct.len(), 40);
    let process_events = email_event::Entity::find()
        .all(&rig.app.db.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EmailEventKind::Process)
        .count();
    assert_eq!(process_events, 40);
}

#[tokio::test]
async fn an_address_no_mail_server_would_take_is_refused_when_asked_for_and_nothing_is_written() {
    let rig = Rig::new().await;
    let err = outbox::check_recipient("not an email", "Bilbo Baggins").unwrap_err();
    let AppError::Validation { field, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*field, None);
    assert!(message.contains("Bilbo Baggins"), "{message}");
    assert!(
        message.contains("\"not an email\" cannot receive email"),
        "{message}"
    );
    assert!(outbox::check_recipient("bilbo@test.com", "Bilbo").is_ok());

    let now = Utc::now();
    let err = outbox::enqueue(
        &rig.app.db.db,
        rig.mail(),
        new_email("not an email"),
        "system",
        "Queued by the test.".to_string(),
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");

    // Through the contact card, for every kind of email: the password reset
    // must not leave a token behind either.
    let org = organization_id(&rig.app, MIDDLE_EARTH).await;
    let broken = insert_contact(&rig.app, org, ("Bilbo", "Baggins"), "bilbo at bag end", now).await;
    for which in [
        ContactEmail::Welcome,
        ContactEmail::PasswordReset,
        ContactEmail::AccountStatement,
    ] {
        let err = send::to_contact(&rig.ctx(now), broken.id, which)
            .await
            .unwrap_err();
        assert_eq!(
            err.form_message().as_deref(),
            Some(
                "Bilbo Baggins's email address \"bilbo at bag end\" cannot receive email. \
                 Correct it on their contact card, then send again."
            ),
            "{which:?}"
        );
    }

    assert_eq!(rig.count_messages().await, 0);
    let db = &rig.app.db.db;
    assert_eq!(email_event::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(access_token::Entity::find().count(db).await.unwrap(), 0);
    let sends = audit_log::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.key().starts_with("email."))
        .count();
    assert_eq!(sends, 0);
    assert_eq!(rig.run("worker a", now + Duration::days(1)).await, 0);
}

#[test]
fn the_retry_wait_doubles_from_retry_seconds_and_stops_at_an_hour() {
    let waits: Vec<i64> = (1..=8)
        .map(|attempts| outbox::backoff(60, attempts).num_seconds())
        .collect();
    assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
    assert_eq!(outbox::backoff(60, 1_000).num_seconds(), 3600);
    assert_eq!(outbox::backoff(5, 0).num_seconds(), 5);
}
