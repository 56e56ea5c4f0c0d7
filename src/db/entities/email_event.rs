use sea_orm::entity::prelude::*;

/// One step in an email's life: triggered, queued, picked up, delivered, deferred, failed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub email_id: i32,
    pub kind: crate::email::EmailEventKind,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::email_message::Entity",
        from = "Column::EmailId",
        to = "super::email_message::Column::Id"
    )]
    Message,
}

impl Related<super::email_message::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Message.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
