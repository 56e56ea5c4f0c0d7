//! Schema migrations, run at every start on SQLite and PostgreSQL alike.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

mod m0001_initial;
mod m0002_organization_activity;
mod m0003_invoices;
mod m0004_email;
mod m0005_access_tokens;
mod m0006_sign_in_protection;
mod m0007_safe_to_deploy;
mod m0008_customer_search;
mod m0009_customer_list_order;
mod m0010_contact_list_order;
mod m0011_sales_documents;
mod m0012_access_orders;
mod m0013_estimate_decisions;

pub struct Migrator;

/// Runs raw SQL statements in order: for what the schema builder can't say
/// (FTS5 tables, triggers, pg_trgm, descending and NULLS LAST index keys).
/// With `postgres`, PostgreSQL runs those instead of `sqlite`'s.
async fn execute_all(
    manager: &SchemaManager<'_>,
    sqlite: &[&str],
    postgres: Option<&[&str]>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let statements = match (db.get_database_backend(), postgres) {
        (sea_orm::DbBackend::Postgres, Some(postgres)) => postgres,
        _ => sqlite,
    };
    for statement in statements {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_organization_activity::Migration),
            Box::new(m0003_invoices::Migration),
            Box::new(m0004_email::Migration),
            Box::new(m0005_access_tokens::Migration),
            Box::new(m0006_sign_in_protection::Migration),
            Box::new(m0007_safe_to_deploy::Migration),
            Box::new(m0008_customer_search::Migration),
            Box::new(m0009_customer_list_order::Migration),
            Box::new(m0010_contact_list_order::Migration),
            Box::new(m0011_sales_documents::Migration),
            Box::new(m0012_access_orders::Migration),
            Box::new(m0013_estimate_decisions::Migration),
        ]
    }
}
