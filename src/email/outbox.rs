//! The outbox: messages are written here in the caller's transaction, claimed
//! atomically by a worker (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite's single
//! writer), and settled with an event for every step.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, Set, Statement, TransactionSession, TransactionTrait,
};

use super::transport::DeliveryError;
use super::{EmailEventKind, EmailStatus, RenderedEmail, TemplateKind};
use crate::auth::tokens::{self, LinkOwner, SECRET_PLACEHOLDER};
use crate::auth::TokenPurpose;
use crate::db::entities::{email_event, email_message};
use crate::error::{AppError, AppResult};
use crate::server::config::MailSettings;

/// A message to put in the outbox.
pub struct NewEmail {
    pub organization_id: Option<i32>,
    pub contact_id: Option<i32>,
    pub staff_user_id: Option<i32>,
    pub template: TemplateKind,
    pub to_address: String,
    pub to_name: String,
    /// With `tokens::SECRET_PLACEHOLDER` where a link's secret goes.
    pub rendered: RenderedEmail,
    /// The one-time link the worker issues as it delivers, if any.
    pub link: Option<EmailLink>,
    pub resent_from_id: Option<i32>,
}

/// A one-time link an email carries, issued at delivery.
#[derive(Clone, Copy, Debug)]
pub struct EmailLink {
    pub purpose: TokenPurpose,
    pub lifetime: Duration,
}

/// Refuses an address no mail server would take, when the email is asked for.
pub fn check_recipient(address: &str, name: &str) -> AppResult<()> {
    if address.parse::<lettre::Address>().is_err() {
        return Err(AppError::form(format!(
            "{name}'s email address \"{address}\" cannot receive email. Correct it on their contact card, then send again."
        )));
    }
    Ok(())
}

fn message_id(settings: &MailSettings) -> String {
    let domain = settings
        .from
        .parse::<lettre::message::Mailbox>()
        .map(|mailbox| mailbox.email.domain().to_string())
        .unwrap_or_else(|_| "portal.localhost".to_string());
    format!("<{}@{domain}>", uuid::Uuid::new_v4())
}

