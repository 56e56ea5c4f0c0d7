//! Queries and rules about contacts.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::MyProfile;
use crate::access::service::permissions_of;
use crate::db::entities::{access_level, contact, organization};
use crate::error::{AppError, AppResult};

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
        active: found.status == "active",
        organization_name: organization.name,
        access_level,
        permissions,
        last_login_at: found.last_login_at,
    })
}
