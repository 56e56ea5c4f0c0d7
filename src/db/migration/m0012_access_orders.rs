//! The Access Orders permission joins the built-in Administrator level in
//! databases made before it existed (new ones get it from the level's list).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: [&str; 1] = [
    "INSERT INTO access_level_permission (access_level_id, permission) \
     SELECT id, 'access_orders' FROM access_level WHERE name = 'Administrator' \
     AND NOT EXISTS (SELECT 1 FROM access_level_permission p \
     WHERE p.access_level_id = access_level.id AND p.permission = 'access_orders')",
];

const DOWN: [&str; 1] = ["DELETE FROM access_level_permission WHERE permission = 'access_orders'"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &UP, None).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::execute_all(manager, &DOWN, None).await
    }
}
