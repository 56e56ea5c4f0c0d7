//! Organization server functions: all staff only.

use leptos::prelude::*;

use super::{OrganizationDetails, OrganizationInput, OrganizationNotes, OrganizationSummary};
use crate::error::AppError;
use crate::paging::Page;

/// One page of the customer list; `sort` is an `OrganizationSort` key, `page` starts at 1.
#[server(prefix = "/api", endpoint = "organizations/list")]
pub async fn list_organizations(
    search: String,
    sort: String,
    page: u64,
) -> Result<Page<OrganizationSummary>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let sort = super::OrganizationSort::from_key(&sort);
    super::service::list(&ctx.db, &search, sort, page.max(1)).await
}

/// Creates an organization and opens it.
#[server(prefix = "/api", endpoint = "organizations/create")]
pub async fn create_organization(input: OrganizationInput) -> Result<i32, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let id = super::service::create(&ctx, &input).await?;
    leptos_axum::redirect(&format!("/admin/customers/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "organizations/get")]
pub async fn get_organization(id: i32) -> Result<OrganizationDetails, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::details(&ctx.db, id).await
}

/// Saves name and address; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "organizations/update")]
pub async fn update_organization(
    id: i32,
    version: i32,
    input: OrganizationInput,
) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::update(&ctx, id, version, &input).await?;
    leptos_axum::redirect(&format!("/admin/customers/{id}"));
    Ok(())
}

/// Internal notes. Staff only: no contact-callable function ever returns them.
#[server(prefix = "/api", endpoint = "organizations/notes")]
pub async fn get_organization_notes(id: i32) -> Result<OrganizationNotes, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::notes(&ctx.db, id).await
}

#[server(prefix = "/api", endpoint = "organizations/notes/save")]
pub async fn save_organization_notes(
    id: i32,
    version: i32,
    notes: String,
) -> Result<OrganizationNotes, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::save_notes(&ctx, id, version, &notes).await
}
