//! Staff accounts and the rules a public portal keeps:
//! - staff users get a role, can be invited (no password until they set one)
//!   and deactivated;
//! - one-time links belong to a contact or a staff user;
//! - sessions remember when and from where they were last used (existing
//!   sessions end: everyone signs in again once);
//! - emails carry a link's purpose instead of its secret, which the worker
//!   fills in at delivery. Secrets already stored in invite and reset emails
//!   are replaced by the placeholder.
//!
//! SQLite cannot relax a NOT NULL column, so the staff and link tables are
//! rebuilt (create, copy, drop, rename) on both databases alike.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};
use sea_orm_migration::{prelude::*, schema::*};

use crate::auth::tokens::SECRET_PLACEHOLDER;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// On PostgreSQL a rebuilt table's id sequence starts again at 1; move it past
/// the copied rows.
async fn reset_sequence(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))
        .await?;
    }
    Ok(())
}

async fn rebuild_staff_users(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("staff_user_v2")
                .col(pk_auto("id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string_null("password_hash"))
                // "administrator" or "staff".
                .col(string("role"))
                .col(timestamp_with_time_zone_null("invited_at"))
                .col(timestamp_with_time_zone_null("activated_at"))
                .col(timestamp_with_time_zone_null("deactivated_at"))
                .col(timestamp_with_time_zone_null("last_login_at"))
                .col(string_null("last_login_ip"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
    // Everyone who was staff until now administered the whole portal.
    manager
        .get_connection()
        .execute_unprepared(
            "INSERT INTO staff_user_v2 (id, email, name, password_hash, role, activated_at, \
             deactivated_at, last_login_at, version, created_at, updated_at) \
             SELECT id, email, name, password_hash, 'administrator', created_at, \
             CASE WHEN active THEN NULL ELSE updated_at END, last_login_at, version, \
             created_at, updated_at FROM staff_user",
        )
        .await?;
    manager
        .drop_table(Table::drop().table("staff_user").to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table("staff_user_v2", "staff_user")
                .to_owned(),
        )
        .await?;
    reset_sequence(manager, "staff_user").await
}

async fn rebuild_access_tokens(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("access_token_v2")
                .col(pk_auto("id"))
                // Exactly one of the two is set.
                .col(integer_null("contact_id"))
                .col(integer_null("staff_user_id"))
                // "invite" or "reset".
                .col(string("purpose"))
                // Hex SHA-256 of the token; the token itself is only ever in the email.
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone_null("replaced_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_access_token_v2_contact")
                        .from("access_token_v2", "contact_id")
                        .to("contact", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_access_token_v2_staff_user")
                        .from("access_token_v2", "staff_user_id")
                        .to("staff_user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .get_connection()
        .execute_unprepared(
            "INSERT INTO access_token_v2 (id, contact_id, staff_user_id, purpose, token_hash, \
             created_at, expires_at, used_at, replaced_at) \
             SELECT id, contact_id, NULL, purpose, token_hash, created_at, expires_at, used_at, \
             replaced_at FROM access_token",
        )
        .await?;
    manager
        .drop_table(Table::drop().table("access_token").to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table("access_token_v2", "access_token")
                .to_owned(),
        )
        .await?;
    reset_sequence(manager, "access_token").await?;
    for (name, column) in [
        ("idx_access_token_contact", "contact_id"),
        ("idx_access_token_staff_user", "staff_user_id"),
    ] {
        manager
            .create_index(
                Index::create()
                    .name(name)
                    .table("access_token")
                    .col(column)
                    .col("purpose")
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn recreate_sessions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table("session").to_owned())
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
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(string_null("client_ip"))
                .col(string_null("user_agent"))
                .to_owned(),
        )
        .await?;
    for (name, columns) in [
        (
            "idx_session_principal",
            &["principal_kind", "principal_id"][..],
        ),
        ("idx_session_expires", &["expires_at"][..]),
    ] {
        let mut index = Index::create();
        index.name(name).table("session");
        for column in columns {
            index.col(*column);
        }
        manager.create_index(index.to_owned()).await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct StoredLinkEmail {
    id: i32,
    template_key: String,
    html_body: String,
    text_body: String,
}

/// Replaces every `token=<64 hex digits>` in `body` with the placeholder.
fn redact(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("token=") {
        let (before, after) = rest.split_at(at + "token=".len());
        out.push_str(before);
        let secret_len = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        if secret_len == 64 {
            out.push_str(SECRET_PLACEHOLDER);
            rest = &after[64..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Invite and reset emails already in the outbox keep their link's secret in
/// their bodies; from now on none is stored. Their links keep working for
/// whoever received them; a resend gets a fresh link.
async fn redact_stored_secrets(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows = StoredLinkEmail::find_by_statement(Statement::from_string(
        backend,
        "SELECT id, template_key, html_body, text_body FROM email_message \
         WHERE template_key IN ('sign-in-invite', 'password-reset')",
    ))
    .all(db)
    .await?;
    for row in rows {
        let (purpose, lifetime) = if row.template_key == "sign-in-invite" {
            ("invite", 7 * 24 * 3600_i64)
        } else {
            ("reset", 3600)
        };
        let sql = match backend {
            DbBackend::Postgres => {
                "UPDATE email_message SET html_body = $1, text_body = $2, link_purpose = $3, \
                 link_lifetime_seconds = $4 WHERE id = $5"
            }
            _ => {
                "UPDATE email_message SET html_body = ?, text_body = ?, link_purpose = ?, \
                 link_lifetime_seconds = ? WHERE id = ?"
            }
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                redact(&row.html_body).into(),
                redact(&row.text_body).into(),
                purpose.into(),
                lifetime.into(),
                row.id.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild_staff_users(manager).await?;
        rebuild_access_tokens(manager).await?;
        recreate_sessions(manager).await?;
        for column in [
            ColumnDef::new("staff_user_id").integer().null().to_owned(),
            ColumnDef::new("link_purpose").string().null().to_owned(),
            ColumnDef::new("link_lifetime_seconds")
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("email_message")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        redact_stored_secrets(manager).await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m0007 rebuilt tables and dropped stored link secrets; restore a backup instead"
                .to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_secrets_become_the_placeholder() {
        let secret = "ab".repeat(32);
        let body = format!("<a href=\"https://p/accept-invite?token={secret}\">x</a> token=short");
        let redacted = redact(&body);
        assert!(!redacted.contains(&secret));
        assert!(redacted.contains(&format!("token={SECRET_PLACEHOLDER}\"")));
        assert!(redacted.ends_with("token=short"));
    }
}
