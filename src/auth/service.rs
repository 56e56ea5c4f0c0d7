//! Checking credentials and describing the signed-in person.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use chrono::{DateTime, Utc};

use super::caller::{contact_can_sign_in, Caller, ContactCaller, SessionPrincipal, StaffCaller};
use super::throttle::{self, AttemptKind, Outcome};
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
/// Wrong password and unknown email give the same answer. Every attempt is
/// logged, and an account or address with too many recent failures is told
/// to wait (see `throttle`).
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<SessionPrincipal> {
    let email = normalize_email(email);
    if email.is_empty() {
        return Err(AppError::field("email", "Enter your email address."));
    }
    if password.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    let ip = client_ip.as_deref();
    if let Some(wait) = throttle::sign_in_wait(db, &email, ip, now).await? {
        throttle::record(db, AttemptKind::SignIn, &email, ip, Outcome::Throttled, now).await?;
        return Err(AppError::TooManyAttempts(format!(
            "Too many sign-in attempts. Wait {} and try again, or choose a new password with “Forgot password?”.",
            throttle::describe_wait(wait)
        )));
    }
    let outcome = check(db, &email, password, ip, now).await;
    let logged = match &outcome {
        Ok(_) => Outcome::SignedIn,
        Err(refusal) => refusal.outcome,
    };
    throttle::record(db, AttemptKind::SignIn, &email, ip, logged, now).await?;
    outcome.map_err(|refusal| refusal.error)
}

/// Why a sign-in was refused: what the log says, and what the person is told.
struct Refusal {
    outcome: Outcome,
    error: AppError,
}

fn refused(outcome: Outcome, error: AppError) -> Refusal {
    Refusal { outcome, error }
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        refused(Outcome::Error, error)
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::from(err).into()
    }
}

async fn check(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SessionPrincipal, Refusal> {
    let client_ip = client_ip.map(str::to_string);
    if let Some(staff) = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(db)
        .await?
    {
        if !verify_off_thread(password.to_string(), Some(staff.password_hash.clone())).await {
            return Err(refused(
                Outcome::WrongPassword,
                AppError::form(WRONG_CREDENTIALS),
            ));
        }
        if !staff.active {
            return Err(refused(
                Outcome::NotActive,
                AppError::form(ACCESS_NOT_ACTIVE),
            ));
        }
        let caller = StaffCaller {
            id: staff.id,
            name: staff.name.clone(),
            email: staff.email.clone(),
        };
        let txn = crate::db::begin_write(db).await?;
        let mut active: staff_user::ActiveModel = staff.into();
        active.last_login_at = Set(Some(now));
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
        .filter(contact::Column::Email.eq(email))
        .one(db)
        .await?;
    let stored = found.as_ref().and_then(|c| c.password_hash.clone());
    let matches = verify_off_thread(password.to_string(), stored).await;
    let found = match found {
        Some(found) if matches => found,
        Some(_) => {
            return Err(refused(
                Outcome::WrongPassword,
                AppError::form(WRONG_CREDENTIALS),
            ))
        }
        None => {
            return Err(refused(
                Outcome::UnknownEmail,
                AppError::form(WRONG_CREDENTIALS),
            ))
        }
    };
    if !contact_can_sign_in(&found) {
        return Err(refused(
            Outcome::NotActive,
            AppError::form(ACCESS_NOT_ACTIVE),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let principal = contact_signed_in(&txn, found, client_ip, now).await?;
    txn.commit().await?;
    Ok(principal)
}

/// Writes down a contact's sign-in, inside the caller's transaction: the time
/// and client address on the contact, the organization's LAST LOGIN, the audit log.
pub(crate) async fn contact_signed_in(
    txn: &impl ConnectionTrait,
    found: contact::Model,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<SessionPrincipal> {
    let caller = ContactCaller::of(&found, Default::default());
    let mut active: contact::ActiveModel = found.into();
    active.last_login_at = Set(Some(now));
    active.last_login_ip = Set(client_ip.clone());
    active.update(txn).await?;
    crate::organizations::service::record_sign_in(txn, caller.organization_id, caller.id, now)
        .await?;
    record(
        txn,
        &Actor::contact(&caller),
        signed_in(Some(caller.id), "contact", client_ip),
    )
    .await?;
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
