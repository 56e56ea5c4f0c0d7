//! Estimate server functions: staff's (both staff roles: sales documents are
//! customer work, not settings), and the portal's, for contacts with Access
//! Orders and only their own organization's estimates.

use leptos::prelude::*;

use super::{ContactChoice, EstimateDetails, EstimateFormStart, EstimateInput, EstimateList};
use crate::error::AppError;

/// One page of estimates; `organization_id` 0 lists every organization's.
/// `status` is an `EstimateStatus` key or empty for all, `sort` an `EstimateSort` key.
#[server(prefix = "/api", endpoint = "estimates/list")]
pub async fn list_estimates(
    organization_id: i32,
    search: String,
    status: String,
    sort: String,
    page: u64,
) -> Result<EstimateList, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::list(
        &ctx.db,
        (organization_id > 0).then_some(organization_id),
        &search,
        super::EstimateStatus::from_key(&status),
        super::EstimateSort::from_key(&sort),
        page.max(1),
        ctx.now.date_naive(),
    )
    .await
}

/// What the New estimate form starts with for an organization.
#[server(prefix = "/api", endpoint = "estimates/start")]
pub async fn start_estimate(organization_id: i32) -> Result<EstimateFormStart, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::form_start(&ctx.db, organization_id, ctx.now.date_naive()).await
}

/// An estimate with the contacts it can be addressed to, for its Edit page.
#[server(prefix = "/api", endpoint = "estimates/edit")]
pub async fn edit_estimate(id: i32) -> Result<(EstimateDetails, Vec<ContactChoice>), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let details = super::service::details(&ctx.db, id, ctx.now.date_naive()).await?;
    let contacts = super::service::contact_choices(&ctx.db, details.organization_id).await?;
    Ok((details, contacts))
}

/// Creates a draft estimate and opens it.
#[server(prefix = "/api", endpoint = "estimates/create")]
pub async fn create_estimate(input: EstimateInput) -> Result<i32, AppError> {
    let (staff, ctx) = crate::auth::caller::require_staff()?;
    let id = super::service::create(&ctx, Some(staff.id), &input).await?;
    leptos_axum::redirect(&format!("/admin/sales/estimates/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "estimates/get")]
pub async fn get_estimate(id: i32) -> Result<EstimateDetails, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::details(&ctx.db, id, ctx.now.date_naive()).await
}

/// Saves an edit; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "estimates/update")]
pub async fn update_estimate(id: i32, version: i32, input: EstimateInput) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::update(&ctx, id, version, &input).await?;
    leptos_axum::redirect(&format!("/admin/sales/estimates/{id}"));
    Ok(())
}

/// Marks an estimate sent, so the customer sees it.
#[server(prefix = "/api", endpoint = "estimates/send")]
pub async fn send_estimate(id: i32, version: i32) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::send(&ctx, id, version).await?;
    leptos_axum::redirect(&format!("/admin/sales/estimates/{id}"));
    Ok(())
}

// --- the portal: contacts with Access Orders, their own organization's estimates ---

/// A page of the contact's organization's estimates (`filter`: "open" or "all").
#[server(prefix = "/api", endpoint = "portal/estimates")]
pub async fn portal_list_estimates(filter: String, page: u64) -> Result<EstimateList, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessOrders)?;
    super::decisions::list_for_contact(
        &ctx.db,
        me.organization_id,
        super::PortalEstimateFilter::from_key(&filter),
        page.max(1),
        ctx.now.date_naive(),
    )
    .await
}

/// One estimate of the contact's organization; opening a sent one marks it viewed.
#[server(prefix = "/api", endpoint = "portal/estimates/get")]
pub async fn portal_get_estimate(id: i32) -> Result<EstimateDetails, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessOrders)?;
    super::decisions::open_for_contact(&ctx, &me, id).await
}

/// Approves revision `revision`, with the typed name and the optional lines chosen.
#[server(prefix = "/api", endpoint = "portal/estimates/approve")]
pub async fn approve_estimate(
    id: i32,
    revision: i32,
    input: super::ApproveInput,
) -> Result<(), AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessOrders)?;
    super::decisions::decide(
        &ctx,
        &me,
        id,
        revision,
        super::decisions::Decision::Approve(input),
    )
    .await?;
    leptos_axum::redirect(&format!("/portal/estimates/{id}"));
    Ok(())
}

/// Asks for changes to revision `revision`; the note is required.
#[server(prefix = "/api", endpoint = "portal/estimates/request_changes")]
pub async fn request_estimate_changes(
    id: i32,
    revision: i32,
    note: String,
) -> Result<(), AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessOrders)?;
    super::decisions::decide(
        &ctx,
        &me,
        id,
        revision,
        super::decisions::Decision::RequestChanges { note },
    )
    .await?;
    leptos_axum::redirect(&format!("/portal/estimates/{id}"));
    Ok(())
}

/// Declines revision `revision`, with an optional reason.
#[server(prefix = "/api", endpoint = "portal/estimates/decline")]
pub async fn decline_estimate(id: i32, revision: i32, reason: String) -> Result<(), AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessOrders)?;
    super::decisions::decide(
        &ctx,
        &me,
        id,
        revision,
        super::decisions::Decision::Decline { reason },
    )
    .await?;
    leptos_axum::redirect(&format!("/portal/estimates/{id}"));
    Ok(())
}
