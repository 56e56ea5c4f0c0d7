use sea_orm::entity::prelude::*;

/// A server-side session. `id` is a SHA-256 of the cookie's session id, so the
/// table alone never yields a usable cookie.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub expires_at: DateTimeUtc,
    /// "staff" or "contact" once signed in, so all of a person's sessions can be ended at once.
    pub principal_kind: Option<String>,
    pub principal_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
