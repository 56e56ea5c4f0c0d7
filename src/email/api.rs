//! Email server functions. Sending and the Email History are for every staff
//! user; changing templates is for Administrators. Sends answer with what was
//! queued; the worker delivers after the transaction commits.

use leptos::prelude::*;

use super::{
    ContactEmail, EmailContent, EmailEventView, EmailSummary, EmailTemplate, Placeholder,
    RenderedEmail, TemplateInput, TemplateSummary,
};
use crate::error::AppError;
use crate::paging::Page;

#[cfg(feature = "ssr")]
fn template_kind(key: &str) -> Result<super::TemplateKind, AppError> {
    super::TemplateKind::from_key(key).ok_or(AppError::NotFound)
}

/// Send Account Summary: the account statement to each default notification contact.
#[server(prefix = "/api", endpoint = "email/send-account-summary")]
pub async fn admin_send_account_summary(
    organization_id: i32,
) -> Result<Vec<EmailSummary>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let queued = super::send::account_summary(&ctx, organization_id).await?;
    Ok(queued.iter().map(EmailSummary::from).collect())
}

/// A contact card's Email menu.
#[server(prefix = "/api", endpoint = "email/send-to-contact")]
pub async fn admin_send_contact_email(
    contact_id: i32,
    which: ContactEmail,
) -> Result<EmailSummary, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let queued = super::send::to_contact(&ctx, contact_id, which).await?;
    Ok(EmailSummary::from(&queued))
}

/// One page of the Email History of an organization, or of one of its contacts.
#[server(prefix = "/api", endpoint = "email/history")]
pub async fn admin_email_history(
    organization_id: i32,
    contact_id: Option<i32>,
    page: u64,
) -> Result<Page<EmailSummary>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::history::list(&ctx.db, organization_id, contact_id, page.max(1)).await
}

#[server(prefix = "/api", endpoint = "email/events")]
pub async fn admin_email_events(email_id: i32) -> Result<Vec<EmailEventView>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::history::events(&ctx.db, email_id).await
}

/// View: the message as sent, a link's secret redacted.
#[server(prefix = "/api", endpoint = "email/view")]
pub async fn admin_view_email(email_id: i32) -> Result<EmailContent, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::history::content(&ctx.db, email_id).await
}

/// Resend: a new message with the original's content (and a fresh link), linked to it.
#[server(prefix = "/api", endpoint = "email/resend")]
pub async fn admin_resend_email(email_id: i32) -> Result<EmailSummary, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::history::resend(&ctx, email_id).await
}

/// Staff: Settings › Email Templates (read-only for the Staff role).
#[server(prefix = "/api", endpoint = "email/templates")]
pub async fn admin_list_email_templates() -> Result<Vec<TemplateSummary>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::templates::list(&ctx.db).await
}

/// Staff: a template to read (Administrators edit it), with the placeholders
/// its kind may use.
#[server(prefix = "/api", endpoint = "email/template")]
pub async fn admin_get_email_template(
    key: String,
) -> Result<(EmailTemplate, Vec<Placeholder>), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let kind = template_kind(&key)?;
    let template = super::templates::get(&ctx.db, kind).await?;
    Ok((template, super::templates::placeholders(kind)))
}

/// Administrators: renders an unsaved template against sample data.
#[server(prefix = "/api", endpoint = "email/template/preview")]
pub async fn admin_preview_email_template(
    key: String,
    input: TemplateInput,
) -> Result<RenderedEmail, AppError> {
    let (_, ctx) = crate::auth::caller::require_administrator()?;
    let kind = template_kind(&key)?;
    super::templates::check(
        kind,
        &input,
        &format!("{}/login", ctx.settings.public_url),
        &ctx.settings.mail.sender_name,
    )
}

/// Administrators: saves a template that renders cleanly; refuses if someone
/// else saved since `version`.
#[server(prefix = "/api", endpoint = "email/template/save")]
pub async fn admin_save_email_template(
    key: String,
    version: i32,
    input: TemplateInput,
) -> Result<EmailTemplate, AppError> {
    let (_, ctx) = crate::auth::caller::require_administrator()?;
    let kind = template_kind(&key)?;
    super::templates::save(&ctx, kind, version, input).await
}
