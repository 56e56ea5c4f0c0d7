//! Asking for emails: fill a template for a contact or a staff user and write
//! the message to the outbox, with its audit entry, in one transaction.
//! Emails that carry a one-time link retire the person's previous link of that
//! kind at once; the new link is issued as the worker delivers (see `tokens`).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::outbox::{enqueue, EmailLink, NewEmail};
use super::render::render;
use super::templates::{
    get, ContactContext, EmailContext, InvoiceLine, OrganizationContext, StatementContext,
};
use super::{ContactEmail, RenderedEmail, TemplateInput, TemplateKind};
use crate::audit::service::Entry;
use crate::audit::AuditAction;
use crate::auth::tokens::{self, describe_lifetime, LinkOwner};
use crate::billing::InvoiceStatus;
use crate::components::format::{date, money};
use crate::contacts::ContactStatus;
use crate::db::entities::{contact, email_message, invoice, organization, staff_user};
use crate::error::{AppError, AppResult};
use crate::organizations::service::input_of;
use crate::server::ctx::Ctx;

/// Statements list at most this many open invoices; the balance counts them all.
const STATEMENT_INVOICES: u64 = 50;

async fn statement(
    db: &impl ConnectionTrait,
    organization_id: i32,
    today: chrono::NaiveDate,
) -> AppResult<StatementContext> {
    let overview = crate::billing::service::overview(db, organization_id, today).await?;
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::OrganizationId.eq(organization_id))
        .filter(invoice::Column::Status.eq(InvoiceStatus::Open))
        .order_by_asc(invoice::Column::DueOn)
        .order_by_asc(invoice::Column::Id)
        .limit(STATEMENT_INVOICES)
        .all(db)
        .await?;
    Ok(StatementContext {
        balance: money(overview.open_balance_cents),
        overdue_balance: money(overview.overdue_balance_cents),
        open_invoice_count: overview.open_count,
        invoices: invoices
            .into_iter()
            .map(|inv| InvoiceLine {
                overdue: inv.due_on < today,
                number: inv.number,
                issued_on: date(&inv.issued_on),
                due_on: date(&inv.due_on),
                total: money(inv.total_cents),
                balance: money(inv.balance_cents),
            })
            .collect(),
    })
}

/// Whom an email goes to: a customer's contact, or a staff user of the business.
#[derive(Clone, Copy)]
pub enum Recipient<'a> {
    Contact(&'a contact::Model),
    Staff(&'a staff_user::Model),
}

impl Recipient<'_> {
    fn owner(self) -> LinkOwner {
        match self {
            Self::Contact(person) => LinkOwner::Contact(person.id),
            Self::Staff(staff) => LinkOwner::Staff(staff.id),
        }
    }

    fn person(self) -> ContactContext {
        match self {
            Self::Contact(person) => ContactContext {
                title: person.title.clone(),
                first_name: person.first_name.clone(),
                last_name: person.last_name.clone(),
                full_name: format!("{} {}", person.first_name, person.last_name),
                email: person.email.clone(),
            },
            Self::Staff(staff) => {
                let (first, last) = staff
                    .name
                    .split_once(' ')
                    .unwrap_or((staff.name.as_str(), ""));
                ContactContext {
                    title: String::new(),
                    first_name: first.to_string(),
                    last_name: last.trim().to_string(),
                    full_name: staff.name.clone(),
                    email: staff.email.clone(),
                }
            }
        }
    }
}

/// What every email of one send shares, read once however many people it
/// goes to: the organization (or, for staff, the business), its statement
/// when the kind shows one, and the template.
pub struct Batch {
    organization_id: Option<i32>,
    organization: OrganizationContext,
    statement: Option<StatementContext>,
    kind: TemplateKind,
    template: TemplateInput,
    /// When the send was asked for.
    now: DateTime<Utc>,
}

