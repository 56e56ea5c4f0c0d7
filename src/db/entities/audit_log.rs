use sea_orm::entity::prelude::*;

/// Who did what to which record, when, with the values before and after.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub occurred_at: DateTimeUtc,
    pub actor_kind: crate::audit::ActorKind,
    pub actor_id: Option<i32>,
    /// The actor's name and email at the time, so the entry reads well after they are gone.
    pub actor_label: String,
    pub action: crate::audit::AuditAction,
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
