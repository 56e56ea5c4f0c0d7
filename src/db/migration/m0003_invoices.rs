//! Invoices: what a customer organization owes, as contacts with Access Billing see it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("invoice")
                    .col(pk_auto("id"))
                    .col(integer("organization_id"))
                    .col(string_uniq("number"))
                    .col(date("issued_on"))
                    .col(date("due_on"))
                    .col(string("description").default(""))
                    // Amounts in cents of the portal's currency.
                    .col(big_integer("total_cents"))
                    .col(big_integer("balance_cents"))
                    // "open", "paid" or "void".
                    .col(string("status"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invoice_organization")
                            .from("invoice", "organization_id")
                            .to("organization", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invoice_organization_issued")
                    .table("invoice")
                    .col("organization_id")
                    .col("issued_on")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("invoice").to_owned())
            .await
    }
}
