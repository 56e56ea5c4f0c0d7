//! Giving contacts a sign-in: staff's "Add Sign-In" → "Create and Send
//! Invite" on a contact card, the same on a new contact, and inviting every
//! contact of an organization who has no sign-in yet.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::admin_service::{ensure_email_free, get};
use super::{validate, ContactCard, ContactStatus, InviteAllResult};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::db::entities::contact;
use crate::email::send::{Batch, Recipient};
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

/// Why a contact cannot be invited, if they cannot.
fn refusal(person: &contact::Model) -> Option<AppError> {
    let name = format!("{} {}", person.first_name, person.last_name);
    if person.password_hash.is_some() {
        Some(AppError::Conflict(format!(
            "{name} already has a sign-in. If they can't get in, use Email › Send Password Reset."
        )))
    } else if person.status != ContactStatus::Active {
        Some(AppError::form(format!(
            "{name} is inactive. Set their status to Active and save, then send the invite."
        )))
    } else if person.access_revoked_at.is_some() {
        Some(AppError::form(format!(
            "{name}'s portal access is revoked. Choose an access level and save, then send the invite."
        )))
    } else {
        None
    }
}

/// Reads what invites to an organization's contacts share (its statement, the
/// Sign-in Invite template), once for however many are invited.
pub(crate) async fn invites_for(
    txn: &impl ConnectionTrait,
    organization_id: i32,
    now: DateTime<Utc>,
) -> AppResult<Batch> {
    Batch::for_organization(txn, organization_id, TemplateKind::SignInInvite, now).await
}

/// Queues the Sign-in Invite for `person` with a fresh link (the previous link
/// stops working now), inside the caller's transaction.
pub(crate) async fn send_invite(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    invites: &Batch,
    person: &contact::Model,
    trigger: String,
) -> AppResult<()> {
    if let Some(err) = refusal(person) {
        return Err(err);
    }
    invites
        .queue(txn, ctx, Recipient::Contact(person), trigger)
        .await?;
    contact::Entity::update_many()
        .col_expr(contact::Column::InvitedAt, Expr::value(ctx.now))
        .filter(contact::Column::Id.eq(person.id))
        .exec(txn)
        .await?;
    ctx.audit(
        txn,
        Entry {
            action: AuditAction::ContactInvite,
            entity_type: "contact",
            entity_id: Some(person.id),
            details: serde_json::json!({ "email": person.email }),
            client_ip: None,
        },
    )
    .await?;
    Ok(())
}

/// "Create and Send Invite": the sign-in is the contact's email, or `email`
/// when staff entered another (it then becomes the contact's email).
pub async fn invite(ctx: &Ctx, contact_id: i32, email: Option<String>) -> AppResult<ContactCard> {
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let mut person = contact::Entity::find_by_id(contact_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(err) = refusal(&person) {
        return Err(err);
    }
    let new_email = email
        .map(|e| validate::normalize_email(&e))
        .filter(|e| *e != person.email);
    if let Some(new_email) = new_email {
        validate::email(&new_email)?;
        ensure_email_free(&txn, &new_email, Some(contact_id)).await?;
        contact::Entity::update_many()
            .col_expr(contact::Column::Email, Expr::value(new_email.clone()))
            .col_expr(
                contact::Column::SearchText,
                Expr::value(contact::search_text(
                    &person.first_name,
                    &person.last_name,
                    &new_email,
                )),
            )
            .col_expr(
                contact::Column::Version,
                Expr::col(contact::Column::Version).add(1),
            )
            .col_expr(contact::Column::UpdatedAt, Expr::value(now))
            .filter(contact::Column::Id.eq(contact_id))
            .exec(&txn)
            .await?;
        let mut changes = Changes::default();
        changes.field("email", &person.email, &new_email);
        ctx.audit(
            &txn,
            Entry::change(AuditAction::ContactUpdate, "contact", contact_id, changes),
        )
        .await?;
        let old_address = std::mem::replace(&mut person.email, new_email);
        super::service::email_changed(&txn, ctx, &person, &old_address).await?;
    }
    let trigger = format!("Create and Send Invite by {}.", ctx.actor.label());
    let invites = invites_for(&txn, person.organization_id, now).await?;
    send_invite(&txn, ctx, &invites, &person, trigger).await?;
    let card = get(&txn, contact_id).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(card)
}

/// Invites every contact of an organization who has no sign-in yet: active,
/// not revoked, never signed in and no password set. Those still holding an
/// earlier invite get a fresh link.
pub async fn invite_all(ctx: &Ctx, organization_id: i32) -> AppResult<InviteAllResult> {
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    crate::organizations::service::organization_name(&txn, organization_id).await?;
    let people = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .all(&txn)
        .await?;
    let mut result = InviteAllResult::default();
    let trigger = format!("Invite All to Sign In by {}.", ctx.actor.label());
    let invites = invites_for(&txn, organization_id, now).await?;
    for person in &people {
        if person.password_hash.is_some() || person.last_login_at.is_some() {
            result.already_signed_in += 1;
        } else if refusal(person).is_some() {
            result.not_active += 1;
        } else {
            send_invite(&txn, ctx, &invites, person, trigger.clone()).await?;
            result.invited += 1;
        }
    }
    txn.commit().await?;
    ctx.email.queued();
    Ok(result)
}
