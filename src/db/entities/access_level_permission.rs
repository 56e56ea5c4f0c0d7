use sea_orm::entity::prelude::*;

/// One permission held by one access level.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_level_permission")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub access_level_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub permission: crate::access::Permission,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::access_level::Entity",
        from = "Column::AccessLevelId",
        to = "super::access_level::Column::Id",
        on_delete = "Cascade"
    )]
    AccessLevel,
}

impl Related<super::access_level::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AccessLevel.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
