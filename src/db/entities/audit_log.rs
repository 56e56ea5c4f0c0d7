use sea_orm::entity::prelude::*;

/// Who did what to which record, when, with the values before and after.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub occurred_at: DateTimeUtc,
    /// "staff", "contact" or "system".
    pub actor_kind: String,
    pub actor_id: Option<i32>,
    /// The actor's name and email at the time, so the entry reads well after they are gone.
    pub actor_label: String,
    /// Dotted verb such as "auth.sign_in" or "contact.update".
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<i32>,
    /// JSON object: field -> {"old": .., "new": ..}, or other details of the action.
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub client_ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
