//! The templates staff edit under Settings › Email Templates: defaults written on
//! first start, the placeholders every template can use, and save-time checks
//! that render each part against sample data so mistakes surface in the editor.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use super::render::{render, TemplateError};
use super::{
    EmailTemplate, Placeholder, RenderedEmail, TemplateInput, TemplateKind, TemplateSummary,
};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::db::entities::email_template;
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

/// What a template can refer to. The link and the statement are there only
/// for the kinds that carry them (`TemplateKind::link`, `uses_statement`); a
/// template of another kind that names them is refused when saved.
#[derive(Clone, Debug, Serialize)]
pub struct EmailContext {
    pub organization: OrganizationContext,
    pub contact: ContactContext,
    /// The portal's sign-in page.
    pub portal_url: String,
    /// The one-time link of invites and password resets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_url: Option<String>,
    /// When `action_url` stops working, in words ("in 7 days").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementContext>,
    /// Who the email is from, as the portal's settings name the business.
    pub sender_name: String,
    pub today: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrganizationContext {
    pub name: String,
    pub address_lines: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContactContext {
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementContext {
    pub balance: String,
    pub overdue_balance: String,
    pub open_invoice_count: u64,
    pub invoices: Vec<InvoiceLine>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InvoiceLine {
    pub number: String,
    pub issued_on: String,
    pub due_on: String,
    pub total: String,
    pub balance: String,
    pub overdue: bool,
}

/// The placeholders a template of `kind` may use, for the editor's help list.
pub fn placeholders(kind: TemplateKind) -> Vec<Placeholder> {
    [
        ("organization.name", "The customer organization's name"),
        (
            "organization.address_lines",
            "Its postal address, one line per item",
        ),
        ("contact.full_name", "The recipient's first and last name"),
        ("contact.first_name", "The recipient's first name"),
        ("contact.last_name", "The recipient's last name"),
        ("contact.title", "Mr., Ms., Dr. … (may be empty)"),
        ("contact.email", "The recipient's email address"),
        ("portal_url", "The portal's sign-in page"),
        (
            "action_url",
            "The one-time link of this invite or password reset",
        ),
        (
            "action_expires",
            "When that link stops working, e.g. \"in 1 hour\"",
        ),
        ("statement.balance", "The open balance, e.g. $1,234.56"),
        (
            "statement.overdue_balance",
            "The part of the balance past due",
        ),
        ("statement.open_invoice_count", "How many invoices are open"),
        (
            "statement.invoices",
            "Open invoices: number, issued_on, due_on, total, balance, overdue",
        ),
        ("sender_name", "Your business's name"),
        ("today", "Today's date"),
    ]
    .into_iter()
    .filter(|(name, _)| kind.link().is_some() || !name.starts_with("action_"))
    .filter(|(name, _)| kind.uses_statement() || !name.starts_with("statement"))
    .map(|(name, description)| Placeholder {
        name: name.to_string(),
        description: description.to_string(),
    })
    .collect()
}

/// Made-up values that exercise every placeholder of `kind`, for checks and previews.
pub fn sample_context(kind: TemplateKind, portal_url: &str, sender_name: &str) -> EmailContext {
    EmailContext {
        organization: OrganizationContext {
            name: "Pawnee Parks Dept.".to_string(),
            address_lines: vec![
                "100 State Street".to_string(),
                "Pawnee, IN 47998".to_string(),
            ],
        },
        contact: ContactContext {
            title: "Ms.".to_string(),
            first_name: "Leslie".to_string(),
            last_name: "Knope".to_string(),
            full_name: "Leslie Knope".to_string(),
            email: "leslie@example.com".to_string(),
        },
        portal_url: portal_url.to_string(),
        action_url: kind.link().map(|_| format!("{portal_url}?sample-link")),
        action_expires: kind.link().map(|_| "in 7 days".to_string()),
        statement: kind.uses_statement().then(|| StatementContext {
            balance: "$1,250.00".to_string(),
            overdue_balance: "$450.00".to_string(),
            open_invoice_count: 2,
            invoices: vec![
                InvoiceLine {
                    number: "INV-1002".to_string(),
                    issued_on: "Sep 3, 2026".to_string(),
                    due_on: "Oct 3, 2026".to_string(),
                    total: "$450.00".to_string(),
                    balance: "$450.00".to_string(),
                    overdue: true,
                },
                InvoiceLine {
                    number: "INV-1006".to_string(),
                    issued_on: "Nov 10, 2026".to_string(),
                    due_on: "Dec 10, 2026".to_string(),
                    total: "$800.00".to_string(),
                    balance: "$800.00".to_string(),
                    overdue: false,
                },
            ],
        }),
        sender_name: sender_name.to_string(),
        today: "Nov 22, 2026".to_string(),
    }
}

fn to_app_error(err: TemplateError) -> AppError {
    AppError::field(err.field, err.message)
}

/// Renders `input` as a template of `kind` against the sample data; every
/// mistake comes back at its field.
pub fn check(
    kind: TemplateKind,
    input: &TemplateInput,
    portal_url: &str,
    sender_name: &str,
) -> AppResult<RenderedEmail> {
    if input.subject.trim().is_empty() {
        return Err(AppError::field("subject", "Enter a subject."));
    }
    if input.subject.chars().count() > 250 {
        return Err(AppError::field(
            "subject",
            "Keep the subject under 250 characters.",
        ));
    }
    if input.text_body.trim().is_empty() {
        return Err(AppError::field(
            "text_body",
            "Enter a plain-text body; mail programs that do not show HTML use it.",
        ));
    }
    render(
        input,
        &sample_context(kind, portal_url, sender_name),
        portal_url,
    )
    .map_err(to_app_error)
}

fn dto(model: email_template::Model, kind: TemplateKind) -> EmailTemplate {
    EmailTemplate {
        kind,
        input: TemplateInput {
            subject: model.subject,
            html_body: model.html_body,
            text_body: model.text_body,
            links_to_portal: model.links_to_portal,
        },
        version: model.version,
        updated_at: model.updated_at,
    }
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<TemplateSummary>> {
    let stored = email_template::Entity::find().all(db).await?;
    Ok(TemplateKind::all()
        .filter_map(|kind| {
            stored
                .iter()
                .find(|m| m.key == kind)
                .map(|m| TemplateSummary {
                    kind,
                    subject: m.subject.clone(),
                    updated_at: m.updated_at,
                })
        })
        .collect())
}

async fn find(db: &impl ConnectionTrait, kind: TemplateKind) -> AppResult<email_template::Model> {
    email_template::Entity::find()
        .filter(email_template::Column::Key.eq(kind))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get(db: &impl ConnectionTrait, kind: TemplateKind) -> AppResult<EmailTemplate> {
    Ok(dto(find(db, kind).await?, kind))
}

/// Saves a template that renders cleanly, if nobody else saved it since `version`.
pub async fn save(
    ctx: &Ctx,
    kind: TemplateKind,
    version: i32,
    input: TemplateInput,
) -> AppResult<EmailTemplate> {
    check(
        kind,
        &input,
        &format!("{}/login", ctx.settings.public_url),
        &ctx.settings.mail.sender_name,
    )?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = find(&txn, kind).await?;
    let before = dto(current.clone(), kind).input;
    let result = email_template::Entity::update_many()
        .filter(email_template::Column::Id.eq(current.id))
        .filter(email_template::Column::Version.eq(version))
        .col_expr(
            email_template::Column::Subject,
            input.subject.clone().into(),
        )
        .col_expr(
            email_template::Column::HtmlBody,
            input.html_body.clone().into(),
        )
        .col_expr(
            email_template::Column::TextBody,
            input.text_body.clone().into(),
        )
        .col_expr(
            email_template::Column::LinksToPortal,
            input.links_to_portal.into(),
        )
        .col_expr(email_template::Column::Version, (version + 1).into())
        .col_expr(email_template::Column::UpdatedAt, ctx.now.into())
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&result, "this template")?;
    let mut changes = Changes::default();
    changes.field("subject", &before.subject, &input.subject);
    changes.field("html_body", &before.html_body, &input.html_body);
    changes.field("text_body", &before.text_body, &input.text_body);
    changes.field(
        "links_to_portal",
        &before.links_to_portal,
        &input.links_to_portal,
    );
    ctx.audit(
        &txn,
        Entry::change(
            AuditAction::EmailTemplateUpdate,
            "email_template",
            current.id,
            changes,
        ),
    )
    .await?;
    let saved = find(&txn, kind).await?;
    txn.commit().await?;
    Ok(dto(saved, kind))
}

/// Writes the default of every template that does not exist yet.
pub async fn ensure_defaults(
    db: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let existing: Vec<TemplateKind> = email_template::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.key)
        .collect();
    for kind in TemplateKind::all() {
        if existing.contains(&kind) {
            continue;
        }
        let input = default_template(kind);
        email_template::ActiveModel {
            key: Set(kind),
            subject: Set(input.subject),
            html_body: Set(input.html_body),
            text_body: Set(input.text_body),
            links_to_portal: Set(input.links_to_portal),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

const STATEMENT_HTML: &str = r#"<p>Hello {{ contact.first_name }},</p>
<p>Here is the account summary for <strong>{{ organization.name }}</strong> as of {{ today }}.</p>
{% if statement.invoices %}
<table cellpadding="6" style="border-collapse:collapse">
  <tr><th align="left">Invoice</th><th align="left">Issued</th><th align="left">Due</th><th align="right">Balance</th></tr>
  {% for invoice in statement.invoices %}
  <tr><td>{{ invoice.number }}</td><td>{{ invoice.issued_on }}</td><td>{{ invoice.due_on }}{% if invoice.overdue %} (overdue){% endif %}</td><td align="right">{{ invoice.balance }}</td></tr>
  {% endfor %}
</table>
<p><strong>Balance due: {{ statement.balance }}</strong>{% if statement.overdue_balance != "$0.00" %}, of which {{ statement.overdue_balance }} is overdue{% endif %}.</p>
{% else %}
<p>You have no open invoices. Thank you!</p>
{% endif %}
<p>{{ sender_name }}</p>"#;

const STATEMENT_TEXT: &str = r#"Hello {{ contact.first_name }},

Here is the account summary for {{ organization.name }} as of {{ today }}.
{% if statement.invoices %}
{% for invoice in statement.invoices %}- {{ invoice.number }}, issued {{ invoice.issued_on }}, due {{ invoice.due_on }}{% if invoice.overdue %} (overdue){% endif %}: {{ invoice.balance }}
{% endfor %}
Balance due: {{ statement.balance }}
{% else %}
You have no open invoices. Thank you!
{% endif %}
{{ sender_name }}"#;

/// The text every template starts from.
pub fn default_template(kind: TemplateKind) -> TemplateInput {
    let (subject, html, text, links) = match kind {
        TemplateKind::Welcome => (
            "Welcome to the customer portal of {{ sender_name }}",
            "<p>Hello {{ contact.first_name }},</p>\n<p>Welcome to the customer portal of {{ sender_name }}. You can see the account of {{ organization.name }} there at any time: invoices, statements and requests.</p>\n<p>{{ sender_name }}</p>",
            "Hello {{ contact.first_name }},\n\nWelcome to the customer portal of {{ sender_name }}. You can see the account of {{ organization.name }} there at any time: invoices, statements and requests.\n\n{{ sender_name }}",
            true,
        ),
        TemplateKind::PasswordReset => (
            "Reset your portal password for {{ sender_name }}",
            "<p>Hello {{ contact.first_name }},</p>\n<p>Someone asked to reset the password for {{ contact.email }}. If it was you, choose a new password here; the link works once and expires {{ action_expires }}:</p>\n<p><a href=\"{{ action_url }}\">Choose a new password</a></p>\n<p>If you did not ask, ignore this email; your password stays as it is.</p>",
            "Hello {{ contact.first_name }},\n\nSomeone asked to reset the password for {{ contact.email }}. If it was you, choose a new password here; the link works once and expires {{ action_expires }}:\n\n{{ action_url }}\n\nIf you did not ask, ignore this email; your password stays as it is.",
            false,
        ),
        TemplateKind::AccountStatement => (
            "Account summary for {{ organization.name }}",
            STATEMENT_HTML,
            STATEMENT_TEXT,
            true,
        ),
        TemplateKind::SignInInvite => (
            "Your sign-in to the customer portal of {{ sender_name }}",
            "<p>Hello {{ contact.first_name }},</p>\n<p>{{ sender_name }} has invited you to its customer portal, where you can follow the account of {{ organization.name }}: invoices, statements and requests.</p>\n<p>Set your password here; the link works once and expires {{ action_expires }}:</p>\n<p><a href=\"{{ action_url }}\">Set up my sign-in</a></p>",
            "Hello {{ contact.first_name }},\n\n{{ sender_name }} has invited you to its customer portal, where you can follow the account of {{ organization.name }}: invoices, statements and requests.\n\nSet your password here; the link works once and expires {{ action_expires }}:\n\n{{ action_url }}",
            false,
        ),
        TemplateKind::PasswordChanged => (
            "Your portal password for {{ sender_name }} was changed",
            "<p>Hello {{ contact.first_name }},</p>\n<p>The password for {{ contact.email }} was just changed. Every other session signed in with it was signed out. If that was not you, contact us straight away.</p>",
            "Hello {{ contact.first_name }},\n\nThe password for {{ contact.email }} was just changed. Every other session signed in with it was signed out. If that was not you, contact us straight away.",
            true,
        ),
        TemplateKind::EmailChanged => (
            "The email you sign in to {{ sender_name }} with was changed",
            "<p>Hello {{ contact.first_name }},</p>\n<p>The email address you sign in to the portal of {{ sender_name }} with is now {{ contact.email }}. This address will no longer receive portal emails, and your sessions were signed out.</p>\n<p>If you did not ask for this, contact us straight away.</p>",
            "Hello {{ contact.first_name }},\n\nThe email address you sign in to the portal of {{ sender_name }} with is now {{ contact.email }}. This address will no longer receive portal emails, and your sessions were signed out.\n\nIf you did not ask for this, contact us straight away.",
            false,
        ),
        TemplateKind::StaffInvite => (
            "You're invited to the staff area of the {{ sender_name }} portal",
            "<p>Hello {{ contact.first_name }},</p>\n<p>You have been given a staff sign-in to the customer portal of {{ sender_name }}. Set your password here; the link works once and expires {{ action_expires }}:</p>\n<p><a href=\"{{ action_url }}\">Set up my sign-in</a></p>",
            "Hello {{ contact.first_name }},\n\nYou have been given a staff sign-in to the customer portal of {{ sender_name }}. Set your password here; the link works once and expires {{ action_expires }}:\n\n{{ action_url }}",
            false,
        ),
        TemplateKind::Estimate | TemplateKind::Order => (
            "A document from {{ sender_name }} is waiting for your approval",
            "<p>Hello {{ contact.first_name }},</p>\n<p>A document for {{ organization.name }} is waiting for your approval:</p>\n<p><a href=\"{{ portal_url }}\">Review it in the portal</a></p>",
            "Hello {{ contact.first_name }},\n\nA document for {{ organization.name }} is waiting for your approval:\n\n{{ portal_url }}",
            false,
        ),
        TemplateKind::Invoice => (
            "New invoice from {{ sender_name }}",
            "<p>Hello {{ contact.first_name }},</p>\n<p>A new invoice for {{ organization.name }} is in the portal. Your balance is {{ statement.balance }}.</p>",
            "Hello {{ contact.first_name }},\n\nA new invoice for {{ organization.name }} is in the portal. Your balance is {{ statement.balance }}.",
            true,
        ),
        TemplateKind::PaymentReceipt => (
            "Thank you for your payment",
            "<p>Hello {{ contact.first_name }},</p>\n<p>We received your payment for {{ organization.name }}. Your balance is now {{ statement.balance }}.</p>",
            "Hello {{ contact.first_name }},\n\nWe received your payment for {{ organization.name }}. Your balance is now {{ statement.balance }}.",
            true,
        ),
        TemplateKind::PaymentMethodExpiration => (
            "Your saved payment method is about to expire",
            "<p>Hello {{ contact.first_name }},</p>\n<p>The payment method saved for {{ organization.name }} expires soon. Please update it in the portal.</p>",
            "Hello {{ contact.first_name }},\n\nThe payment method saved for {{ organization.name }} expires soon. Please update it in the portal.",
            true,
        ),
    };
    TemplateInput {
        subject: subject.to_string(),
        html_body: html.to_string(),
        text_body: text.to_string(),
        links_to_portal: links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_renders_against_the_sample() {
        for kind in TemplateKind::all() {
            check(
                kind,
                &default_template(kind),
                "http://portal/login",
                "Acme IT",
            )
            .unwrap_or_else(|err| panic!("{kind:?}: {err:?}"));
        }
    }
}
