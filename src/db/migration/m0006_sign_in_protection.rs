//! Sign-in protection: every sign-in attempt and password-reset request is
//! written down (the throttles count them, across every app server), and a
//! one-time link remembers when a newer one replaced it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("auth_attempt")
                    .col(pk_auto("id"))
                    // "sign_in" or "reset_request".
                    .col(string("kind"))
                    // As typed, trimmed and lower-cased; it need not belong to anyone.
                    .col(string("email"))
                    .col(string_null("client_ip"))
                    // What happened, e.g. "signed_in", "wrong_password", "throttled".
                    .col(string("outcome"))
                    .col(boolean("succeeded"))
                    .col(timestamp_with_time_zone("attempted_at"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_auth_attempt_email", "email"),
            ("idx_auth_attempt_client_ip", "client_ip"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("auth_attempt")
                        .col("kind")
                        .col(column)
                        .col("attempted_at")
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("access_token")
                    .add_column(timestamp_with_time_zone_null("replaced_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("access_token")
                    .drop_column("replaced_at")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("auth_attempt").to_owned())
            .await
    }
}
