//! Reading an organization's invoices and what it owes.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::{
    BillingOverview, InvoiceFilter, InvoiceList, InvoiceStatus, InvoiceSummary, INVOICES_PER_PAGE,
};
use crate::db::entities::invoice;
use crate::error::AppResult;
use crate::paging::{offset_of, Page};

fn open_invoices(organization_id: i32) -> Select<invoice::Entity> {
    invoice::Entity::find()
        .filter(invoice::Column::OrganizationId.eq(organization_id))
        .filter(invoice::Column::Status.eq(InvoiceStatus::Open))
}

/// `SUM(balance_cents)` as a BIGINT on every database (PostgreSQL sums to NUMERIC).
fn balance_sum() -> SimpleExpr {
    Func::cast_as(
        Func::coalesce([Expr::col(invoice::Column::BalanceCents).sum(), Expr::val(0)]),
        Alias::new("BIGINT"),
    )
    .into()
}

async fn sum_balance(db: &impl ConnectionTrait, query: Select<invoice::Entity>) -> AppResult<i64> {
    Ok(query
        .select_only()
        .column_as(balance_sum(), "balance")
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

pub async fn overview(
    db: &impl ConnectionTrait,
    organization_id: i32,
    today: NaiveDate,
) -> AppResult<BillingOverview> {
    Ok(BillingOverview {
        open_count: open_invoices(organization_id).count(db).await?,
        open_balance_cents: sum_balance(db, open_invoices(organization_id)).await?,
        overdue_balance_cents: sum_balance(
            db,
            open_invoices(organization_id).filter(invoice::Column::DueOn.lt(today)),
        )
        .await?,
    })
}

fn summary(model: invoice::Model, today: NaiveDate) -> InvoiceSummary {
    let status = model.status;
    InvoiceSummary {
        id: model.id,
        number: model.number,
        issued_on: model.issued_on,
        due_on: model.due_on,
        description: model.description,
        total_cents: model.total_cents,
        balance_cents: model.balance_cents,
        status,
        overdue: status == InvoiceStatus::Open && model.due_on < today,
    }
}

/// One page of an organization's invoices, newest first, with what it owes.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i32,
    filter: InvoiceFilter,
    page: u64,
    today: NaiveDate,
) -> AppResult<InvoiceList> {
    let query = match filter {
        InvoiceFilter::Open => open_invoices(organization_id),
        InvoiceFilter::All => {
            invoice::Entity::find().filter(invoice::Column::OrganizationId.eq(organization_id))
        }
    };
    let total = query.clone().count(db).await?;
    let offset = offset_of(page, INVOICES_PER_PAGE);
    let items = query
        .order_by_desc(invoice::Column::IssuedOn)
        .order_by_desc(invoice::Column::Id)
        .offset(offset)
        .limit(INVOICES_PER_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(|model| summary(model, today))
        .collect();
    Ok(InvoiceList {
        overview: overview(db, organization_id, today).await?,
        page: Page {
            items,
            total,
            offset,
            limit: INVOICES_PER_PAGE,
            at_least: false,
        },
    })
}
