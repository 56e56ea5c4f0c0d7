//! Email server functions: all staff only. Sends answer with what was queued;
//! the worker delivers after the transaction commits.

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
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    let queued = super::send::account_summary(
        &state.db,
        &state.settings,
        &actor,
        organization_id,
        crate::server::now(),
    )
    .await?;
    state.email.queued();
    Ok(queued.iter().map(EmailSummary::from).collect())
}

/// A contact card's Email menu.
#[server(prefix = "/api", endpoint = "email/send-to-contact")]
pub async fn admin_send_contact_email(
    contact_id: i32,
    which: ContactEmail,
) -> Result<EmailSummary, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    let queued = super::send::to_contact(
        &state.db,
        &state.settings,
        &actor,
        contact_id,
        which,
        crate::server::now(),
    )
    .await?;
    state.email.queued();
    Ok(EmailSummary::from(&queued))
}

/// One page of the Email History of an organization, or of one of its contacts.
#[server(prefix = "/api", endpoint = "email/history")]
pub async fn admin_email_history(
    organization_id: i32,
    contact_id: Option<i32>,
    page: u64,
) -> Result<Page<EmailSummary>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::history::list(
        &crate::server::db()?,
        organization_id,
        contact_id,
        page.max(1),
    )
    .await
}

#[server(prefix = "/api", endpoint = "email/events")]
pub async fn admin_email_events(email_id: i32) -> Result<Vec<EmailEventView>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::history::events(&crate::server::db()?, email_id).await
}

/// View: the message exactly as sent.
#[server(prefix = "/api", endpoint = "email/view")]
pub async fn admin_view_email(email_id: i32) -> Result<EmailContent, AppError> {
    crate::auth::caller::require_staff().await?;
    super::history::content(&crate::server::db()?, email_id).await
}

/// Resend: a new message with the original's content, linked to it.
#[server(prefix = "/api", endpoint = "email/resend")]
pub async fn admin_resend_email(email_id: i32) -> Result<EmailSummary, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    let summary = super::history::resend(
        &state.db,
        &state.settings.mail,
        &actor,
        email_id,
        crate::server::now(),
    )
    .await?;
    state.email.queued();
    Ok(summary)
}

#[server(prefix = "/api", endpoint = "email/templates")]
pub async fn admin_list_email_templates() -> Result<Vec<TemplateSummary>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::templates::list(&crate::server::db()?).await
}

/// A template to edit, with the placeholders it may use.
#[server(prefix = "/api", endpoint = "email/template")]
pub async fn admin_get_email_template(
    key: String,
) -> Result<(EmailTemplate, Vec<Placeholder>), AppError> {
    crate::auth::caller::require_staff().await?;
    let kind = template_kind(&key)?;
    let template = super::templates::get(&crate::server::db()?, kind).await?;
    Ok((template, super::templates::placeholders()))
}

/// Renders an unsaved template against sample data.
#[server(prefix = "/api", endpoint = "email/template/preview")]
pub async fn admin_preview_email_template(
    key: String,
    input: TemplateInput,
) -> Result<RenderedEmail, AppError> {
    crate::auth::caller::require_staff().await?;
    template_kind(&key)?;
    let settings = crate::server::state()?.settings;
    super::templates::check(
        &input,
        &format!("{}/login", settings.public_url),
        &settings.mail.sender_name,
    )
}

/// Saves a template that renders cleanly; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "email/template/save")]
pub async fn admin_save_email_template(
    key: String,
    version: i32,
    input: TemplateInput,
) -> Result<EmailTemplate, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let kind = template_kind(&key)?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    super::templates::save(
        &state.db,
        &actor,
        kind,
        version,
        input,
        &format!("{}/login", state.settings.public_url),
        &state.settings.mail.sender_name,
    )
    .await
}
