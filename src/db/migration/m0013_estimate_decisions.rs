//! What customers decide on: each revision of a document as it was shown
//! (its canonical content and that content's SHA-256), and the one decision
//! each revision can get, with its evidence.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sales_revision")
                    .col(pk_auto("id"))
                    .col(integer("document_id"))
                    .col(integer("revision"))
                    // `sales::revisions::canonical_content`, as JSON.
                    .col(text("content"))
                    .col(string("content_sha256"))
                    .col(big_integer("total_cents"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_revision_document")
                            .from("sales_revision", "document_id")
                            .to("sales_document", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sales_revision_document")
                    .table("sales_revision")
                    .col("document_id")
                    .col("revision")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sales_decision")
                    .col(pk_auto("id"))
                    .col(integer("document_id"))
                    .col(integer("revision"))
                    // "approved", "changes_requested" or "declined".
                    .col(string("kind"))
                    .col(integer_null("contact_id"))
                    // Who decided, as they were then: "Name <email>".
                    .col(string("contact_label"))
                    // The full name typed to approve.
                    .col(string("signer_name").default(""))
                    .col(string("po_number").default(""))
                    .col(text("comment").default(""))
                    // The terms as the page showed them.
                    .col(text("terms_shown").default(""))
                    // The optional lines chosen, as a JSON array of positions.
                    .col(text("chosen_lines").default("[]"))
                    .col(big_integer("accepted_total_cents").default(0))
                    .col(string("content_sha256"))
                    .col(string_null("client_ip"))
                    .col(text_null("user_agent"))
                    .col(timestamp_with_time_zone("decided_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_decision_document")
                            .from("sales_decision", "document_id")
                            .to("sales_document", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sales_decision_contact")
                            .from("sales_decision", "contact_id")
                            .to("contact", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // One decision per revision: of two submitted at once, the second
        // insert fails, on every database.
        manager
            .create_index(
                Index::create()
                    .name("idx_sales_decision_revision")
                    .table("sales_decision")
                    .col("document_id")
                    .col("revision")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["sales_decision", "sales_revision"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
