//! Denormalized activity on organizations (contact count, latest sign-in) so the
//! customer list can sort and page by them from an index, and a separate
//! version for the internal notes so editing notes never clashes with an address edit.
//! Also the lower-cased search columns (`paging::search_key`), kept by the
//! entities' save hooks, since SQLite's `lower()` only folds A–Z.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one ALTER option per statement.
        for column in [
            integer("contact_count").default(0).to_owned(),
            timestamp_with_time_zone_null("last_login_at").to_owned(),
            integer_null("last_login_contact_id").to_owned(),
            integer("notes_version").default(1).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("organization")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("contact")
                    .add_column(string("search_text").default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("organization")
                    .add_column(string("search_name").default(""))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_organization_contact_count", "contact_count"),
            ("idx_organization_last_login", "last_login_at"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("organization")
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE organization SET contact_count = \
               (SELECT COUNT(*) FROM contact WHERE contact.organization_id = organization.id), \
             last_login_contact_id = \
               (SELECT contact.id FROM contact WHERE contact.organization_id = organization.id \
                  AND contact.last_login_at IS NOT NULL ORDER BY contact.last_login_at DESC LIMIT 1)",
        )
        .await?;
        // Rows written before this migration get the database's lower(); every
        // later save writes the Rust form.
        db.execute_unprepared("UPDATE organization SET search_name = lower(name)")
            .await?;
        db.execute_unprepared(
            "UPDATE contact SET search_text = lower(first_name || ' ' || last_name || ' ' || email)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE organization SET last_login_at = \
               (SELECT contact.last_login_at FROM contact WHERE contact.id = organization.last_login_contact_id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in [
            "idx_organization_contact_count",
            "idx_organization_last_login",
        ] {
            manager
                .drop_index(Index::drop().name(index).table("organization").to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("contact")
                    .drop_column("search_text")
                    .to_owned(),
            )
            .await?;
        for column in [
            "search_name",
            "contact_count",
            "last_login_at",
            "last_login_contact_id",
            "notes_version",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("organization")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
