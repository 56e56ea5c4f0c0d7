//! Access level server functions.

use leptos::prelude::*;

use super::AccessLevelOption;
use crate::error::AppError;

/// Staff: the levels a contact can be given, for the contact card's "Profile" menu.
#[server(prefix = "/api", endpoint = "access/levels")]
pub async fn list_access_levels() -> Result<Vec<AccessLevelOption>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::service::options(&crate::server::db()?).await
}
