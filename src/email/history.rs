//! Reading the Email History: pages of messages per organization or contact,
//! each message's events and content, what changed since a moment, and Resend.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, TransactionSession, TransactionTrait,
};

use super::outbox::{enqueue, NewEmail};
use super::{
    EmailContent, EmailEventKind, EmailEventView, EmailStatus, EmailStatusChange, EmailSummary,
    RenderedEmail, TemplateKind, EMAILS_PER_PAGE,
};
use crate::audit::service::{record, Actor, Entry};
use crate::contacts::admin_service::organization_name;
use crate::db::entities::{contact, email_event, email_message};
use crate::error::{AppError, AppResult};
use crate::paging::{offset_of, Page};
use crate::server::config::MailSettings;

/// The history's columns without the bodies, which a list never needs.
#[derive(FromQueryResult)]
struct SummaryRow {
    id: i32,
    created_at: DateTime<Utc>,
    subject: String,
    to_name: String,
    to_address: String,
    template_key: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    resent_from_id: Option<i32>,
    updated_at: DateTime<Utc>,
}

impl From<SummaryRow> for EmailSummary {
    fn from(row: SummaryRow) -> Self {
        EmailSummary {
            id: row.id,
            created_at: row.created_at,
            subject: row.subject,
            to_name: row.to_name,
            to_address: row.to_address,
            template: TemplateKind::from_key(&row.template_key),
            status: EmailStatus::from_key(&row.status),
            attempts: row.attempts,
            last_error: row.last_error,
            resent_from_id: row.resent_from_id,
            updated_at: row.updated_at,
        }
    }
}

impl From<&email_message::Model> for EmailSummary {
    fn from(model: &email_message::Model) -> Self {
        EmailSummary {
            id: model.id,
            created_at: model.created_at,
            subject: model.subject.clone(),
            to_name: model.to_name.clone(),
            to_address: model.to_address.clone(),
            template: TemplateKind::from_key(&model.template_key),
            status: EmailStatus::from_key(&model.status),
            attempts: model.attempts,
            last_error: model.last_error.clone(),
            resent_from_id: model.resent_from_id,
            updated_at: model.updated_at,
        }
    }
}

fn summary_columns(query: Select<email_message::Entity>) -> Select<email_message::Entity> {
    use email_message::Column as C;
    query.select_only().columns([
        C::Id,
        C::CreatedAt,
        C::Subject,
        C::ToName,
        C::ToAddress,
        C::TemplateKey,
        C::Status,
        C::Attempts,
        C::LastError,
        C::ResentFromId,
        C::UpdatedAt,
    ])
}

fn scoped(organization_id: i32, contact_id: Option<i32>) -> Select<email_message::Entity> {
    // A contact's emails are found by their own index alone (a contact never
    // changes organization); adding the organization would let the database
    // walk the whole organization's history instead.
    match contact_id {
        Some(contact) => {
            email_message::Entity::find().filter(email_message::Column::ContactId.eq(contact))
        }
        None => email_message::Entity::find()
            .filter(email_message::Column::OrganizationId.eq(organization_id)),
    }
}

/// One page of the emails sent to an organization's contacts (or one contact's), newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i32,
    contact_id: Option<i32>,
    page: u64,
) -> AppResult<Page<EmailSummary>> {
    organization_name(db, organization_id).await?;
    if let Some(contact_id) = contact_id {
        let belongs = contact::Entity::find_by_id(contact_id)
            .select_only()
            .column(contact::Column::OrganizationId)
            .into_tuple::<i32>()
            .one(db)
            .await?;
        if belongs != Some(organization_id) {
            return Err(AppError::NotFound);
        }
    }
    let total = scoped(organization_id, contact_id).count(db).await?;
    let offset = offset_of(page, EMAILS_PER_PAGE);
    let items = summary_columns(scoped(organization_id, contact_id))
        .order_by_desc(email_message::Column::Id)
        .offset(offset)
        .limit(EMAILS_PER_PAGE)
        .into_model::<SummaryRow>()
        .all(db)
        .await?
        .into_iter()
        .map(EmailSummary::from)
        .collect();
    Ok(Page {
        items,
        total,
        offset,
        limit: EMAILS_PER_PAGE,
    })
}

