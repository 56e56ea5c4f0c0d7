//! Sales documents (estimates, and the orders they become) with their lines,
//! and the counters their numbers come from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per kind of document. A new number is taken by incrementing
        // the row inside the transaction that writes the document, so servers
        // creating documents at once wait for each other and never share one.
        manager
            .create_table(
                Table::create()
                    .table("document_number")
                    .col(string("kind").primary_key())
                    .col(big_integer("last_number"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO document_number (kind, last_number) VALUES ('estimate', 1000), ('order', 1000)",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("sales_document")
                    .col(pk_auto("id"))
                    // "estimate" or "order".
                    .col(string("kind"))
                    .col(integer("organization_id"))
                    .col(string_uniq("number"))
                    .col(string("title"))
                    .col(integer_null("contact_id"))
                    .col(integer_null("owner_staff_id"))
                    .col(string("status"))
                    // Bumped by every edit made after the customer could see it.
                    .col(integer("revision").default(1))
                    // Bumped by every save, for optimistic locking.
                    .col(integer("version").default(1))
                    .col(date("issued_on"))
                    .col(date_null("valid_until"))
                    .col(big_integer("tax_rate_bp").default(0))
                    .col(text("notes").default(""))
                    .col(text("terms").default(""))
                    // From `sales::totals`, stored at each save for the lists.
                    .col(big_integer("total_cents").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_document_organization")
                            .from("sales_document", "organization_id")
                            .to("organization", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_document_contact")
                            .from("sales_document", "contact_id")
                            .to("contact", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_document_owner")
                            .from("sales_document", "owner_staff_id")
                            .to("staff_user", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_sales_document_kind_issued",
                ["kind", "issued_on", "id"],
            ),
            (
                "idx_sales_document_organization",
                ["organization_id", "kind", "issued_on"],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table("sales_document");
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("sales_line")
                    .col(pk_auto("id"))
                    .col(integer("document_id"))
                    .col(integer("position"))
                    .col(text("description"))
                    // Thousandths of a unit.
                    .col(big_integer("quantity"))
                    .col(string("unit").default(""))
                    .col(big_integer("unit_price_cents"))
                    .col(big_integer("discount_bp").default(0))
                    .col(boolean("taxable").default(true))
                    .col(boolean("optional").default(false))
                    .col(boolean("selected").default(true))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_line_document")
                            .from("sales_line", "document_id")
                            .to("sales_document", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sales_line_document")
                    .table("sales_line")
                    .col("document_id")
                    .col("position")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["sales_line", "sales_document", "document_number"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
