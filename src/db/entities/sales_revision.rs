use sea_orm::entity::prelude::*;

/// A revision of a sales document as customers were shown it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub document_id: i32,
    pub revision: i32,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub content_sha256: String,
    pub total_cents: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
