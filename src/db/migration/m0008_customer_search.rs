//! A trigram index for the customer search, so finding a name fragment among
//! 100,000 organizations reads the index, not every row:
//! - SQLite: an FTS5 table with the `trigram` tokenizer over
//!   `organization.search_name` (external content: it stores only the index),
//!   kept by triggers. `case_sensitive 1` because the column is already in
//!   search form; the tokenizer must not fold it a second, different way.
//! - PostgreSQL: a `pg_trgm` GIN index, which serves the existing LIKE itself.
//!   pg_trgm is a trusted extension: the database's owner may create it.
//!
//! Contacts need none: Find Contact always searches one organization's
//! contacts, which the organization index already narrows to a few thousand.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: [&str; 5] = [
    "CREATE VIRTUAL TABLE organization_search USING fts5(search_name, \
     content='organization', content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER organization_search_insert AFTER INSERT ON organization BEGIN \
       INSERT INTO organization_search (rowid, search_name) VALUES (new.id, new.search_name); \
     END",
    // An external-content index forgets a row by being told the values it indexed.
    "CREATE TRIGGER organization_search_delete AFTER DELETE ON organization BEGIN \
       INSERT INTO organization_search (organization_search, rowid, search_name) \
         VALUES ('delete', old.id, old.search_name); \
     END",
    "CREATE TRIGGER organization_search_update AFTER UPDATE OF search_name ON organization BEGIN \
       INSERT INTO organization_search (organization_search, rowid, search_name) \
         VALUES ('delete', old.id, old.search_name); \
       INSERT INTO organization_search (rowid, search_name) VALUES (new.id, new.search_name); \
     END",
    // Indexes the organizations already there.
    "INSERT INTO organization_search (organization_search) VALUES ('rebuild')",
];

const SQLITE_DOWN: [&str; 4] = [
    "DROP TRIGGER organization_search_update",
    "DROP TRIGGER organization_search_delete",
    "DROP TRIGGER organization_search_insert",
    "DROP TABLE organization_search",
];

const POSTGRES_UP: [&str; 2] = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX idx_organization_search_name_trgm ON organization \
     USING gin (search_name gin_trgm_ops)",
];

// The extension stays: other schemas in the database may use it.
const POSTGRES_DOWN: [&str; 1] = ["DROP INDEX idx_organization_search_name_trgm"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &SQLITE_UP, Some(&POSTGRES_UP)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &SQLITE_DOWN, Some(&POSTGRES_DOWN)).await
    }
}
