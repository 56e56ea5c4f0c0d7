//! Access levels in the database: the built-in set and a level's permissions.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::{AccessLevelOption, Permission, PermissionSet};
use crate::db::entities::{access_level, access_level_permission};
use crate::error::AppResult;

/// The levels every portal starts with; staff may rename or change them later.
pub const BUILT_IN_LEVELS: &[(&str, &str, &[Permission])] = &[
    (
        "Administrator",
        "Everything in the portal.",
        &[
            Permission::AdminAccess,
            Permission::AccessBilling,
            Permission::AccessReports,
            Permission::CreateWorkOrder,
            Permission::EditContact,
        ],
    ),
    (
        "Billing",
        "Invoices, statements and payments.",
        &[Permission::AccessBilling],
    ),
    ("Reports", "Reports.", &[Permission::AccessReports]),
    (
        "Work Orders",
        "Create work orders.",
        &[Permission::CreateWorkOrder],
    ),
    (
        "Contact Manager",
        "Add, edit and delete the organization's contacts.",
        &[Permission::EditContact],
    ),
    ("Basic", "Their own profile only.", &[]),
];

/// Creates the built-in levels when the table is empty (first start).
pub async fn ensure_built_in_levels(db: &impl ConnectionTrait) -> AppResult<()> {
    if access_level::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let now = chrono::Utc::now();
    for (name, description, permissions) in BUILT_IN_LEVELS {
        let level = access_level::ActiveModel {
            name: Set((*name).to_string()),
            description: Set((*description).to_string()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for permission in *permissions {
            access_level_permission::ActiveModel {
                access_level_id: Set(level.id),
                permission: Set(permission.key().to_string()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Every level by name, for choosing one.
pub async fn options(db: &impl ConnectionTrait) -> AppResult<Vec<AccessLevelOption>> {
    use sea_orm::QueryOrder;
    Ok(access_level::Entity::find()
        .order_by_asc(access_level::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|level| AccessLevelOption {
            id: level.id,
            name: level.name,
        })
        .collect())
}

/// The id of the level with this name, if any.
pub async fn level_id_by_name(db: &impl ConnectionTrait, name: &str) -> AppResult<Option<i32>> {
    Ok(access_level::Entity::find()
        .filter(access_level::Column::Name.eq(name))
        .one(db)
        .await?
        .map(|level| level.id))
}

/// The permissions a level holds right now. Unknown keys (from a newer release) are skipped.
pub async fn permissions_of(db: &impl ConnectionTrait, level_id: i32) -> AppResult<PermissionSet> {
    let rows = access_level_permission::Entity::find()
        .filter(access_level_permission::Column::AccessLevelId.eq(level_id))
        .all(db)
        .await?;
    Ok(PermissionSet::new(
        rows.iter()
            .filter_map(|row| Permission::from_key(&row.permission)),
    ))
}
