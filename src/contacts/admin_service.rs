//! Staff's work on contacts: the contacts panel of an organization, saving a
//! card with optimistic concurrency, adding contacts, default notification emails.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::{
    store, validate, ContactBrief, ContactCard, ContactEdit, ContactSort, ContactStatus,
    PortalAccess, SignInState, CONTACTS_PER_PAGE,
};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::auth::session_store::end_sessions_of;
use crate::auth::Role;
use crate::db::entities::{access_level, contact, staff_user};
use crate::error::{AppError, AppResult};
use crate::organizations::service::{adjust_contact_count, organization_name};
use crate::paging::{contains_pattern, read_window, Page, SortKey, Window};
use crate::server::ctx::Ctx;

fn access_of(model: &contact::Model) -> PortalAccess {
    match (model.access_revoked_at, model.access_level_id) {
        (Some(_), _) => PortalAccess::Revoked,
        (None, Some(level)) => PortalAccess::Level(level),
        (None, None) => PortalAccess::Unassigned,
    }
}

fn sign_in_of(model: &contact::Model) -> SignInState {
    match (&model.password_hash, model.invited_at) {
        (Some(_), _) => SignInState::Active {
            since: model.activated_at,
        },
        (None, Some(at)) => SignInState::Invited { at },
        (None, None) => SignInState::None,
    }
}

fn card(model: contact::Model, organization_name: String) -> ContactCard {
    let access = access_of(&model);
    let sign_in = sign_in_of(&model);
    ContactCard {
        id: model.id,
        organization_id: model.organization_id,
        organization_name,
        fields: ContactEdit {
            title: model.title,
            first_name: model.first_name,
            last_name: model.last_name,
            email: model.email,
            phone: model.phone,
            status: model.status,
            access,
        },
        is_default_notification: model.is_default_notification,
        sign_in,
        last_login_at: model.last_login_at,
        last_login_ip: model.last_login_ip,
        created_at: model.created_at,
        version: model.version,
    }
}

/// One page of an organization's contacts, filtered by name or email.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i32,
    search: &str,
    sort: ContactSort,
    offset: u64,
) -> AppResult<Page<ContactCard>> {
    let org_name = organization_name(db, organization_id).await?;
    // The database takes a signed offset; anything past the end is an empty page.
    let offset = Ord::min(offset, i64::MAX as u64);
    let mut query =
        contact::Entity::find().filter(contact::Column::OrganizationId.eq(organization_id));
    if !search.trim().is_empty() {
        query = query.filter(
            Expr::col(contact::Column::SearchText)
                .like(LikeExpr::new(contains_pattern(search)).escape('\\')),
        );
    }
    let total = query.clone().count(db).await?;
    // Each order ends in the id, in the direction of its index (m0010), so the
    // page is read from the index instead of sorting the organization's
    // contacts, from whichever end of it is nearer.
    let keys = match sort {
        ContactSort::NameAsc => vec![
            SortKey::asc(contact::Column::FirstName),
            SortKey::asc(contact::Column::LastName),
            SortKey::asc(contact::Column::Id),
        ],
        ContactSort::NameDesc => vec![
            SortKey::desc(contact::Column::FirstName),
            SortKey::desc(contact::Column::LastName),
            SortKey::desc(contact::Column::Id),
        ],
        ContactSort::LastLogin => vec![
            SortKey::desc_nulls_last(contact::Column::LastLoginAt),
            SortKey::asc(contact::Column::FirstName),
            SortKey::asc(contact::Column::Id),
        ],
        ContactSort::Newest => vec![
            SortKey::desc(contact::Column::CreatedAt),
            SortKey::desc(contact::Column::Id),
        ],
    };
    let window = Window::of(offset, CONTACTS_PER_PAGE, total);
    let items = read_window(db, query, &keys, window)
        .await?
        .into_iter()
        .map(|model| card(model, org_name.clone()))
        .collect();
    Ok(Page {
        items,
        total,
        offset,
        limit: CONTACTS_PER_PAGE,
        at_least: false,
    })
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> AppResult<ContactCard> {
    let model = contact::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let org_name = organization_name(db, model.organization_id).await?;
    Ok(card(model, org_name))
}

/// Refuses an email another contact or a staff user already signs in with.
pub(crate) async fn ensure_email_free(
    db: &impl ConnectionTrait,
    email: &str,
    except_contact: Option<i32>,
) -> AppResult<()> {
    let mut query = contact::Entity::find().filter(contact::Column::Email.eq(email));
    if let Some(id) = except_contact {
        query = query.filter(contact::Column::Id.ne(id));
    }
    let taken = query.count(db).await? > 0
        || staff_user::Entity::find()
            .filter(staff_user::Column::Email.eq(email))
            .count(db)
            .await?
            > 0;
    if taken {
        Err(AppError::field(
            "email",
            "Another person already uses this email address.",
        ))
    } else {
        Ok(())
    }
}

async fn ensure_level_exists(db: &impl ConnectionTrait, access: PortalAccess) -> AppResult<()> {
    if let PortalAccess::Level(id) = access {
        if access_level::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none()
        {
            return Err(AppError::field(
                "access",
                "That access level no longer exists. Choose another.",
            ));
        }
    }
    Ok(())
}

fn fields(edit: &ContactEdit) -> Vec<(&'static str, String)> {
    vec![
        ("title", edit.title.clone()),
        ("first_name", edit.first_name.clone()),
        ("last_name", edit.last_name.clone()),
        ("email", edit.email.clone()),
        ("phone", edit.phone.clone()),
        ("status", edit.status.key().to_string()),
        ("access", edit.access.key()),
    ]
}

/// Saves a contact card if nobody else saved the contact since `version` was read.
/// Revoking access or deactivating ends the contact's sessions at once; a new
/// email also retires their links and tells the old address.
pub async fn update(
    ctx: &Ctx,
    id: i32,
    version: i32,
    edit: &ContactEdit,
) -> AppResult<ContactCard> {
    let edit = validate::contact(edit)?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = contact::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::stale("this contact"));
    }
    ensure_email_free(&txn, &edit.email, Some(id)).await?;
    ensure_level_exists(&txn, edit.access).await?;
    let before = access_of(&current);
    let (level, revoked_at) = match edit.access {
        PortalAccess::Revoked => (
            current.access_level_id,
            current.access_revoked_at.or(Some(ctx.now)),
        ),
        PortalAccess::Level(level) => (Some(level), None),
        PortalAccess::Unassigned => (None, None),
    };
    let updated = store::save_if_current(id, version, &edit, level, ctx.now)
        .col_expr(contact::Column::AccessRevokedAt, Expr::value(revoked_at))
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&updated, "this contact")?;
    let locked_out = (edit.access == PortalAccess::Revoked && before != PortalAccess::Revoked)
        || (edit.status == ContactStatus::Inactive && current.status != ContactStatus::Inactive);
    if locked_out {
        end_sessions_of(&txn, Role::Contact, id, None).await?;
    }
    let mut changes = Changes::default();
    changes.compare(&card(current.clone(), String::new()).fields, &edit, fields);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::ContactUpdate, "contact", id, changes),
    )
    .await?;
    if edit.email != current.email {
        let saved = contact::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        super::service::email_changed(&txn, ctx, &saved, &current.email).await?;
    }
    let saved = get(&txn, id).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(saved)
}

