//! Access level server functions. Every staff user may read the levels (a
//! contact card offers them); only Administrators may change them.

use leptos::prelude::*;

use super::{AccessLevelDetails, AccessLevelInput, AccessLevelOption};
use crate::error::AppError;

/// Staff: the levels a contact can be given, for the contact card's "Profile" menu.
#[server(prefix = "/api", endpoint = "access/levels")]
pub async fn list_access_levels() -> Result<Vec<AccessLevelOption>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::options(&ctx.db).await
}

/// Staff: every level with its permissions and contact count (Settings ›
/// Client Users, read-only for the Staff role).
#[server(prefix = "/api", endpoint = "access/levels/details")]
pub async fn admin_list_access_levels() -> Result<Vec<AccessLevelDetails>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::service::list_details(&ctx.db).await
}

/// Administrators: creates a level.
#[server(prefix = "/api", endpoint = "access/levels/create", input = server_fn::codec::Json)]
#[middleware(crate::server::security::RequireJson)]
pub async fn admin_create_access_level(input: AccessLevelInput) -> Result<i32, AppError> {
    let (_, ctx) = crate::auth::caller::require_administrator()?;
    super::service::create(&ctx, &input).await
}

/// Administrators: renames a level and sets its permissions; refuses if
/// someone else saved since `version`.
#[server(prefix = "/api", endpoint = "access/levels/update", input = server_fn::codec::Json)]
#[middleware(crate::server::security::RequireJson)]
pub async fn admin_update_access_level(
    id: i32,
    version: i32,
    input: AccessLevelInput,
) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_administrator()?;
    super::service::update(&ctx, id, version, &input).await
}

/// Administrators: deletes a level no contact holds.
#[server(prefix = "/api", endpoint = "access/levels/delete")]
pub async fn admin_delete_access_level(id: i32) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_administrator()?;
    super::service::delete(&ctx, id).await
}
