//! Staff users in the database: the list, invites, roles, deactivation, and
//! the `create-staff` command. There is always an active Administrator: the
//! last one can be neither made Staff nor deactivated, and changes to roles
//! and activation are serialized so two at once cannot both pass that check.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::{StaffInviteInput, StaffStatus, StaffUserRow};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::auth::session_store::end_sessions_of;
use crate::auth::{password, password_policy, Role, StaffRole};
use crate::contacts::validate::{self, normalize_email, MAX_NAME};
use crate::db::entities::{contact, staff_user};
use crate::email::send::queue_to_staff;
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

fn status_of(staff: &staff_user::Model) -> StaffStatus {
    if staff.deactivated_at.is_some() {
        StaffStatus::Deactivated
    } else if staff.password_hash.is_none() {
        StaffStatus::Invited
    } else {
        StaffStatus::Active
    }
}

fn row(staff: staff_user::Model, me: i32) -> StaffUserRow {
    StaffUserRow {
        status: status_of(&staff),
        is_me: staff.id == me,
        id: staff.id,
        name: staff.name,
        email: staff.email,
        role: staff.role,
        invited_at: staff.invited_at,
        last_login_at: staff.last_login_at,
        last_login_ip: staff.last_login_ip,
    }
}

/// Every staff user, by name.
pub async fn list(db: &impl ConnectionTrait, me: i32) -> AppResult<Vec<StaffUserRow>> {
    Ok(staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Name)
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|staff| row(staff, me))
        .collect())
}

async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A staff user's name and email, checked and tidied; the email must not be
/// anyone else's sign-in.
async fn checked_person(
    db: &impl ConnectionTrait,
    name: &str,
    email: &str,
) -> AppResult<(String, String)> {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(AppError::field("name", "Enter the staff user's name."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::field(
            "name",
            format!("A name is at most {MAX_NAME} characters."),
        ));
    }
    let email = normalize_email(email);
    validate::email(&email)?;
    let taken = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(&email))
        .count(db)
        .await?
        > 0
        || contact::Entity::find()
            .filter(contact::Column::Email.eq(&email))
            .count(db)
            .await?
            > 0;
    if taken {
        return Err(AppError::field(
            "email",
            "Someone already signs in with this email address.",
        ));
    }
    Ok((name, email))
}

/// The moment an email of `kind` goes to `staff`, inside the transaction.
async fn send_invite(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    staff: &staff_user::Model,
) -> AppResult<()> {
    let trigger = format!("Invite Staff User by {}.", ctx.actor.label());
    queue_to_staff(txn, ctx, staff, TemplateKind::StaffInvite, trigger).await?;
    Ok(())
}

/// "Invite Staff User": a staff user without a password yet, and the email
/// with their one-time link (valid `invite-link-days`).
pub async fn invite(ctx: &Ctx, me: i32, input: &StaffInviteInput) -> AppResult<StaffUserRow> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let (name, email) = checked_person(&txn, &input.name, &input.email).await?;
    let staff = staff_user::ActiveModel {
        email: Set(email.clone()),
        name: Set(name.clone()),
        password_hash: Set(None),
        role: Set(input.role),
        invited_at: Set(Some(ctx.now)),
        activated_at: Set(None),
        deactivated_at: Set(None),
        last_login_at: Set(None),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    send_invite(&txn, ctx, &staff).await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::StaffInvite,
            entity_type: "staff_user",
            entity_id: Some(staff.id),
            details: serde_json::json!({ "name": name, "email": email, "role": input.role.key() }),
            client_ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(row(staff, me))
}

/// Sends an invited staff user a fresh link; the previous one stops working.
pub async fn resend_invite(ctx: &Ctx, me: i32, id: i32) -> AppResult<StaffUserRow> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let staff = find(&txn, id).await?;
    match status_of(&staff) {
        StaffStatus::Invited => {}
        StaffStatus::Active => {
            return Err(AppError::Conflict(format!(
                "{} has already set a password. If they can't get in, they can use “Forgot password?” on the sign-in page.",
                staff.name
            )))
        }
        StaffStatus::Deactivated => {
            return Err(AppError::Conflict(format!(
                "{} is deactivated. Reactivate them first.",
                staff.name
            )))
        }
    }
    send_invite(&txn, ctx, &staff).await?;
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::InvitedAt, Expr::value(ctx.now))
        .filter(staff_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let staff = find(&txn, id).await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::StaffInvite,
            entity_type: "staff_user",
            entity_id: Some(id),
            details: serde_json::json!({ "email": staff.email, "resent": true }),
            client_ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(row(staff, me))
}

/// Active Administrators who can sign in, other than `except`.
async fn other_active_administrators(db: &impl ConnectionTrait, except: i32) -> AppResult<u64> {
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::Role.eq(StaffRole::Administrator))
        .filter(staff_user::Column::DeactivatedAt.is_null())
        .filter(staff_user::Column::PasswordHash.is_not_null())
        .filter(staff_user::Column::Id.ne(except))
        .count(db)
        .await?)
}