async fn event(
    db: &impl ConnectionTrait,
    email_id: i32,
    kind: EmailEventKind,
    description: String,
    at: DateTime<Utc>,
) -> AppResult<()> {
    email_event::ActiveModel {
        email_id: Set(email_id),
        kind: Set(kind),
        description: Set(description),
        occurred_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Writes `email` to the outbox inside the caller's transaction. `trigger` says
/// what asked for it and who, for the QueueTriggeredEvent.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    settings: &MailSettings,
    email: NewEmail,
    requested_by: &str,
    trigger: String,
    now: DateTime<Utc>,
) -> AppResult<email_message::Model> {
    check_recipient(&email.to_address, &email.to_name)?;
    let stored = email_message::ActiveModel {
        organization_id: Set(email.organization_id),
        contact_id: Set(email.contact_id),
        staff_user_id: Set(email.staff_user_id),
        template_key: Set(email.template),
        link_purpose: Set(email.link.map(|link| link.purpose)),
        link_lifetime_seconds: Set(email.link.map(|link| link.lifetime.num_seconds())),
        to_address: Set(email.to_address.clone()),
        to_name: Set(email.to_name),
        subject: Set(email.rendered.subject),
        html_body: Set(email.rendered.html_body),
        text_body: Set(email.rendered.text_body),
        message_id: Set(message_id(settings)),
        status: Set(EmailStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_at: Set(None),
        claimed_by: Set(None),
        last_error: Set(None),
        resent_from_id: Set(email.resent_from_id),
        requested_by: Set(requested_by.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    event(db, stored.id, EmailEventKind::QueueTriggered, trigger, now).await?;
    event(
        db,
        stored.id,
        EmailEventKind::Queued,
        format!("Queued for delivery to {}.", email.to_address),
        now,
    )
    .await?;
    Ok(stored)
}

/// A message a worker has claimed and now owns until it records the outcome.
#[derive(Clone, Debug, FromQueryResult)]
pub struct Claimed {
    pub id: i32,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub html_body: String,
    pub text_body: String,
    pub message_id: String,
    pub attempts: i32,
    pub contact_id: Option<i32>,
    pub staff_user_id: Option<i32>,
    pub link_purpose: Option<TokenPurpose>,
    pub link_lifetime_seconds: Option<i64>,
}

impl Claimed {
    /// Issues the email's one-time link, if it carries one, and fills its
    /// secret into the bodies, which from here on exist only in memory and
    /// in the delivered message. Each attempt issues a fresh link, retiring
    /// the one an earlier, failed attempt made.
    pub async fn fill_link(
        mut self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<Self, DeliveryError> {
        let Some(purpose) = self.link_purpose else {
            return Ok(self);
        };
        if !self.html_body.contains(SECRET_PLACEHOLDER)
            && !self.text_body.contains(SECRET_PLACEHOLDER)
        {
            return Ok(self);
        }
        let owner = match (self.contact_id, self.staff_user_id) {
            (Some(id), _) => LinkOwner::Contact(id),
            (None, Some(id)) => LinkOwner::Staff(id),
            (None, None) => {
                return Err(DeliveryError::Permanent(
                    "The person this link was for no longer exists.".to_string(),
                ))
            }
        };
        // Still theirs, and still someone the link is for? A delivery delayed
        // by retries must not hand a working link to an address that was
        // replaced meanwhile.
        if let Err(err) =
            crate::auth::links::may_resend_link(db, owner, purpose, &self.to_address).await
        {
            return Err(match err {
                AppError::Conflict(why) => DeliveryError::Permanent(why),
                _ => DeliveryError::Temporary(
                    "The link for this email could not be checked; the database did not answer."
                        .to_string(),
                ),
            });
        }
        let lifetime = Duration::seconds(self.link_lifetime_seconds.unwrap_or(3600));
        let secret = tokens::issue(db, owner, purpose, lifetime, now)
            .await
            .map_err(|_| {
                DeliveryError::Temporary(
                    "The link for this email could not be made; the database did not answer."
                        .to_string(),
                )
            })?;
        self.html_body = self.html_body.replace(SECRET_PLACEHOLDER, &secret);
        self.text_body = self.text_body.replace(SECRET_PLACEHOLDER, &secret);
        Ok(self)
    }
}

/// Due messages, plus those whose claim is older than the claim timeout (their
/// worker stopped between claiming and recording), oldest first.
const CLAIM_SQL: &str = "UPDATE email_message \
    SET status = 'sending', attempts = attempts + 1, claimed_at = ?1, claimed_by = ?2, updated_at = ?1 \
    WHERE id IN (\
        SELECT id FROM email_message \
        WHERE (status IN ('queued', 'deferred') AND next_attempt_at <= ?1) \
           OR (status = 'sending' AND claimed_at < ?3) \
        ORDER BY next_attempt_at, id \
        LIMIT ?4{lock}) \
    RETURNING id, to_address, to_name, subject, html_body, text_body, message_id, attempts, \
        contact_id, staff_user_id, link_purpose, link_lifetime_seconds";

fn claim_statement(
    backend: DbBackend,
    worker: &str,
    limit: u64,
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => CLAIM_SQL
            .replace("{lock}", " FOR UPDATE SKIP LOCKED")
            .replace('?', "$"),
        _ => CLAIM_SQL.replace("{lock}", ""),
    };
    Statement::from_sql_and_values(
        backend,
        sql,
        [
            now.into(),
            worker.into(),
            stale_before.into(),
            (limit as i64).into(),
        ],
    )
}

/// Claims up to `limit` messages for `worker`, with a ProcessEvent for each.
pub async fn claim(
    db: &impl TransactionTrait,
    worker: &str,
    limit: u64,
    claim_timeout: Duration,
    now: DateTime<Utc>,
) -> AppResult<Vec<Claimed>> {
    let txn = crate::db::begin_write(db).await?;
    let statement = claim_statement(
        txn.get_database_backend(),
        worker,
        limit,
        now,
        now - claim_timeout,
    );
    let mut claimed = Claimed::find_by_statement(statement).all(&txn).await?;
    claimed.sort_by_key(|c| c.id);
    if !claimed.is_empty() {
        email_event::Entity::insert_many(claimed.iter().map(|c| email_event::ActiveModel {
            email_id: Set(c.id),
            kind: Set(EmailEventKind::Process),
            description: Set(if c.attempts > 1 {
                format!("Picked up by {worker} (attempt {}).", c.attempts)
            } else {
                format!("Picked up by {worker}.")
            }),
            occurred_at: Set(now),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(claimed)
}

/// Renews `worker`'s claims on `ids` as of `now`: it is still delivering them,
/// so other workers must not take them over when the claim timeout passes.
/// Claims it lost meanwhile (it was presumed stopped) stay lost.
pub async fn renew(
    db: &impl ConnectionTrait,
    worker: &str,
    ids: &[i32],
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let result = email_message::Entity::update_many()
        .filter(email_message::Column::Id.is_in(ids.iter().copied()))
        .filter(email_message::Column::ClaimedBy.eq(worker))
        .filter(email_message::Column::Status.eq(EmailStatus::Sending))
        .col_expr(email_message::Column::ClaimedAt, Some(now).into())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// How long to wait before try number `attempts + 1`: doubling, at most an hour.
pub fn backoff(retry_seconds: i64, attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    Duration::seconds(retry_seconds.saturating_mul(1 << doublings).min(3600))
}

/// Records what happened to claimed messages, all in one transaction. A message
/// whose claim was taken over meanwhile (this worker was presumed stopped) is
/// left to its new owner. Returns how many outcomes were recorded.
pub async fn settle(
    db: &impl TransactionTrait,
    settings: &MailSettings,
    worker: &str,
    outcomes: Vec<(Claimed, Result<String, DeliveryError>)>,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let txn = crate::db::begin_write(db).await?;
    let mut recorded = 0;
    for (claimed, outcome) in outcomes {
        let (status, kind, description, next_attempt_at) = match outcome {
            Ok(reply) => (
                EmailStatus::Delivered,
                EmailEventKind::Delivered,
                reply,
                None,
            ),
            Err(DeliveryError::Permanent(error)) => {
                (EmailStatus::Failed, EmailEventKind::Failed, error, None)
            }
            Err(DeliveryError::Temporary(error)) if claimed.attempts >= settings.max_attempts => (
                EmailStatus::Failed,
                EmailEventKind::Failed,
                format!("{error} Gave up after {} attempts.", claimed.attempts),
                None,
            ),
            Err(DeliveryError::Temporary(error)) => {
                let retry_at = now + backoff(settings.retry_seconds, claimed.attempts);
                (
                    EmailStatus::Deferred,
                    EmailEventKind::Deferred,
                    format!(
                        "{error} Trying again at {} (attempt {} of {}).",
                        crate::components::format::date_time(&retry_at),
                        claimed.attempts + 1,
                        settings.max_attempts
                    ),
                    Some(retry_at),
                )
            }
        };
        let mut update = email_message::Entity::update_many()
            .filter(email_message::Column::Id.eq(claimed.id))
            .filter(email_message::Column::ClaimedBy.eq(worker))
            .filter(email_message::Column::Status.eq(EmailStatus::Sending))
            .col_expr(email_message::Column::Status, status.into())
            .col_expr(email_message::Column::UpdatedAt, now.into())
            .col_expr(
                email_message::Column::ClaimedAt,
                Option::<DateTime<Utc>>::None.into(),
            )
            .col_expr(
                email_message::Column::ClaimedBy,
                Option::<String>::None.into(),
            );
        update = match status {
            EmailStatus::Delivered => update
                .col_expr(email_message::Column::DeliveredAt, Some(now).into())
                .col_expr(
                    email_message::Column::LastError,
                    Option::<String>::None.into(),
                ),
            _ => update.col_expr(
                email_message::Column::LastError,
                Some(description.clone()).into(),
            ),
        };
        if let Some(at) = next_attempt_at {
            update = update.col_expr(email_message::Column::NextAttemptAt, at.into());
        }
        if update.exec(&txn).await?.rows_affected == 1 {
            event(&txn, claimed.id, kind, description, now).await?;
            recorded += 1;
        }
    }
    txn.commit().await?;
    Ok(recorded)
}