/// Adds a contact to an organization; with `invite`, the Sign-in Invite goes
/// out in the same step (and the contact is only added if it can).
pub async fn create(
    ctx: &Ctx,
    organization_id: i32,
    edit: &ContactEdit,
    invite: bool,
) -> AppResult<ContactCard> {
    let edit = validate::contact(edit)?;
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    organization_name(&txn, organization_id).await?;
    ensure_email_free(&txn, &edit.email, None).await?;
    ensure_level_exists(&txn, edit.access).await?;
    let (level, revoked_at) = match edit.access {
        PortalAccess::Revoked => (None, Some(now)),
        PortalAccess::Level(level) => (Some(level), None),
        PortalAccess::Unassigned => (None, None),
    };
    let model = store::new_row(organization_id, &edit, level, revoked_at, now)
        .insert(&txn)
        .await?;
    adjust_contact_count(&txn, organization_id, 1).await?;
    let mut changes = Changes::default();
    changes.compare(&ContactEdit::default(), &edit, fields);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::ContactCreate, "contact", model.id, changes),
    )
    .await?;
    if invite {
        let trigger = format!("Add contact with sign-in by {}.", ctx.actor.label());
        let invites = super::invites::invites_for(&txn, organization_id, now).await?;
        super::invites::send_invite(&txn, ctx, &invites, &model, trigger)
            .await
            .map_err(|err| match err {
                // Only status and access can stop a brand-new contact's invite.
                AppError::Validation { message, .. } => AppError::field("invite", message),
                other => other,
            })?;
    }
    let created = get(&txn, model.id).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(created)
}

/// Adds a contact to, or removes them from, the organization's default notification emails.
pub async fn set_default_notification(ctx: &Ctx, id: i32, on: bool) -> AppResult<()> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = contact::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.is_default_notification != on {
        contact::Entity::update_many()
            .col_expr(contact::Column::IsDefaultNotification, Expr::value(on))
            .filter(contact::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let mut changes = Changes::default();
        changes.field(
            "is_default_notification",
            &current.is_default_notification,
            &on,
        );
        ctx.audit(
            &txn,
            Entry::change(
                AuditAction::ContactDefaultNotification,
                "contact",
                id,
                changes,
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The contacts who receive account notices and statements.
pub async fn default_notification_contacts(
    db: &impl ConnectionTrait,
    organization_id: i32,
) -> AppResult<Vec<ContactBrief>> {
    organization_name(db, organization_id).await?;
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::IsDefaultNotification.eq(true))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ContactBrief {
            id: c.id,
            name: format!("{} {}", c.first_name, c.last_name),
            email: c.email,
        })
        .collect())
}
