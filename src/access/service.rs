//! Access levels in the database: the built-in set and a level's permissions.

use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

use super::{AccessLevelDetails, AccessLevelInput, AccessLevelOption, Permission, PermissionSet};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::db::entities::{access_level, access_level_permission, contact};
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

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
            Permission::AccessOrders,
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
pub async fn ensure_built_in_levels(
    db: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    if access_level::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
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
                permission: Set(*permission),
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

/// The permissions a level holds right now.
pub async fn permissions_of(db: &impl ConnectionTrait, level_id: i32) -> AppResult<PermissionSet> {
    let rows = access_level_permission::Entity::find()
        .filter(access_level_permission::Column::AccessLevelId.eq(level_id))
        .all(db)
        .await?;
    Ok(PermissionSet::new(rows.iter().map(|row| row.permission)))
}

/// Every level's permissions by level id (a small table, read whole).
pub async fn level_permissions(
    db: &impl ConnectionTrait,
) -> AppResult<HashMap<i32, PermissionSet>> {
    let mut permissions: HashMap<i32, PermissionSet> = HashMap::new();
    for row in access_level_permission::Entity::find().all(db).await? {
        permissions
            .entry(row.access_level_id)
            .or_default()
            .set(row.permission, true);
    }
    Ok(permissions)
}

#[derive(FromQueryResult)]
struct LevelUse {
    access_level_id: i32,
    contacts: i64,
}

/// Every level with its permissions and how many contacts hold it.
pub async fn list_details(db: &impl ConnectionTrait) -> AppResult<Vec<AccessLevelDetails>> {
    let levels = access_level::Entity::find()
        .order_by_asc(access_level::Column::Name)
        .all(db)
        .await?;
    let mut permissions = level_permissions(db).await?;
    let uses: HashMap<i32, i64> = contact::Entity::find()
        .select_only()
        .column(contact::Column::AccessLevelId)
        .column_as(contact::Column::Id.count(), "contacts")
        .filter(contact::Column::AccessLevelId.is_not_null())
        .group_by(contact::Column::AccessLevelId)
        .into_model::<LevelUse>()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.access_level_id, u.contacts))
        .collect();
    Ok(levels
        .into_iter()
        .map(|level| AccessLevelDetails {
            id: level.id,
            contact_count: uses.get(&level.id).copied().unwrap_or(0),
            permissions: permissions.remove(&level.id).unwrap_or_default(),
            name: level.name,
            version: level.version,
        })
        .collect())
}

async fn validate(
    db: &impl ConnectionTrait,
    input: &AccessLevelInput,
    except: Option<i32>,
) -> AppResult<String> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(AppError::field(
            "name",
            "Enter a name for the access level.",
        ));
    }
    if name.chars().count() > 60 {
        return Err(AppError::field(
            "name",
            "A level's name is at most 60 characters.",
        ));
    }
    let mut same = access_level::Entity::find().filter(
        Expr::expr(Func::lower(Expr::col(access_level::Column::Name))).eq(name.to_lowercase()),
    );
    if let Some(id) = except {
        same = same.filter(access_level::Column::Id.ne(id));
    }
    if same.count(db).await? > 0 {
        return Err(AppError::field(
            "name",
            "Another access level already has this name.",
        ));
    }
    Ok(name)
}

async fn write_permissions(
    db: &impl ConnectionTrait,
    level_id: i32,
    permissions: &PermissionSet,
) -> AppResult<()> {
    access_level_permission::Entity::delete_many()
        .filter(access_level_permission::Column::AccessLevelId.eq(level_id))
        .exec(db)
        .await?;
    for permission in permissions.iter() {
        access_level_permission::ActiveModel {
            access_level_id: Set(level_id),
            permission: Set(permission),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

fn permission_keys(set: &PermissionSet) -> Vec<&'static str> {
    set.iter().map(Permission::key).collect()
}

pub async fn create(ctx: &Ctx, input: &AccessLevelInput) -> AppResult<i32> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let name = validate(&txn, input, None).await?;
    let now = ctx.now;
    let level = access_level::ActiveModel {
        name: Set(name.clone()),
        description: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_permissions(&txn, level.id, &input.permissions).await?;
    let mut changes = Changes::default();
    changes.field("name", "", name.as_str());
    changes.field(
        "permissions",
        &Vec::new(),
        &permission_keys(&input.permissions),
    );
    ctx.audit(
        &txn,
        Entry::change(
            AuditAction::AccessLevelCreate,
            "access_level",
            level.id,
            changes,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(level.id)
}

/// Renames a level and sets its permissions; every contact holding it gets the
/// new permissions on their next request.
pub async fn update(ctx: &Ctx, id: i32, version: i32, input: &AccessLevelInput) -> AppResult<()> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = access_level::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = validate(&txn, input, Some(id)).await?;
    let before = permissions_of(&txn, id).await?;
    let updated = access_level::Entity::update_many()
        .col_expr(access_level::Column::Name, Expr::value(name.clone()))
        .col_expr(
            access_level::Column::Version,
            Expr::col(access_level::Column::Version).add(1),
        )
        .col_expr(access_level::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(access_level::Column::Id.eq(id))
        .filter(access_level::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&updated, "this access level")?;
    write_permissions(&txn, id, &input.permissions).await?;
    let mut changes = Changes::default();
    changes.field("name", current.name.as_str(), name.as_str());
    changes.field(
        "permissions",
        &permission_keys(&before),
        &permission_keys(&input.permissions),
    );
    ctx.audit(
        &txn,
        Entry::change(AuditAction::AccessLevelUpdate, "access_level", id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a level no contact holds.
pub async fn delete(ctx: &Ctx, id: i32) -> AppResult<()> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = access_level::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let in_use = contact::Entity::find()
        .filter(contact::Column::AccessLevelId.eq(id))
        .count(&txn)
        .await?;
    if in_use > 0 {
        let who = if in_use == 1 {
            "1 contact uses".to_string()
        } else {
            format!("{in_use} contacts use")
        };
        return Err(AppError::Conflict(format!(
            "{who} this level. Move them to another level first."
        )));
    }
    let before = permissions_of(&txn, id).await?;
    access_level::Entity::delete_by_id(id).exec(&txn).await?;
    let mut changes = Changes::default();
    changes.field("name", current.name.as_str(), "");
    changes.field("permissions", &permission_keys(&before), &Vec::new());
    ctx.audit(
        &txn,
        Entry::change(AuditAction::AccessLevelDelete, "access_level", id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
