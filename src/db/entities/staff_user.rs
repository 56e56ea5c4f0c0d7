use sea_orm::entity::prelude::*;

/// A person of the business running the portal, who signs in to /admin.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stored lower-cased; unique across staff (and not used by any contact).
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// `None` until an invited staff user sets a password.
    pub password_hash: Option<String>,
    pub role: crate::auth::StaffRole,
    pub invited_at: Option<DateTimeUtc>,
    /// When they first set a password.
    pub activated_at: Option<DateTimeUtc>,
    /// Set when an Administrator deactivated them: no sign-in, no sessions.
    pub deactivated_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub last_login_ip: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
