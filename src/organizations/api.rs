//! Organization server functions.

use leptos::prelude::*;

use super::OrganizationSummary;
use crate::error::AppError;

/// Staff only: every customer organization.
#[server(prefix = "/api", endpoint = "organizations/list")]
pub async fn list_organizations() -> Result<Vec<OrganizationSummary>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::service::list(&crate::server::db()?).await
}
