//! Email: editable templates, the outbox every message is written to in the
//! same transaction as the action that asks for it, and each message's events.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("email_template")
                    .col(pk_auto("id"))
                    .col(string_uniq("key"))
                    .col(string("subject"))
                    .col(text("html_body"))
                    .col(text("text_body"))
                    .col(boolean("links_to_portal").default(true))
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("email_message")
                    .col(pk_auto("id"))
                    .col(integer_null("organization_id"))
                    .col(integer_null("contact_id"))
                    .col(string("template_key"))
                    .col(string("to_address"))
                    .col(string("to_name"))
                    .col(string("subject"))
                    .col(text("html_body"))
                    .col(text("text_body"))
                    .col(string("message_id"))
                    // queued, sending, deferred, delivered or failed.
                    .col(string("status"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("claimed_at"))
                    .col(string_null("claimed_by"))
                    .col(text_null("last_error"))
                    .col(integer_null("resent_from_id"))
                    .col(string("requested_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_message_organization")
                            .from("email_message", "organization_id")
                            .to("organization", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // The history outlives a deleted contact.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_message_contact")
                            .from("email_message", "contact_id")
                            .to("contact", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            // The history drawer, newest first, per organization and per contact.
            (
                "idx_email_message_organization",
                &["organization_id", "id"][..],
            ),
            ("idx_email_message_contact", &["contact_id", "id"][..]),
            // The live status feed: what changed since the last look.
            (
                "idx_email_message_changes",
                &["organization_id", "updated_at"][..],
            ),
            // The worker's claim: due messages in order.
            ("idx_email_message_due", &["status", "next_attempt_at"][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table("email_message");
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("email_event")
                    .col(pk_auto("id"))
                    .col(integer("email_id"))
                    .col(string("kind"))
                    .col(text("description"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_event_message")
                            .from("email_event", "email_id")
                            .to("email_message", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_event_message")
                    .table("email_event")
                    .col("email_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["email_event", "email_message", "email_template"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
