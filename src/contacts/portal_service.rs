//! A contact's work on their own organization's contacts in the portal. Every
//! query is scoped to the caller's organization, so another organization's
//! contact is simply not found. Permissions decide the rest:
//! - listing and viewing need none;
//! - adding, editing and deleting need Edit Contact (or Admin Access);
//! - nobody may edit or delete a contact who holds permissions they lack, hand
//!   out a level beyond their own permissions, change their own level,
//!   deactivate themselves or delete themselves;
//! - the email of a contact with a portal sign-in (their sign-in) is changed
//!   by staff only.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;

use super::admin_service::ensure_email_free;
use super::store;
use super::{
    validate, ContactEdit, ContactRights, ContactStatus, GrantableLevel, PortalAccess,
    PortalContactInput, PortalContactRow, PortalContactView, StatusFilter,
    PORTAL_CONTACTS_PER_PAGE,
};
use crate::access::service::level_permissions;
use crate::access::{Permission, PermissionSet};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::auth::caller::ContactCaller;
use crate::auth::session_store::end_sessions_of;
use crate::auth::Role;
use crate::db::entities::{access_level, contact};
use crate::error::{AppError, AppResult};
use crate::organizations::service::adjust_contact_count;
use crate::paging::{contains_pattern, offset_of, Page};
use crate::server::ctx::Ctx;

use super::EMAIL_IS_SIGN_IN;

/// The caller's organization's contacts; nothing else is ever reachable.
fn own_contacts(me: &ContactCaller) -> Select<contact::Entity> {
    contact::Entity::find().filter(contact::Column::OrganizationId.eq(me.organization_id))
}