async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<email_message::Model> {
    email_message::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// An email's timeline, oldest first.
pub async fn events(db: &impl ConnectionTrait, email_id: i32) -> AppResult<Vec<EmailEventView>> {
    // Only whether it exists: the bodies are not needed here.
    email_message::Entity::find_by_id(email_id)
        .select_only()
        .column(email_message::Column::Id)
        .into_tuple::<i32>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(email_event::Entity::find()
        .filter(email_event::Column::EmailId.eq(email_id))
        .order_by_asc(email_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(EmailEventView {
                kind: EmailEventKind::from_key(&e.kind)?,
                description: e.description,
                occurred_at: e.occurred_at,
            })
        })
        .collect())
}

/// The message exactly as it was sent.
pub async fn content(db: &impl ConnectionTrait, email_id: i32) -> AppResult<EmailContent> {
    let model = find(db, email_id).await?;
    Ok(EmailContent {
        summary: EmailSummary::from(&model),
        rendered: rendered(&model),
    })
}

fn rendered(model: &email_message::Model) -> RenderedEmail {
    RenderedEmail {
        subject: model.subject.clone(),
        html_body: model.html_body.clone(),
        text_body: model.text_body.clone(),
    }
}

/// Resend: a new message with the original's exact content, linked to it.
pub async fn resend(
    db: &impl TransactionTrait,
    settings: &MailSettings,
    actor: &Actor,
    email_id: i32,
    now: DateTime<Utc>,
) -> AppResult<EmailSummary> {
    let txn = crate::db::begin_write(db).await?;
    let original = find(&txn, email_id).await?;
    let template = TemplateKind::from_key(&original.template_key).unwrap_or(TemplateKind::Welcome);
    let queued = enqueue(
        &txn,
        settings,
        NewEmail {
            organization_id: original.organization_id,
            contact_id: original.contact_id,
            template,
            to_address: original.to_address.clone(),
            to_name: original.to_name.clone(),
            rendered: rendered(&original),
            resent_from_id: Some(original.id),
        },
        actor.label(),
        format!("Resend of email #{} by {}.", original.id, actor.label()),
        now,
    )
    .await?;
    record(
        &txn,
        actor,
        Entry {
            action: "email.resend",
            entity_type: "email_message",
            entity_id: Some(queued.id),
            details: serde_json::json!({
                "resent_from": original.id,
                "to": queued.to_address,
                "contact_id": queued.contact_id,
                "organization_id": queued.organization_id,
            }),
            client_ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(EmailSummary::from(&queued))
}

/// How many changes one look at the database reads, at most.
pub const CHANGES_PER_QUERY: u64 = 200;

/// One page of the statuses that changed at or after `since`, in (updated_at,
/// id) order. `after` is the last change of the previous page, so a page never
/// repeats or skips one, even when many share a moment (one Send Account
/// Summary queues them all at the same time).
pub async fn changes_after(
    db: &impl ConnectionTrait,
    organization_id: i32,
    contact_id: Option<i32>,
    since: DateTime<Utc>,
    after: Option<(DateTime<Utc>, i32)>,
) -> AppResult<Vec<EmailStatusChange>> {
    use email_message::Column as C;
    let mut query = scoped(organization_id, contact_id).filter(C::UpdatedAt.gte(since));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(C::UpdatedAt.gt(at))
                .add(Condition::all().add(C::UpdatedAt.eq(at)).add(C::Id.gt(id))),
        );
    }
    Ok(summary_columns(query)
        .order_by_asc(C::UpdatedAt)
        .order_by_asc(C::Id)
        .limit(CHANGES_PER_QUERY)
        .into_model::<SummaryRow>()
        .all(db)
        .await?
        .into_iter()
        .map(|row| EmailStatusChange {
            id: row.id,
            status: EmailStatus::from_key(&row.status),
            attempts: row.attempts,
            last_error: row.last_error,
            updated_at: row.updated_at,
        })
        .collect())
}
