//! Asking for emails: fill a template for a contact and write the message to
//! the outbox, with its audit entry, in one transaction.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};

use super::outbox::{enqueue, NewEmail};
use super::render::render;
use super::templates::{
    get, ContactContext, EmailContext, InvoiceLine, OrganizationContext, StatementContext,
};
use super::{ContactEmail, RenderedEmail, TemplateInput, TemplateKind};
use crate::audit::service::{record, Actor, Entry};
use crate::auth::tokens::{describe_lifetime, issue, TokenPurpose};
use crate::billing::InvoiceStatus;
use crate::components::format::{date, money};
use crate::db::entities::{contact, email_message, invoice, organization};
use crate::error::{AppError, AppResult};
use crate::organizations::service::input_of;
use crate::server::config::Settings;

/// How long an emailed password-reset link works.
pub const RESET_LINK_LIFETIME_HOURS: i64 = 1;

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
        .filter(invoice::Column::Status.eq(InvoiceStatus::Open.key()))
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

/// A one-time link to put in the email, if the template needs one.
pub struct ActionLink {
    pub url: String,
    pub expires: String,
}

/// What every email of one send shares, read once however many contacts it
/// goes to: the organization, its statement, and the template.
pub struct Batch {
    org: organization::Model,
    organization: OrganizationContext,
    statement: StatementContext,
    kind: TemplateKind,
    template: TemplateInput,
    /// When the send was asked for.
    now: DateTime<Utc>,
}

impl Batch {
    /// Reads what a send of `kind` to the organization's contacts shares.
    pub async fn for_organization(
        db: &impl ConnectionTrait,
        organization_id: i32,
        kind: TemplateKind,
        now: DateTime<Utc>,
    ) -> AppResult<Self> {
        let org = organization(db, organization_id).await?;
        Self::load(db, org, kind, now).await
    }

    async fn load(
        db: &impl ConnectionTrait,
        org: organization::Model,
        kind: TemplateKind,
        now: DateTime<Utc>,
    ) -> AppResult<Self> {
        Ok(Self {
            organization: OrganizationContext {
                name: org.name.clone(),
                address_lines: input_of(&org).address_lines(),
            },
            statement: statement(db, org.id, now.date_naive()).await?,
            template: get(db, kind).await?.input,
            org,
            kind,
            now,
        })
    }

    /// Everything the template can say to `person`.
    fn context(
        &self,
        settings: &Settings,
        person: &contact::Model,
        link: Option<ActionLink>,
    ) -> EmailContext {
        let (action_url, action_expires) = link.map(|l| (l.url, l.expires)).unwrap_or_default();
        EmailContext {
            organization: self.organization.clone(),
            contact: ContactContext {
                title: person.title.clone(),
                first_name: person.first_name.clone(),
                last_name: person.last_name.clone(),
                full_name: format!("{} {}", person.first_name, person.last_name),
                email: person.email.clone(),
            },
            portal_url: format!("{}/login", settings.public_url),
            action_url,
            action_expires,
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

    /// Fills the template for `person` and queues it, with its audit entry,
    /// inside the caller's transaction.
    pub async fn queue(
        &self,
        db: &impl ConnectionTrait,
        settings: &Settings,
        actor: &Actor,
        person: &contact::Model,
        link: Option<ActionLink>,
        trigger: String,
    ) -> AppResult<email_message::Model> {
        let rendered = self.fill(&self.context(settings, person, link))?;
        let queued = enqueue(
            db,
            &settings.mail,
            NewEmail {
                organization_id: Some(self.org.id),
                contact_id: Some(person.id),
                template: self.kind,
                to_address: person.email.clone(),
                to_name: format!("{} {}", person.first_name, person.last_name),
                rendered,
                resent_from_id: None,
            },
            actor.label(),
            trigger,
            self.now,
        )
        .await?;
        record(
            db,
            actor,
            Entry {
                action: "email.send",
                entity_type: "email_message",
                entity_id: Some(queued.id),
                details: serde_json::json!({
                    "template": self.kind.key(),
                    "to": queued.to_address,
                    "contact_id": person.id,
                    "organization_id": self.org.id,
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
    db: &impl TransactionTrait,
    settings: &Settings,
    actor: &Actor,
    organization_id: i32,
    now: DateTime<Utc>,
) -> AppResult<Vec<email_message::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let org = organization(&txn, organization_id).await?;
    let recipients = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::IsDefaultNotification.eq(true))
        .filter(contact::Column::Status.eq("active"))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .all(&txn)
        .await?;
    if recipients.is_empty() {
        return Err(AppError::form(
            "No one receives account notices for this organization yet. Star (☆) an active contact in the Contacts panel to make them a default notification contact, then send again.",
        ));
    }
    let batch = Batch::load(&txn, org, TemplateKind::AccountStatement, now).await?;
    let mut queued = Vec::with_capacity(recipients.len());
    for person in &recipients {
        let trigger = format!("Send Account Summary by {}.", actor.label());
        queued.push(
            batch
                .queue(&txn, settings, actor, person, None, trigger)
                .await?,
        );
    }
    txn.commit().await?;
    Ok(queued)
}

/// A fresh one-time link for `purpose`, retiring the contact's previous one.
/// Reset links work 1 hour; invite links as many days as the settings say.
pub async fn action_link(
    db: &impl ConnectionTrait,
    settings: &Settings,
    contact_id: i32,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> AppResult<ActionLink> {
    let lifetime = match purpose {
        TokenPurpose::Reset => Duration::hours(RESET_LINK_LIFETIME_HOURS),
        TokenPurpose::Invite => Duration::days(settings.invite_link_days),
    };
    let token = issue(db, contact_id, purpose, lifetime, now).await?;
    Ok(ActionLink {
        url: token.url(&settings.public_url, purpose),
        expires: describe_lifetime(lifetime),
    })
}

/// Queues one email of `kind` to `person`, with its audit entry, inside the
/// caller's transaction. `trigger` says what asked for it ("… by Jane").
#[allow(clippy::too_many_arguments)]
pub async fn queue_to_contact(
    db: &impl ConnectionTrait,
    settings: &Settings,
    actor: &Actor,
    person: &contact::Model,
    kind: TemplateKind,
    link: Option<ActionLink>,
    trigger: String,
    now: DateTime<Utc>,
) -> AppResult<email_message::Model> {
    Batch::for_organization(db, person.organization_id, kind, now)
        .await?
        .queue(db, settings, actor, person, link, trigger)
        .await
}

/// A contact card's Email menu: Welcome Email, Password Reset or Account Statement.
pub async fn to_contact(
    db: &impl TransactionTrait,
    settings: &Settings,
    actor: &Actor,
    contact_id: i32,
    which: ContactEmail,
    now: DateTime<Utc>,
) -> AppResult<email_message::Model> {
    let txn = crate::db::begin_write(db).await?;
    let person = contact::Entity::find_by_id(contact_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let link = match which {
        ContactEmail::PasswordReset => {
            Some(action_link(&txn, settings, person.id, TokenPurpose::Reset, now).await?)
        }
        ContactEmail::Welcome | ContactEmail::AccountStatement => None,
    };
    let trigger = format!("{} by {}.", which.menu_label(), actor.label());
    let queued = queue_to_contact(
        &txn,
        settings,
        actor,
        &person,
        which.template(),
        link,
        trigger,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(queued)
}
