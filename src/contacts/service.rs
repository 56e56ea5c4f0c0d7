//! Queries and rules about contacts shared by staff's and the portal's pages.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::{ContactStatus, MyProfile};
use crate::access::service::permissions_of;
use crate::auth::session_store::end_sessions_of;
use crate::auth::tokens::{self, LinkOwner};
use crate::auth::Role;
use crate::db::entities::{access_level, contact, organization};
use crate::email::send::{email_changed_notice, Recipient};
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

/// A contact's own profile.
pub async fn my_profile(db: &impl ConnectionTrait, contact_id: i32) -> AppResult<MyProfile> {
    let found = contact::Entity::find_by_id(contact_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let organization = organization::Entity::find_by_id(found.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (access_level, permissions) = match found.access_level_id {
        Some(id) => (
            access_level::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|l| l.name),
            permissions_of(db, id).await?,
        ),
        None => (None, Default::default()),
    };
    Ok(MyProfile {
        title: found.title,
        first_name: found.first_name,
        last_name: found.last_name,
        email: found.email,
        phone: found.phone,
        active: found.status == ContactStatus::Active,
        organization_name: organization.name,
        access_level,
        permissions,
        last_login_at: found.last_login_at,
    })
}

/// Whether a contact has a portal sign-in, or one on its way (an invite).
pub fn has_sign_in(person: &contact::Model) -> bool {
    person.password_hash.is_some() || person.invited_at.is_some()
}

/// After `person`'s email changed from `old_address` (inside the caller's
/// transaction): links sent to the old address stop working, every session
/// ends, and a contact with a sign-in is told at the old address, so a change
/// they did not make does not go unnoticed.
pub async fn email_changed(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    person: &contact::Model,
    old_address: &str,
) -> AppResult<()> {
    tokens::retire(txn, LinkOwner::Contact(person.id), None, ctx.now).await?;
    end_sessions_of(txn, Role::Contact, person.id, None).await?;
    if has_sign_in(person) {
        email_changed_notice(txn, ctx, Recipient::Contact(person), old_address).await?;
    }
    Ok(())
}

/// A contact as a document names them: id, full name, email.
pub struct ContactName {
    pub id: i32,
    pub name: String,
    pub email: String,
}

fn contact_name(person: contact::Model) -> ContactName {
    ContactName {
        id: person.id,
        name: format!("{} {}", person.first_name, person.last_name),
        email: person.email,
    }
}

/// An organization's contacts by name, at most `limit` of them, for choosing one.
pub async fn names_in(
    db: &impl ConnectionTrait,
    organization_id: i32,
    limit: u64,
) -> AppResult<Vec<ContactName>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .order_by_asc(contact::Column::FirstName)
        .order_by_asc(contact::Column::LastName)
        .order_by_asc(contact::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(contact_name)
        .collect())
}

/// One contact of `organization_id`, or `None` when there is no such contact there.
pub async fn name_in(
    db: &impl ConnectionTrait,
    organization_id: i32,
    contact_id: i32,
) -> AppResult<Option<ContactName>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(contact::Entity::find_by_id(contact_id)
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .map(contact_name))
}
