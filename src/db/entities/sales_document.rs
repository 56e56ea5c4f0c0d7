use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: crate::sales::DocumentKind,
    pub organization_id: i32,
    #[sea_orm(unique)]
    pub number: String,
    pub title: String,
    pub contact_id: Option<i32>,
    pub owner_staff_id: Option<i32>,
    /// For an estimate, an `EstimateStatus` key.
    pub status: String,
    pub revision: i32,
    pub version: i32,
    pub issued_on: Date,
    pub valid_until: Option<Date>,
    pub tax_rate_bp: i64,
    pub notes: String,
    pub terms: String,
    pub total_cents: i64,
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
    #[sea_orm(has_many = "super::sales_line::Entity")]
    Line,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl Related<super::sales_line::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Line.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
