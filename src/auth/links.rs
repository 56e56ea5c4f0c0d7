//! The pages behind emailed links, and "Forgot password?": looking a link up,
//! setting a password with it, and asking for a reset email.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::caller::{contact_can_sign_in, ContactCaller, SessionPrincipal};
use super::service::{contact_signed_in, normalize_email};
use super::throttle::{self, AttemptKind, Outcome};
use super::tokens::{self, TokenState};
use super::{password, password_policy, LinkStatus, Role, TokenPurpose};
use crate::audit::service::{record, Actor, Entry};
use crate::auth::session_store::end_sessions_of;
use crate::db::entities::contact;
use crate::email::send::{action_link, queue_to_contact};
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::config::Settings;

fn status_of(state: TokenState, person: Option<&contact::Model>) -> LinkStatus {
    match (state, person) {
        (TokenState::Valid { .. }, Some(person)) => LinkStatus::Ready {
            email: person.email.clone(),
            first_name: person.first_name.clone(),
        },
        (TokenState::Valid { .. }, None) | (TokenState::Unknown, _) => LinkStatus::Invalid,
        (TokenState::Expired, _) => LinkStatus::Expired,
        (TokenState::Replaced, _) => LinkStatus::Replaced,
        (TokenState::Used, _) => LinkStatus::Used,
    }
}

/// What opening a link shows. Looking never uses the link up.
pub async fn link_status(
    db: &impl ConnectionTrait,
    purpose: TokenPurpose,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<LinkStatus> {
    let state = tokens::inspect(db, token, purpose, now).await?;
    let person = match state {
        TokenState::Valid { contact_id } => contact::Entity::find_by_id(contact_id).one(db).await?,
        _ => None,
    };
    Ok(status_of(state, person.as_ref()))
}

/// How setting a password through a link ended, for the server function.
pub enum Completed {
    /// The invite is accepted and the contact may now be signed in.
    SignIn(SessionPrincipal),
    /// The password is set; the contact signs in themselves.
    Saved {
        contact_id: i32,
        can_sign_in: bool,
    },
    LinkProblem(LinkStatus),
}

/// Sets a password through an emailed link. The password is checked before
/// the link is used, so a refused password leaves the link working. The link
/// is used up in the same transaction that stores the password: of two
/// submissions at once, exactly one sets it. After a reset every session of
/// the contact ends and a Password Changed Notice is queued; an accepted invite
/// signs the contact in (if their access is active).
pub async fn set_password(
    db: &DatabaseConnection,
    settings: &Settings,
    purpose: TokenPurpose,
    token: &str,
    new_password: &str,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<Completed> {
    password_policy::check(new_password, "password")?;
    let owned = new_password.to_string();
    let hashed = tokio::task::spawn_blocking(move || password::hash(&owned))
        .await
        .map_err(|_| AppError::Internal)??;

    let txn = crate::db::begin_write(db).await?;
    let contact_id = match tokens::consume(&txn, token, purpose, now).await? {
        TokenState::Valid { contact_id } => contact_id,
        other => return Ok(Completed::LinkProblem(status_of(other, None))),
    };
    let person = contact::Entity::find_by_id(contact_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    tokens::retire_all(&txn, contact_id, now).await?;
    let mut active: contact::ActiveModel = person.clone().into();
    active.password_hash = Set(Some(hashed));
    active.activated_at = Set(person.activated_at.or(Some(now)));
    active.updated_at = Set(now);
    let person = active.update(&txn).await?;
    let actor = Actor::contact(&ContactCaller::of(&person, Default::default()));
    let action = match purpose {
        TokenPurpose::Invite => "auth.invite_accepted",
        TokenPurpose::Reset => "auth.password_reset",
    };
    record(
        &txn,
        &actor,
        Entry {
            action,
            entity_type: "contact",
            entity_id: Some(person.id),
            details: serde_json::json!({}),
            client_ip: client_ip.clone(),
        },
    )
    .await?;
    // Proof of the mailbox: the account's failed sign-ins stop counting.
    throttle::record(
        &txn,
        AttemptKind::SignIn,
        &person.email,
        client_ip.as_deref(),
        Outcome::PasswordChanged,
        now,
    )
    .await?;
    let can_sign_in = contact_can_sign_in(&person);
    let completed = match purpose {
        TokenPurpose::Reset => {
            end_sessions_of(&txn, Role::Contact, person.id).await?;
            let trigger = format!(
                "Password changed through a reset link{}.",
                client_ip
                    .as_deref()
                    .map(|ip| format!(" from {ip}"))
                    .unwrap_or_default()
            );
            queue_to_contact(
                &txn,
                settings,
                &actor,
                &person,
                TemplateKind::PasswordChanged,
                None,
                trigger,
                now,
            )
            .await?;
            Completed::Saved {
                contact_id: person.id,
                can_sign_in,
            }
        }
        TokenPurpose::Invite if can_sign_in => {
            Completed::SignIn(contact_signed_in(&txn, person, client_ip, now).await?)
        }
        TokenPurpose::Invite => Completed::Saved {
            contact_id: person.id,
            can_sign_in,
        },
    };
    txn.commit().await?;
    Ok(completed)
}

/// "Forgot password?": emails a reset link if the address belongs to a contact
/// who may sign in, and answers the same either way. Requests are limited per
/// address typed and per client address, counted alike for known and unknown
/// addresses, so the limit says nothing about who has an account.
pub async fn request_reset(
    db: &DatabaseConnection,
    settings: &Settings,
    email: &str,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let email = normalize_email(email);
    crate::contacts::validate::email(&email)?;
    let ip = client_ip.as_deref();
    let txn = crate::db::begin_write(db).await?;
    if !throttle::reset_allowed(&txn, &email, ip, now).await? {
        throttle::record(
            &txn,
            AttemptKind::ResetRequest,
            &email,
            ip,
            Outcome::Throttled,
            now,
        )
        .await?;
        txn.commit().await?;
        return Err(AppError::TooManyAttempts(
            "Too many reset requests for this address. Check your inbox (and spam folder) for the emails already sent, or try again in an hour.".to_string(),
        ));
    }
    let person = contact::Entity::find()
        .filter(contact::Column::Email.eq(&email))
        .filter(contact::Column::Status.eq("active"))
        .filter(contact::Column::AccessRevokedAt.is_null())
        .one(&txn)
        .await?;
    let outcome = match person {
        Some(person) => {
            let link = action_link(&txn, settings, person.id, TokenPurpose::Reset, now).await?;
            let trigger = format!(
                "Forgot password? on the sign-in page{}.",
                ip.map(|ip| format!(", from {ip}")).unwrap_or_default()
            );
            let requester = Actor::of(&super::caller::Caller::Anonymous);
            queue_to_contact(
                &txn,
                settings,
                &requester,
                &person,
                TemplateKind::PasswordReset,
                Some(link),
                trigger,
                now,
            )
            .await?;
            Outcome::ResetSent
        }
        None => Outcome::ResetNotSent,
    };
    throttle::record(&txn, AttemptKind::ResetRequest, &email, ip, outcome, now).await?;
    txn.commit().await?;
    Ok(())
}
