//! Billing server functions.

use leptos::prelude::*;

use super::InvoiceList;
use crate::error::AppError;

/// A contact with Access Billing: their own organization's invoices.
#[server(prefix = "/api", endpoint = "portal/invoices")]
pub async fn portal_list_invoices(filter: String, page: u64) -> Result<InvoiceList, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::AccessBilling)?;
    super::service::list(
        &ctx.db,
        me.organization_id,
        super::InvoiceFilter::from_key(&filter),
        page,
        ctx.now.date_naive(),
    )
    .await
}