impl Batch {
    /// Reads what a send of `kind` to an organization's contacts shares.
    pub async fn for_organization(
        db: &impl ConnectionTrait,
        organization_id: i32,
        kind: TemplateKind,
        now: DateTime<Utc>,
    ) -> AppResult<Self> {
        let org = organization(db, organization_id).await?;
        Ok(Self {
            organization_id: Some(org.id),
            organization: OrganizationContext {
                name: org.name.clone(),
                address_lines: input_of(&org).address_lines(),
            },
            statement: if kind.uses_statement() {
                Some(statement(db, org.id, now.date_naive()).await?)
            } else {
                None
            },
            template: get(db, kind).await?.input,
            kind,
            now,
        })
    }

    /// Reads what a send of `kind` to staff users shares: their "organization"
    /// is the business running the portal.
    pub async fn for_staff(
        ctx: &Ctx,
        db: &impl ConnectionTrait,
        kind: TemplateKind,
    ) -> AppResult<Self> {
        Ok(Self {
            organization_id: None,
            organization: OrganizationContext {
                name: ctx.settings.mail.sender_name.clone(),
                address_lines: Vec::new(),
            },
            statement: None,
            template: get(db, kind).await?.input,
            kind,
            now: ctx.now,
        })
    }

    /// Everything the template can say to `to`.
    fn context(&self, ctx: &Ctx, to: Recipient<'_>) -> EmailContext {
        let settings = &ctx.settings;
        EmailContext {
            organization: self.organization.clone(),
            contact: to.person(),
            portal_url: format!("{}/login", settings.public_url),
            action_url: self
                .kind
                .link()
                .map(|purpose| tokens::placeholder_url(&settings.public_url, purpose)),
            action_expires: self
                .kind
                .link()
                .map(|purpose| describe_lifetime(tokens::lifetime(purpose, settings))),
            statement: self.statement.clone(),
            sender_name: settings.mail.sender_name.clone(),
            today: date(&self.now.date_naive()),
        }
    }

    /// Fills the template. One that no longer renders (saved before a
    /// placeholder was renamed) is reported, not sent half-filled.
    fn fill(&self, context: &EmailContext) -> AppResult<RenderedEmail> {
        render(&self.template, context, &context.portal_url).map_err(|err| {
            AppError::form(format!(
                "The {} template has a mistake ({}), so nothing was sent. Fix it under Settings › Email Templates.",
                self.kind.label(),
                err.message
            ))
        })
    }

    /// Fills the template for `to` and queues it, with its audit entry, inside
    /// the caller's transaction. An email with a one-time link retires the
    /// person's previous link of that kind now; the worker issues the new one.
    pub async fn queue(
        &self,
        db: &impl ConnectionTrait,
        ctx: &Ctx,
        to: Recipient<'_>,
        trigger: String,
    ) -> AppResult<email_message::Model> {
        self.queue_to_address(db, ctx, to, &to.person().email, trigger)
            .await
    }

    /// `queue`, to `address` rather than the person's own (the Email Changed
    /// Notice goes to the address they had).
    async fn queue_to_address(
        &self,
        db: &impl ConnectionTrait,
        ctx: &Ctx,
        to: Recipient<'_>,
        address: &str,
        trigger: String,
    ) -> AppResult<email_message::Model> {
        let person = to.person();
        // An address no mail server would take is the first thing to fix.
        super::outbox::check_recipient(address, &person.full_name)?;
        let rendered = self.fill(&self.context(ctx, to))?;
        let link = match self.kind.link() {
            Some(purpose) => {
                crate::auth::links::may_resend_link(db, to.owner(), purpose, address).await?;
                tokens::retire(db, to.owner(), Some(purpose), ctx.now).await?;
                Some(EmailLink {
                    purpose,
                    lifetime: tokens::lifetime(purpose, &ctx.settings),
                })
            }
            None => None,
        };
        let (contact_id, staff_user_id) = match to {
            Recipient::Contact(c) => (Some(c.id), None),
            Recipient::Staff(s) => (None, Some(s.id)),
        };
        let queued = enqueue(
            db,
            &ctx.settings.mail,
            NewEmail {
                organization_id: self.organization_id,
                contact_id,
                staff_user_id,
                template: self.kind,
                to_address: address.to_string(),
                to_name: person.full_name.clone(),
                rendered,
                link,
                resent_from_id: None,
            },
            ctx.actor.label(),
            trigger,
            ctx.now,
        )
        .await?;
        ctx.audit(
            db,
            Entry {
                action: AuditAction::EmailSend,
                entity_type: "email_message",
                entity_id: Some(queued.id),
                details: serde_json::json!({
                    "template": self.kind.key(),
                    "to": queued.to_address,
                    "contact_id": contact_id,
                    "staff_user_id": staff_user_id,
                    "organization_id": self.organization_id,
                }),
                client_ip: None,
            },
        )
        .await?;
        Ok(queued)
    }
}

