//! Access level server functions.

use leptos::prelude::*;

use super::{AccessLevelDetails, AccessLevelInput, AccessLevelOption};
use crate::error::AppError;

/// Staff: the levels a contact can be given, for the contact card's "Profile" menu.
#[server(prefix = "/api", endpoint = "access/levels")]
pub async fn list_access_levels() -> Result<Vec<AccessLevelOption>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::service::options(&crate::server::db()?).await
}

/// Staff: every level with its permissions and contact count (Settings › Client Users).
#[server(prefix = "/api", endpoint = "access/levels/details")]
pub async fn admin_list_access_levels() -> Result<Vec<AccessLevelDetails>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::service::list_details(&crate::server::db()?).await
}

/// Staff: creates a level.
#[server(prefix = "/api", endpoint = "access/levels/create", input = server_fn::codec::Json)]
pub async fn admin_create_access_level(input: AccessLevelInput) -> Result<i32, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    super::service::create(&crate::server::db()?, &actor, &input).await
}

/// Staff: renames a level and sets its permissions; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "access/levels/update", input = server_fn::codec::Json)]
pub async fn admin_update_access_level(
    id: i32,
    version: i32,
    input: AccessLevelInput,
) -> Result<(), AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    super::service::update(&crate::server::db()?, &actor, id, version, &input).await
}

/// Staff: deletes a level no contact holds.
#[server(prefix = "/api", endpoint = "access/levels/delete")]
pub async fn admin_delete_access_level(id: i32) -> Result<(), AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    super::service::delete(&crate::server::db()?, &actor, id).await
}