async fn find_own(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
    id: i32,
) -> AppResult<contact::Model> {
    own_contacts(me)
        .filter(contact::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn permissions_in(levels: &HashMap<i32, PermissionSet>, level: Option<i32>) -> PermissionSet {
    level
        .and_then(|id| levels.get(&id).cloned())
        .unwrap_or_default()
}

/// What `me` may do with `target`, who holds `target_permissions`.
fn rights(
    me: &ContactCaller,
    target: &contact::Model,
    target_permissions: &PermissionSet,
) -> ContactRights {
    let manages = me.permissions.allows(Permission::EditContact);
    let is_me = target.id == me.id;
    // A contact holding something the caller lacks is out of the caller's reach:
    // editing their email or deleting them would be a way to gain it.
    let within_reach = target_permissions.within(&me.permissions);
    ContactRights {
        edit: manages && (is_me || within_reach),
        delete: manages && !is_me && within_reach,
        change_level: manages && !is_me && within_reach,
    }
}

fn input_of(model: &contact::Model) -> PortalContactInput {
    PortalContactInput {
        title: model.title.clone(),
        first_name: model.first_name.clone(),
        last_name: model.last_name.clone(),
        email: model.email.clone(),
        phone: model.phone.clone(),
        status: model.status,
        level: model.access_level_id,
    }
}

/// One page of the caller's organization's contacts, by name and status.
pub async fn list(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
    name: &str,
    status: StatusFilter,
    page: u64,
) -> AppResult<Page<PortalContactRow>> {
    let mut query = own_contacts(me);
    if !name.trim().is_empty() {
        query = query.filter(
            Expr::col(contact::Column::SearchText)
                .like(LikeExpr::new(contains_pattern(name)).escape('\\')),
        );
    }
    match status {
        StatusFilter::All => {}
        StatusFilter::Active => {
            query = query.filter(contact::Column::Status.eq(ContactStatus::Active))
        }
        StatusFilter::Inactive => {
            query = query.filter(contact::Column::Status.eq(ContactStatus::Inactive))
        }
    }
    let total = query.clone().count(db).await?;
    let offset = offset_of(page, PORTAL_CONTACTS_PER_PAGE);
    let levels = level_permissions(db).await?;
    let items = query
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .order_by_asc(contact::Column::Id)
        .offset(offset)
        .limit(PORTAL_CONTACTS_PER_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(|model| {
            let rights = rights(me, &model, &permissions_in(&levels, model.access_level_id));
            PortalContactRow {
                id: model.id,
                is_me: model.id == me.id,
                status: model.status,
                title: model.title,
                first_name: model.first_name,
                last_name: model.last_name,
                phone: model.phone,
                email: model.email,
                rights,
            }
        })
        .collect();
    Ok(Page {
        items,
        total,
        offset,
        limit: PORTAL_CONTACTS_PER_PAGE,
        at_least: false,
    })
}

async fn view_of(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
    model: contact::Model,
) -> AppResult<PortalContactView> {
    let levels = level_permissions(db).await?;
    let permissions = permissions_in(&levels, model.access_level_id);
    let level_name = match model.access_level_id {
        Some(id) => access_level::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|level| level.name),
        None => None,
    };
    Ok(PortalContactView {
        id: model.id,
        fields: input_of(&model),
        level_name,
        rights: rights(me, &model, &permissions),
        permissions,
        access_revoked: model.access_revoked_at.is_some(),
        has_sign_in: model.password_hash.is_some(),
        version: model.version,
        is_me: model.id == me.id,
    })
}

/// View Contact: one contact of the caller's organization.
pub async fn get(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
    id: i32,
) -> AppResult<PortalContactView> {
    let model = find_own(db, me, id).await?;
    view_of(db, me, model).await
}

/// The levels the caller may hand out: those whose every permission they hold.
pub async fn grantable_levels(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
) -> AppResult<Vec<GrantableLevel>> {
    let permissions = level_permissions(db).await?;
    Ok(access_level::Entity::find()
        .order_by_asc(access_level::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|level| GrantableLevel {
            permissions: permissions.get(&level.id).cloned().unwrap_or_default(),
            id: level.id,
            name: level.name,
        })
        .filter(|level| level.permissions.within(&me.permissions))
        .collect())
}

/// Refuses a level that does not exist or holds a permission the caller lacks.
async fn ensure_grantable(
    db: &impl ConnectionTrait,
    me: &ContactCaller,
    level: Option<i32>,
) -> AppResult<()> {
    let Some(id) = level else {
        return Ok(());
    };
    if access_level::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::field(
            "level",
            "That permission level no longer exists. Choose another.",
        ));
    }
    let permissions = level_permissions(db).await?;
    if !permissions_in(&permissions, Some(id)).within(&me.permissions) {
        return Err(AppError::field(
            "level",
            "You can only give a contact permissions you hold yourself.",
        ));
    }
    Ok(())
}

/// The person's fields as every contact form has them (the level aside).
fn person(input: &PortalContactInput) -> ContactEdit {
    ContactEdit {
        title: input.title.clone(),
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        phone: input.phone.clone(),
        status: input.status,
        access: PortalAccess::Unassigned,
    }
}

/// Checks and tidies the fields with the same rules staff's forms use.
fn tidy(input: &PortalContactInput) -> AppResult<PortalContactInput> {
    let edit = validate::contact(&person(input))?;
    Ok(PortalContactInput {
        title: edit.title,
        first_name: edit.first_name,
        last_name: edit.last_name,
        email: edit.email,
        phone: edit.phone,
        status: edit.status,
        level: input.level,
    })
}

fn fields(input: &PortalContactInput) -> Vec<(&'static str, String)> {
    vec![
        ("title", input.title.clone()),
        ("first_name", input.first_name.clone()),
        ("last_name", input.last_name.clone()),
        ("email", input.email.clone()),
        ("phone", input.phone.clone()),
        ("status", input.status.key().to_string()),
        (
            "access_level_id",
            input.level.map(|id| id.to_string()).unwrap_or_default(),
        ),
    ]
}

