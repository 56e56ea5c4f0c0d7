use sea_orm::entity::prelude::*;

/// One sign-in attempt or password-reset request, successful or not.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_attempt")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: crate::auth::throttle::AttemptKind,
    pub email: String,
    pub client_ip: Option<String>,
    pub outcome: crate::auth::throttle::Outcome,
    pub succeeded: bool,
    pub attempted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
