//! The delivery worker each app server runs: claim a batch of due messages,
//! hand them to the transport a few at a time, record every outcome, repeat.
//! Enqueuing on this server wakes it at once; others' work is found by polling.

use chrono::{Duration, Utc};
use futures::StreamExt;
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::{broadcast, Notify};

use super::outbox::{claim, renew, settle, Claimed};
use super::transport::{DeliveryError, Transport};
use crate::error::AppResult;
use crate::server::clock::Clock;
use crate::server::config::MailSettings;

/// How often a worker looks for messages queued by other servers or due for retry.
const POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// Wakes the local worker after an enqueue, and tells open Email Histories that
/// statuses changed so they look again.
#[derive(Clone)]
pub struct EmailSignals {
    wake: Arc<Notify>,
    changed: broadcast::Sender<()>,
}

impl Default for EmailSignals {
    fn default() -> Self {
        Self {
            wake: Arc::new(Notify::new()),
            changed: broadcast::channel(16).0,
        }
    }
}

impl EmailSignals {
    /// Call after the transaction that enqueued messages has committed.
    pub fn queued(&self) {
        self.wake.notify_one();
        let _ = self.changed.send(());
    }

    pub fn changed(&self) {
        let _ = self.changed.send(());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.changed.subscribe()
    }

    async fn woken(&self) {
        self.wake.notified().await;
    }
}

/// A name for this worker in events and claims: host, process and a random tail,
/// so two servers (or a restarted one) never share it.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "server".to_string());
    let tail = uuid::Uuid::new_v4().simple().to_string();
    format!("worker {host}-{}-{}", std::process::id(), &tail[..6])
}

fn build(settings: &MailSettings, email: &Claimed) -> Result<Message, DeliveryError> {
    let permanent = |what: &str, err: &dyn std::fmt::Display| {
        DeliveryError::Permanent(format!("The message could not be built ({what}): {err}"))
    };
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|err| permanent("sender address", &err))?;
    let to = Mailbox::new(
        Some(email.to_name.clone()).filter(|n| !n.is_empty()),
        email
            .to_address
            .parse()
            .map_err(|err| permanent("recipient address", &err))?,
    );
    Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(email.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            email.text_body.clone(),
            email.html_body.clone(),
        ))
        .map_err(|err| permanent("content", &err))
}

/// How often a worker still delivering a batch renews its claims. Past the
/// claim timeout another worker takes an email over as if this one had stopped,
/// and a slow mail server would then get it twice. A delivery is not cut short
/// instead: the transport's own timeout decides when a server is too slow.
fn renew_every(settings: &MailSettings) -> std::time::Duration {
    std::time::Duration::from_millis(settings.claim_timeout_seconds.max(1) as u64 * 1000 / 3)
}

/// Claims and delivers one batch. Returns how many messages it handled.
pub async fn run_once(
    db: &DatabaseConnection,
    transport: &dyn Transport,
    settings: &MailSettings,
    worker: &str,
    now: chrono::DateTime<Utc>,
) -> AppResult<usize> {
    let started = std::time::Instant::now();
    let batch = (settings.concurrency * 8) as u64;
    let claimed = claim(
        db,
        worker,
        batch,
        Duration::seconds(settings.claim_timeout_seconds),
        now,
    )
    .await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i32> = claimed.iter().map(|c| c.id).collect();
    let deliveries = futures::stream::iter(claimed)
        .map(|email| async move {
            // The link's secret exists only in this copy and the message sent.
            let outcome = match email.clone().fill_link(db, now).await {
                Ok(filled) => match build(settings, &filled) {
                    Ok(message) => transport.deliver(message).await,
                    Err(err) => Err(err),
                },
                Err(err) => Err(err),
            };
            (email, outcome)
        })
        .buffer_unordered(settings.concurrency.max(1))
        .collect::<Vec<_>>();
    let renewals = async {
        loop {
            tokio::time::sleep(renew_every(settings)).await;
            let at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
            if let Err(err) = renew(db, worker, &ids, at).await {
                tracing::warn!(error = %err, %worker, "could not renew the claims of a batch");
            }
        }
    };
    let outcomes = tokio::select! {
        outcomes = deliveries => outcomes,
        () = renewals => unreachable!("renewing goes on until the deliveries end"),
    };
    let count = outcomes.len();
    let settled_at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
    settle(db, settings, worker, outcomes, settled_at).await?;
    Ok(count)
}

/// Runs until the process ends. A failed round (the database away) is logged and
/// retried after the poll interval.
pub async fn run(
    db: DatabaseConnection,
    transport: Arc<dyn Transport>,
    settings: MailSettings,
    signals: EmailSignals,
    clock: Clock,
) {
    let worker = worker_name();
    tracing::info!(%worker, "email worker started");
    loop {
        match run_once(&db, transport.as_ref(), &settings, &worker, clock.now()).await {
            Ok(0) => {
                tokio::select! {
                    () = signals.woken() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
            Ok(_) => signals.changed(),
            Err(err) => {
                tracing::error!(error = %err, "email worker round failed");
                tokio::time::sleep(POLL).await;
            }
        }
    }
}
