//! Indexes in the customer list's own orders, ties broken by name and id as
//! the query breaks them. SQLite walks an index to a page only when the whole
//! ORDER BY matches it: with m0002's one-column indexes it read and sorted
//! every organization for each page of the list sorted by contacts or by last
//! sign-in (and PostgreSQL's ascending index could not give "latest sign-in
//! first, never signed in last"). These replace them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const DROP_OLD: [&str; 2] = [
    "DROP INDEX idx_organization_contact_count",
    "DROP INDEX idx_organization_last_login",
];

const BY_CONTACTS: &str =
    "CREATE INDEX idx_organization_by_contacts ON organization (contact_count DESC, name, id)";

// SQLite orders NULL first ascending, so last descending; PostgreSQL must be told.
const BY_LAST_LOGIN_SQLITE: &str =
    "CREATE INDEX idx_organization_by_last_login ON organization (last_login_at DESC, name, id)";
const BY_LAST_LOGIN_POSTGRES: &str = "CREATE INDEX idx_organization_by_last_login ON organization \
     (last_login_at DESC NULLS LAST, name, id)";

const DOWN: [&str; 4] = [
    "DROP INDEX idx_organization_by_contacts",
    "DROP INDEX idx_organization_by_last_login",
    "CREATE INDEX idx_organization_contact_count ON organization (contact_count)",
    "CREATE INDEX idx_organization_last_login ON organization (last_login_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &DROP_OLD, None).await?;
        super::execute_all(
            manager,
            &[BY_CONTACTS, BY_LAST_LOGIN_SQLITE],
            Some(&[BY_CONTACTS, BY_LAST_LOGIN_POSTGRES]),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &DOWN, None).await
    }
}
