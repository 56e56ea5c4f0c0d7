//! The first schema: organizations, contacts, access levels, staff, sessions, audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns every user-edited row carries: an optimistic-concurrency version and timestamps.
fn edited(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(integer("version").default(1))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                edited(
                    Table::create()
                        .table("organization")
                        .col(pk_auto("id"))
                        .col(string("name"))
                        .col(string("address_line1").default(""))
                        .col(string("address_line2").default(""))
                        .col(string("city").default(""))
                        .col(string("region").default(""))
                        .col(string("postal_code").default(""))
                        .col(string("country").default(""))
                        .col(text("notes").default("")),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organization_name")
                    .table("organization")
                    .col("name")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                edited(
                    Table::create()
                        .table("access_level")
                        .col(pk_auto("id"))
                        .col(string_uniq("name"))
                        .col(string("description").default("")),
                )
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("access_level_permission")
                    .col(integer("access_level_id"))
                    .col(string("permission"))
                    .primary_key(Index::create().col("access_level_id").col("permission"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_level_permission_level")
                            .from("access_level_permission", "access_level_id")
                            .to("access_level", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                edited(
                    Table::create()
                        .table("contact")
                        .col(pk_auto("id"))
                        .col(integer("organization_id"))
                        .col(string("title").default(""))
                        .col(string("first_name"))
                        .col(string("last_name"))
                        .col(string_uniq("email"))
                        .col(string("phone").default(""))
                        .col(string("status").default("active"))
                        .col(integer_null("access_level_id"))
                        .col(timestamp_with_time_zone_null("access_revoked_at"))
                        .col(boolean("is_default_notification").default(false))
                        .col(string_null("password_hash"))
                        .col(timestamp_with_time_zone_null("invited_at"))
                        .col(timestamp_with_time_zone_null("activated_at"))
                        .col(timestamp_with_time_zone_null("last_login_at"))
                        .col(string_null("last_login_ip"))
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_contact_organization")
                                .from("contact", "organization_id")
                                .to("organization", "id")
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_contact_access_level")
                                .from("contact", "access_level_id")
                                .to("access_level", "id")
                                .on_delete(ForeignKeyAction::Restrict),
                        ),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contact_organization")
                    .table("contact")
                    .col("organization_id")
                    .col("last_name")
                    .col("first_name")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                edited(
                    Table::create()
                        .table("staff_user")
                        .col(pk_auto("id"))
                        .col(string_uniq("email"))
                        .col(string("name"))
                        .col(string("password_hash"))
                        .col(boolean("active").default(true))
                        .col(timestamp_with_time_zone_null("last_login_at")),
                )
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("session")
                    .col(string("id").primary_key())
                    .col(text("data"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(string_null("principal_kind"))
                    .col(integer_null("principal_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_principal")
                    .table("session")
                    .col("principal_kind")
                    .col("principal_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_expires")
                    .table("session")
                    .col("expires_at")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor_kind"))
                    .col(integer_null("actor_id"))
                    .col(string("actor_label"))
                    .col(string("action"))
                    .col(string("entity_type"))
                    .col(integer_null("entity_id"))
                    .col(text("details"))
                    .col(string_null("client_ip"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_entity")
                    .table("audit_log")
                    .col("entity_type")
                    .col("entity_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_log",
            "session",
            "staff_user",
            "contact",
            "access_level_permission",
            "access_level",
            "organization",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
