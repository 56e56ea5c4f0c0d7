//! Reading the Email History: pages of messages per organization or contact,
//! each message's events and content, what changed since a moment, and Resend.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};

use super::outbox::{enqueue, EmailLink, NewEmail};
use super::{
    EmailContent, EmailEventView, EmailStatus, EmailStatusChange, EmailSummary, RenderedEmail,
    TemplateKind, EMAILS_PER_PAGE,
};
use crate::audit::service::Entry;
use crate::audit::AuditAction;
use crate::auth::tokens::{self, LinkOwner, SECRET_PLACEHOLDER, SECRET_REDACTED};
use crate::db::entities::{contact, email_event, email_message};
use crate::error::{AppError, AppResult};
use crate::organizations::service::organization_name;
use crate::paging::{offset_of, Page};
use crate::server::ctx::Ctx;

/// The history's columns without the bodies, which a list never needs.
#[derive(FromQueryResult)]
struct SummaryRow {
    id: i32,
    created_at: DateTime<Utc>,
    subject: String,
    to_name: String,
    to_address: String,
    template_key: TemplateKind,
    status: EmailStatus,
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
            template: row.template_key,
            status: row.status,
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
            template: model.template_key,
            status: model.status,
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
        at_least: false,
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
        .map(|e| EmailEventView {
            kind: e.kind,
            description: e.description,
            occurred_at: e.occurred_at,
        })
        .collect())
}

/// The message as it was sent, but for a one-time link's secret, which was
/// never stored: it shows redacted.
pub async fn content(db: &impl ConnectionTrait, email_id: i32) -> AppResult<EmailContent> {
    let model = find(db, email_id).await?;
    let stored = rendered(&model);
    Ok(EmailContent {
        summary: EmailSummary::from(&model),
        rendered: RenderedEmail {
            subject: stored.subject,
            html_body: stored
                .html_body
                .replace(SECRET_PLACEHOLDER, SECRET_REDACTED),
            text_body: stored
                .text_body
                .replace(SECRET_PLACEHOLDER, SECRET_REDACTED),
        },
    })
}

fn rendered(model: &email_message::Model) -> RenderedEmail {
    RenderedEmail {
        subject: model.subject.clone(),
        html_body: model.html_body.clone(),
        text_body: model.text_body.clone(),
    }
}

/// Resend: a new message with the original's content, linked to it. An email
/// with a one-time link gets a fresh link (issued as it is delivered); the one
/// sent before stops working now.
pub async fn resend(ctx: &Ctx, email_id: i32) -> AppResult<EmailSummary> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let original = find(&txn, email_id).await?;
    let owner = match (original.contact_id, original.staff_user_id) {
        (Some(id), _) => Some(LinkOwner::Contact(id)),
        (None, Some(id)) => Some(LinkOwner::Staff(id)),
        (None, None) => None,
    };
    let link = match (original.link_purpose, owner) {
        (Some(purpose), Some(owner)) => {
            crate::auth::links::may_resend_link(&txn, owner, purpose, &original.to_address).await?;
            tokens::retire(&txn, owner, Some(purpose), ctx.now).await?;
            Some(EmailLink {
                purpose,
                lifetime: chrono::Duration::seconds(
                    original
                        .link_lifetime_seconds
                        .unwrap_or_else(|| tokens::lifetime(purpose, &ctx.settings).num_seconds()),
                ),
            })
        }
        (Some(_), None) => {
            return Err(AppError::Conflict(
                "The person this link was for no longer exists, so it cannot be sent again."
                    .to_string(),
            ))
        }
        (None, _) => None,
    };
    let queued = enqueue(
        &txn,
        &ctx.settings.mail,
        NewEmail {
            organization_id: original.organization_id,
            contact_id: original.contact_id,
            staff_user_id: original.staff_user_id,
            template: original.template_key,
            to_address: original.to_address.clone(),
            to_name: original.to_name.clone(),
            rendered: rendered(&original),
            link,
            resent_from_id: Some(original.id),
        },
        ctx.actor.label(),
        format!("Resend of email #{} by {}.", original.id, ctx.actor.label()),
        ctx.now,
    )
    .await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::EmailResend,
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
    ctx.email.queued();
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
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
            updated_at: row.updated_at,
        })
        .collect())
}
