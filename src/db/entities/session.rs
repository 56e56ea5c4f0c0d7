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
    /// The idle timeout: moved on as the session is used.
    pub expires_at: DateTimeUtc,
    /// Who is signed in, so all of a person's sessions can be ended at once.
    pub principal_kind: Option<crate::auth::Role>,
    pub principal_id: Option<i32>,
    /// When the session was started; the absolute lifetime counts from here.
    pub created_at: DateTimeUtc,
    /// When it was last used, noted every few minutes.
    pub last_seen_at: DateTimeUtc,
    /// The client address and browser it was last used from.
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
