use sea_orm::entity::prelude::*;
use sea_orm::Set;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// `paging::search_key(name)`, kept by `before_save`.
    pub search_name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    /// Internal, staff-only notes. Never part of anything a contact can read.
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    /// Notes have their own version, so saving notes never clashes with an address edit.
    pub notes_version: i32,
    /// Maintained with every contact added or removed (the customer list sorts by it).
    pub contact_count: i32,
    /// The latest sign-in of any contact, and whose (the customer list sorts by it).
    pub last_login_at: Option<DateTimeUtc>,
    pub last_login_contact_id: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::contact::Entity")]
    Contact,
}

impl Related<super::contact::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contact.def()
    }
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C: ConnectionTrait>(
        mut self,
        _db: &C,
        _insert: bool,
    ) -> Result<Self, DbErr> {
        if let Some(name) = self.name.try_as_ref() {
            self.search_name = Set(crate::paging::search_key(name));
        }
        Ok(self)
    }
}
