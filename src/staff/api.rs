//! Staff user server functions: Administrators only. Every staff user may
//! read and change their own account through `auth::api` instead.

use leptos::prelude::*;

use super::StaffUserRow;
use crate::auth::StaffRole;
use crate::error::AppError;

/// Administrators: every staff user, for Settings › Staff Users.
#[server(prefix = "/api", endpoint = "admin/staff/list")]
pub async fn admin_list_staff() -> Result<Vec<StaffUserRow>, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    super::service::list(&ctx.db, me.id).await
}

/// Administrators: "Invite Staff User": adds them (no password yet) and
/// emails them a one-time link to set one.
#[server(prefix = "/api", endpoint = "admin/staff/invite")]
pub async fn admin_invite_staff(
    name: String,
    email: String,
    role: StaffRole,
) -> Result<StaffUserRow, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    let input = super::StaffInviteInput { name, email, role };
    super::service::invite(&ctx, me.id, &input).await
}

/// Administrators: sends an invited staff user a fresh link (the old one
/// stops working).
#[server(prefix = "/api", endpoint = "admin/staff/resend_invite")]
pub async fn admin_resend_staff_invite(id: i32) -> Result<StaffUserRow, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    super::service::resend_invite(&ctx, me.id, id).await
}

/// Administrators: changes a staff user's role. The last active
/// Administrator cannot be made Staff.
#[server(prefix = "/api", endpoint = "admin/staff/role")]
pub async fn admin_set_staff_role(id: i32, role: StaffRole) -> Result<StaffUserRow, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    super::service::set_role(&ctx, me.id, id, role).await
}

/// Administrators: deactivates a staff user, ending their sessions at once.
/// Not themselves, and never the last active Administrator.
#[server(prefix = "/api", endpoint = "admin/staff/deactivate")]
pub async fn admin_deactivate_staff(id: i32) -> Result<StaffUserRow, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    super::service::deactivate(&ctx, me.id, id).await
}

/// Administrators: lets a deactivated staff user sign in again.
#[server(prefix = "/api", endpoint = "admin/staff/reactivate")]
pub async fn admin_reactivate_staff(id: i32) -> Result<StaffUserRow, AppError> {
    let (me, ctx) = crate::auth::caller::require_administrator()?;
    super::service::reactivate(&ctx, me.id, id).await
}
