//! Giving contacts a sign-in: staff's "Add Sign-In" → "Create and Send
//! Invite" on a contact card, the same on a new contact, and inviting every
//! contact of an organization who has no sign-in yet.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
};

use super::admin_service::{ensure_email_free, get};
use super::{validate, ContactCard, InviteAllResult};
use crate::audit::service::{record, Actor, Changes, Entry};
use crate::auth::TokenPurpose;
use crate::db::entities::contact;
use crate::email::send::{action_link, Batch};
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::config::Settings;

/// Why a contact cannot be invited, if they cannot.
fn refusal(person: &contact::Model) -> Option<AppError> {
    let name = format!("{} {}", person.first_name, person.last_name);
    if person.password_hash.is_some() {
        Some(AppError::Conflict(format!(
            "{name} already has a sign-in. If they can't get in, use Email › Send Password Reset."
        )))
    } else if person.status != "active" {
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
/// stops working), inside the caller's transaction.
pub(crate) async fn send_invite(
    txn: &impl ConnectionTrait,
    settings: &Settings,
    actor: &Actor,
    invites: &Batch,
    person: &contact::Model,
    trigger: String,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if let Some(err) = refusal(person) {
        return Err(err);
    }
    let link = action_link(txn, settings, person.id, TokenPurpose::Invite, now).await?;
    invites
        .queue(txn, settings, actor, person, Some(link), trigger)
        .await?;
    contact::Entity::update_many()
        .col_expr(contact::Column::InvitedAt, Expr::value(now))
        .filter(contact::Column::Id.eq(person.id))
        .exec(txn)
        .await?;
    record(
        txn,
        actor,
        Entry {
            action: "contact.invite",
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
pub async fn invite(
    db: &impl TransactionTrait,
    settings: &Settings,
    actor: &Actor,
    contact_id: i32,
    email: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<ContactCard> {
    let txn = crate::db::begin_write(db).await?;
    let mut person = contact::Entity::find_by_id(contact_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(err) = refusal(&person) {
        return Err(err);
    }
    let new_email = email
        .map(|e| e.trim().to_lowercase())
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
        record(
            &txn,
            actor,
            Entry::change("contact.update", "contact", contact_id, changes),
        )
        .await?;
        person.email = new_email;
    }
    let trigger = format!("Create and Send Invite by {}.", actor.label());
    let invites = invites_for(&txn, person.organization_id, now).await?;
    send_invite(&txn, settings, actor, &invites, &person, trigger, now).await?;
    let card = get(&txn, contact_id).await?;
    txn.commit().await?;
    Ok(card)
}

/// Invites every contact of an organization who has no sign-in yet: active,
/// not revoked, never signed in and no password set. Those still holding an
/// earlier invite get a fresh link.
pub async fn invite_all(
    db: &impl TransactionTrait,
    settings: &Settings,
    actor: &Actor,
    organization_id: i32,
    now: DateTime<Utc>,
) -> AppResult<InviteAllResult> {
    let txn = crate::db::begin_write(db).await?;
    super::admin_service::organization_name(&txn, organization_id).await?;
    let people = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .all(&txn)
        .await?;
    let mut result = InviteAllResult::default();
    let trigger = format!("Invite All to Sign In by {}.", actor.label());
    let invites = invites_for(&txn, organization_id, now).await?;
    for person in &people {
        if person.password_hash.is_some() || person.last_login_at.is_some() {
            result.already_signed_in += 1;
        } else if refusal(person).is_some() {
            result.not_active += 1;
        } else {
            send_invite(
                &txn,
                settings,
                actor,
                &invites,
                person,
                trigger.clone(),
                now,
            )
            .await?;
            result.invited += 1;
        }
    }
    txn.commit().await?;
    Ok(result)
}