async fn organization(db: &impl ConnectionTrait, id: i32) -> AppResult<organization::Model> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Send Account Summary: the account statement to each default notification contact.
pub async fn account_summary(
    ctx: &Ctx,
    organization_id: i32,
) -> AppResult<Vec<email_message::Model>> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let batch = Batch::for_organization(
        &txn,
        organization_id,
        TemplateKind::AccountStatement,
        ctx.now,
    )
    .await?;
    let recipients = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::IsDefaultNotification.eq(true))
        .filter(contact::Column::Status.eq(ContactStatus::Active))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .all(&txn)
        .await?;
    if recipients.is_empty() {
        return Err(AppError::form(
            "No one receives account notices for this organization yet. Star (☆) an active contact in the Contacts panel to make them a default notification contact, then send again.",
        ));
    }
    let mut queued = Vec::with_capacity(recipients.len());
    for person in &recipients {
        let trigger = format!("Send Account Summary by {}.", ctx.actor.label());
        queued.push(
            batch
                .queue(&txn, ctx, Recipient::Contact(person), trigger)
                .await?,
        );
    }
    txn.commit().await?;
    ctx.email.queued();
    Ok(queued)
}

/// Queues one email of `kind` to `person`, with its audit entry, inside the
/// caller's transaction. `trigger` says what asked for it ("… by Jane").
pub async fn queue_to_contact(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    person: &contact::Model,
    kind: TemplateKind,
    trigger: String,
) -> AppResult<email_message::Model> {
    Batch::for_organization(db, person.organization_id, kind, ctx.now)
        .await?
        .queue(db, ctx, Recipient::Contact(person), trigger)
        .await
}

/// Queues one email of `kind` to a staff user, inside the caller's transaction.
pub async fn queue_to_staff(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    staff: &staff_user::Model,
    kind: TemplateKind,
    trigger: String,
) -> AppResult<email_message::Model> {
    Batch::for_staff(ctx, db, kind)
        .await?
        .queue(db, ctx, Recipient::Staff(staff), trigger)
        .await
}

/// The same email to the address a person signed in with until now, telling
/// them it was changed (to `to`'s new address), inside the caller's transaction.
pub async fn email_changed_notice(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    to: Recipient<'_>,
    old_address: &str,
) -> AppResult<email_message::Model> {
    let batch = match to {
        Recipient::Contact(person) => {
            Batch::for_organization(
                db,
                person.organization_id,
                TemplateKind::EmailChanged,
                ctx.now,
            )
            .await?
        }
        Recipient::Staff(_) => Batch::for_staff(ctx, db, TemplateKind::EmailChanged).await?,
    };
    // Sent to the old address, so the person learns of a change they did not make.
    let trigger = format!(
        "Sign-in email changed from {old_address} to {} by {}.",
        to.person().email,
        ctx.actor.label()
    );
    batch
        .queue_to_address(db, ctx, to, old_address, trigger)
        .await
}

/// A contact card's Email menu: Welcome Email, Password Reset or Account Statement.
pub async fn to_contact(
    ctx: &Ctx,
    contact_id: i32,
    which: ContactEmail,
) -> AppResult<email_message::Model> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let person = contact::Entity::find_by_id(contact_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let trigger = format!("{} by {}.", which.menu_label(), ctx.actor.label());
    let queued = queue_to_contact(&txn, ctx, &person, which.template(), trigger).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(queued)
}
