//! Indexes in the contact lists' own orders, within one organization, ties
//! broken as the queries break them, so a page of an organization's contacts
//! is read from an index instead of sorting all of them (5,000 in the big
//! organization of the list benchmark, among a million contacts).
//!
//! The name index also carries `search_text`: Find Contact and its count test
//! each contact's search text in the index itself and read the table only for
//! the 25 rows they show. It replaces m0001's (organization_id, last_name,
//! first_name), whose order no list uses.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: [&str; 3] = [
    "DROP INDEX idx_contact_organization",
    "CREATE INDEX idx_contact_by_name ON contact \
     (organization_id, first_name, last_name, id, search_text)",
    "CREATE INDEX idx_contact_by_newest ON contact (organization_id, created_at DESC, id DESC)",
];

// SQLite orders NULL first ascending, so last descending; PostgreSQL must be told.
const BY_LAST_LOGIN_SQLITE: &str = "CREATE INDEX idx_contact_by_last_login ON contact \
     (organization_id, last_login_at DESC, first_name, id)";
const BY_LAST_LOGIN_POSTGRES: &str = "CREATE INDEX idx_contact_by_last_login ON contact \
     (organization_id, last_login_at DESC NULLS LAST, first_name, id)";

const DOWN: [&str; 4] = [
    "DROP INDEX idx_contact_by_last_login",
    "DROP INDEX idx_contact_by_newest",
    "DROP INDEX idx_contact_by_name",
    "CREATE INDEX idx_contact_organization ON contact (organization_id, last_name, first_name)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &UP, None).await?;
        super::execute_all(
            manager,
            &[BY_LAST_LOGIN_SQLITE],
            Some(&[BY_LAST_LOGIN_POSTGRES]),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &DOWN, None).await
    }
}