/// Add Contact: a new contact in the caller's organization.
pub async fn create(
    ctx: &Ctx,
    me: &ContactCaller,
    input: &PortalContactInput,
) -> AppResult<PortalContactView> {
    me.require(Permission::EditContact)?;
    let input = tidy(input)?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    ensure_email_free(&txn, &input.email, None).await?;
    ensure_grantable(&txn, me, input.level).await?;
    let now = ctx.now;
    let model = store::new_row(me.organization_id, &person(&input), input.level, None, now)
        .insert(&txn)
        .await?;
    adjust_contact_count(&txn, me.organization_id, 1).await?;
    let mut changes = Changes::default();
    changes.compare(&PortalContactInput::default(), &input, fields);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::ContactCreate, "contact", model.id, changes),
    )
    .await?;
    let created = view_of(&txn, me, model).await?;
    txn.commit().await?;
    Ok(created)
}

/// Edit Contact: saves the changes if nobody saved the contact since `version`.
pub async fn update(
    ctx: &Ctx,
    me: &ContactCaller,
    id: i32,
    version: i32,
    input: &PortalContactInput,
) -> AppResult<PortalContactView> {
    me.require(Permission::EditContact)?;
    let input = tidy(input)?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = find_own(&txn, me, id).await?;
    let levels = level_permissions(&txn).await?;
    let rights = rights(
        me,
        &current,
        &permissions_in(&levels, current.access_level_id),
    );
    if !rights.edit {
        return Err(AppError::form(
            "This contact holds permissions you do not have, so only someone who holds them can change this contact.",
        ));
    }
    if current.version != version {
        return Err(AppError::stale("this contact"));
    }
    if input.level != current.access_level_id {
        if current.id == me.id {
            return Err(AppError::field(
                "level",
                "You cannot change your own permission level.",
            ));
        }
        ensure_grantable(&txn, me, input.level).await?;
    }
    let deactivating =
        input.status == ContactStatus::Inactive && current.status != ContactStatus::Inactive;
    if deactivating && current.id == me.id {
        return Err(AppError::field(
            "status",
            "You cannot deactivate your own account.",
        ));
    }
    let email_changed = input.email != current.email;
    if email_changed && current.password_hash.is_some() {
        return Err(AppError::field("email", EMAIL_IS_SIGN_IN));
    }
    ensure_email_free(&txn, &input.email, Some(id)).await?;
    let updated = store::save_if_current(id, version, &person(&input), input.level, ctx.now)
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&updated, "this contact")?;
    if deactivating {
        end_sessions_of(&txn, Role::Contact, id, None).await?;
    }
    let mut changes = Changes::default();
    changes.compare(&input_of(&current), &input, fields);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::ContactUpdate, "contact", id, changes),
    )
    .await?;
    let saved = find_own(&txn, me, id).await?;
    if email_changed {
        super::service::email_changed(&txn, ctx, &saved, &current.email).await?;
    }
    let saved = view_of(&txn, me, saved).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(saved)
}

/// Delete: removes the contact, ends their sessions at once and keeps the
/// removed values in the audit log.
pub async fn delete(ctx: &Ctx, me: &ContactCaller, id: i32) -> AppResult<()> {
    me.require(Permission::EditContact)?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = find_own(&txn, me, id).await?;
    if current.id == me.id {
        return Err(AppError::form("You cannot delete your own contact."));
    }
    let levels = level_permissions(&txn).await?;
    if !rights(
        me,
        &current,
        &permissions_in(&levels, current.access_level_id),
    )
    .delete
    {
        return Err(AppError::form(
            "This contact holds permissions you do not have, so only someone who holds them can delete this contact.",
        ));
    }
    end_sessions_of(&txn, Role::Contact, id, None).await?;
    let mut removed = Changes::default();
    removed.compare(&input_of(&current), &PortalContactInput::default(), fields);
    removed.field(
        "is_default_notification",
        &current.is_default_notification,
        &false,
    );
    current.clone().delete(&txn).await?;
    adjust_contact_count(&txn, me.organization_id, -1).await?;
    ctx.audit(
        &txn,
        Entry::change(AuditAction::ContactDelete, "contact", id, removed),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