/// Refuses a change that would leave no active Administrator behind.
async fn keep_an_administrator(
    db: &impl ConnectionTrait,
    staff: &staff_user::Model,
    what: &str,
) -> AppResult<()> {
    let is_active_administrator =
        staff.role == StaffRole::Administrator && status_of(staff) == StaffStatus::Active;
    if is_active_administrator && other_active_administrators(db, staff.id).await? == 0 {
        return Err(AppError::Conflict(format!(
            "{} is the last active Administrator, so they cannot be {what}. Make someone else an Administrator first.",
            staff.name
        )));
    }
    Ok(())
}

/// Changes a staff user's role.
pub async fn set_role(ctx: &Ctx, me: i32, id: i32, role: StaffRole) -> AppResult<StaffUserRow> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    crate::db::advisory_lock(&txn, "staff administrators").await?;
    let staff = find(&txn, id).await?;
    if staff.role == role {
        return Ok(row(staff, me));
    }
    if role == StaffRole::Staff {
        keep_an_administrator(&txn, &staff, "made Staff").await?;
    }
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::Role, Expr::value(role))
        .col_expr(staff_user::Column::UpdatedAt, Expr::value(ctx.now))
        .col_expr(
            staff_user::Column::Version,
            Expr::col(staff_user::Column::Version).add(1),
        )
        .filter(staff_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let mut changes = Changes::default();
    changes.field("role", staff.role.key(), role.key());
    ctx.audit(
        &txn,
        Entry::change(AuditAction::StaffRoleChange, "staff_user", id, changes),
    )
    .await?;
    let updated = find(&txn, id).await?;
    txn.commit().await?;
    Ok(row(updated, me))
}

/// Deactivates a staff user: no more sign-ins, and every session ends now.
pub async fn deactivate(ctx: &Ctx, me: i32, id: i32) -> AppResult<StaffUserRow> {
    if id == me {
        return Err(AppError::Conflict(
            "You can't deactivate yourself. Ask another Administrator.".to_string(),
        ));
    }
    let txn = crate::db::begin_write(&ctx.db).await?;
    crate::db::advisory_lock(&txn, "staff administrators").await?;
    let staff = find(&txn, id).await?;
    if staff.deactivated_at.is_some() {
        return Ok(row(staff, me));
    }
    keep_an_administrator(&txn, &staff, "deactivated").await?;
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::DeactivatedAt,
            Expr::value(Some(ctx.now)),
        )
        .col_expr(staff_user::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(staff_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let ended = end_sessions_of(&txn, Role::Staff, id, None).await?;
    crate::auth::tokens::retire(
        &txn,
        crate::auth::tokens::LinkOwner::Staff(id),
        None,
        ctx.now,
    )
    .await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::StaffDeactivate,
            entity_type: "staff_user",
            entity_id: Some(id),
            details: serde_json::json!({ "sessions_ended": ended }),
            client_ip: None,
        },
    )
    .await?;
    let updated = find(&txn, id).await?;
    txn.commit().await?;
    Ok(row(updated, me))
}

/// Lets a deactivated staff user sign in again (with the password they had).
pub async fn reactivate(ctx: &Ctx, me: i32, id: i32) -> AppResult<StaffUserRow> {
    let txn = crate::db::begin_write(&ctx.db).await?;
    let staff = find(&txn, id).await?;
    if staff.deactivated_at.is_none() {
        return Ok(row(staff, me));
    }
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::DeactivatedAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .col_expr(staff_user::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(staff_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::StaffReactivate,
            entity_type: "staff_user",
            entity_id: Some(id),
            details: serde_json::json!({}),
            client_ip: None,
        },
    )
    .await?;
    let updated = find(&txn, id).await?;
    txn.commit().await?;
    Ok(row(updated, me))
}

/// `portal create-staff`: a staff user who can sign in at once with
/// `new_password` (checked by the password policy).
pub async fn create_with_password(
    ctx: &Ctx,
    name: &str,
    email: &str,
    role: StaffRole,
    new_password: &str,
) -> AppResult<StaffUserRow> {
    password_policy::check(new_password, "password")?;
    let hashed = password::hash(new_password).await?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let (name, email) = checked_person(&txn, name, email).await?;
    let staff = staff_user::ActiveModel {
        email: Set(email.clone()),
        name: Set(name.clone()),
        password_hash: Set(Some(hashed)),
        role: Set(role),
        invited_at: Set(None),
        activated_at: Set(Some(ctx.now)),
        deactivated_at: Set(None),
        last_login_at: Set(None),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::StaffCreate,
            entity_type: "staff_user",
            entity_id: Some(staff.id),
            details: serde_json::json!({ "name": name, "email": email, "role": role.key() }),
            client_ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row(staff, 0))
}
