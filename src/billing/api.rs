//! Billing server functions.

use leptos::prelude::*;

use super::InvoiceList;
use crate::error::AppError;

/// A contact with Access Billing: their own organization's invoices.
#[server(prefix = "/api", endpoint = "portal/invoices")]
pub async fn portal_list_invoices(filter: String, page: u64) -> Result<InvoiceList, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    me.require(crate::access::Permission::AccessBilling)?;
    let today = chrono::Utc::now().date_naive();
    super::service::list(
        &crate::server::db()?,
        me.organization_id,
        super::InvoiceFilter::from_key(&filter),
        page,
        today,
    )
    .await
}
