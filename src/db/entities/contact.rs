use sea_orm::entity::prelude::*;
use sea_orm::Set;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    /// Honorific: Mr., Ms., Dr. ...
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    /// Stored lower-cased; unique across contacts.
    #[sea_orm(unique)]
    pub email: String,
    /// `contact_search_text(..)`, kept by `before_save`.
    pub search_text: String,
    pub phone: String,
    pub status: crate::contacts::ContactStatus,
    pub access_level_id: Option<i32>,
    /// Set when staff chose "Revoke Access": no sign-in whatever the level.
    pub access_revoked_at: Option<DateTimeUtc>,
    /// Receives account notices and statements for the organization.
    pub is_default_notification: bool,
    pub password_hash: Option<String>,
    pub invited_at: Option<DateTimeUtc>,
    pub activated_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub last_login_ip: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
    #[sea_orm(
        belongs_to = "super::access_level::Entity",
        from = "Column::AccessLevelId",
        to = "super::access_level::Column::Id"
    )]
    AccessLevel,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl Related<super::access_level::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AccessLevel.def()
    }
}

/// What "Find Contact" matches: name and email, in search form.
pub fn search_text(first_name: &str, last_name: &str, email: &str) -> String {
    crate::paging::search_key(&format!("{first_name} {last_name} {email}"))
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C: ConnectionTrait>(
        mut self,
        _db: &C,
        _insert: bool,
    ) -> Result<Self, DbErr> {
        if let (Some(first), Some(last), Some(email)) = (
            self.first_name.try_as_ref(),
            self.last_name.try_as_ref(),
            self.email.try_as_ref(),
        ) {
            self.search_text = Set(search_text(first, last, email));
        }
        Ok(self)
    }
}
