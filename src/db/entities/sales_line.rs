use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub document_id: i32,
    pub position: i32,
    pub description: String,
    /// Thousandths of a unit.
    pub quantity: i64,
    pub unit: String,
    pub unit_price_cents: i64,
    pub discount_bp: i64,
    pub taxable: bool,
    pub optional: bool,
    pub selected: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::sales_document::Entity",
        from = "Column::DocumentId",
        to = "super::sales_document::Column::Id"
    )]
    Document,
}

impl Related<super::sales_document::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Document.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
