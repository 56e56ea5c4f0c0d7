use sea_orm::entity::prelude::*;

/// A customer's decision on one revision of a document, with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub document_id: i32,
    pub revision: i32,
    pub kind: crate::sales::DecisionKind,
    pub contact_id: Option<i32>,
    pub contact_label: String,
    pub signer_name: String,
    pub po_number: String,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    #[sea_orm(column_type = "Text")]
    pub terms_shown: String,
    #[sea_orm(column_type = "Text")]
    pub chosen_lines: String,
    pub accepted_total_cents: i64,
    pub content_sha256: String,
    pub client_ip: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub user_agent: Option<String>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
