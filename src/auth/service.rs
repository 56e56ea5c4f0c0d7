//! Checking credentials and describing the signed-in person.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::caller::{contact_can_sign_in, Caller, ContactCaller, SessionPrincipal, StaffCaller};
use super::{password, CurrentUser, Role};
use crate::audit::service::{record, Actor, Entry};
use crate::db::entities::{contact, organization, staff_user};
use crate::error::{AppError, AppResult};

pub const WRONG_CREDENTIALS: &str = "Incorrect email or password.";
pub const ACCESS_NOT_ACTIVE: &str =
    "Your portal access is not active. Please contact your account administrator.";

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Argon2 is deliberately slow; keep it off the async worker threads.
async fn verify_off_thread(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => password::verify(&password, &stored),
        None => {
            password::verify_dummy(&password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// Checks an email and password against staff users first, then contacts.
/// Wrong password and unknown email give the same answer.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client_ip: Option<String>,
) -> AppResult<SessionPrincipal> {
    let email = normalize_email(email);
    if email.is_empty() {
        return Err(AppError::field("email", "Enter your email address."));
    }
    if password.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }

    if let Some(staff) = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(&email))
        .one(db)
        .await?
    {
        if !verify_off_thread(password.to_string(), Some(staff.password_hash.clone())).await {
            tracing::info!(%email, "sign-in refused: wrong password (staff)");
            return Err(AppError::form(WRONG_CREDENTIALS));
        }
        if !staff.active {
            tracing::info!(%email, "sign-in refused: staff user inactive");
            return Err(AppError::form(ACCESS_NOT_ACTIVE));
        }
        let caller = StaffCaller {
            id: staff.id,
            name: staff.name.clone(),
            email: staff.email.clone(),
        };
        let txn = crate::db::begin_write(db).await?;
        let mut active: staff_user::ActiveModel = staff.into();
        active.last_login_at = Set(Some(chrono::Utc::now()));
        active.update(&txn).await?;
        record(
            &txn,
            &Actor::staff(&caller),
            signed_in(Some(caller.id), "staff_user", client_ip),
        )
        .await?;
        txn.commit().await?;
        return Ok(SessionPrincipal {
            role: Role::Staff,
            id: caller.id,
        });
    }

    let found = contact::Entity::find()
        .filter(contact::Column::Email.eq(&email))
        .one(db)
        .await?;
    let stored = found.as_ref().and_then(|c| c.password_hash.clone());
    if !verify_off_thread(password.to_string(), stored).await {
        tracing::info!(%email, "sign-in refused: wrong password or unknown email");
        return Err(AppError::form(WRONG_CREDENTIALS));
    }
    let Some(found) = found else {
        return Err(AppError::form(WRONG_CREDENTIALS));
    };
    if !contact_can_sign_in(&found) {
        tracing::info!(%email, "sign-in refused: contact inactive or revoked");
        return Err(AppError::form(ACCESS_NOT_ACTIVE));
    }
    let caller = ContactCaller {
        id: found.id,
        organization_id: found.organization_id,
        name: format!("{} {}", found.first_name, found.last_name),
        email: found.email.clone(),
        permissions: Default::default(),
    };
    let now = chrono::Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let mut active: contact::ActiveModel = found.into();
    active.last_login_at = Set(Some(now));
    active.last_login_ip = Set(client_ip.clone());
    active.update(&txn).await?;
    crate::organizations::service::record_sign_in(&txn, caller.organization_id, caller.id, now)
        .await?;
    record(
        &txn,
        &Actor::contact(&caller),
        signed_in(Some(caller.id), "contact", client_ip),
    )
    .await?;
    txn.commit().await?;
    Ok(SessionPrincipal {
        role: Role::Contact,
        id: caller.id,
    })
}

fn signed_in(id: Option<i32>, entity_type: &str, client_ip: Option<String>) -> Entry<'_> {
    Entry {
        action: "auth.sign_in",
        entity_type,
        entity_id: id,
        details: serde_json::json!({}),
        client_ip,
    }
}

/// The signed-in person as the browser sees them; `None` when nobody is.
pub async fn current_user(
    db: &DatabaseConnection,
    caller: &Caller,
) -> AppResult<Option<CurrentUser>> {
    Ok(match caller {
        Caller::Anonymous => None,
        Caller::Staff(staff) => Some(CurrentUser {
            role: Role::Staff,
            id: staff.id,
            name: staff.name.clone(),
            email: staff.email.clone(),
            organization_name: None,
            permissions: Default::default(),
        }),
        Caller::Contact(contact) => {
            let organization = organization::Entity::find_by_id(contact.organization_id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            Some(CurrentUser {
                role: Role::Contact,
                id: contact.id,
                name: contact.name.clone(),
                email: contact.email.clone(),
                organization_name: Some(organization.name),
                permissions: contact.permissions.clone(),
            })
        }
    })
}
