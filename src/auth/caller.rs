//! Who is asking: resolved on every request from the session and the database,
//! never from what the session remembers about permissions.

use sea_orm::{ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::Role;
use crate::access::{service::permissions_of, Permission, PermissionSet};
use crate::db::entities::{contact, staff_user};
use crate::error::{AppError, AppResult};

/// The session key under which the signed-in person is stored.
pub const PRINCIPAL_KEY: &str = "principal";

/// What a session remembers: only who, never what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPrincipal {
    pub role: Role,
    pub id: i32,
}

impl SessionPrincipal {
    pub fn kind(self) -> &'static str {
        match self.role {
            Role::Staff => "staff",
            Role::Contact => "contact",
        }
    }
}

#[derive(Clone, Debug)]
pub struct StaffCaller {
    pub id: i32,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug)]
pub struct ContactCaller {
    pub id: i32,
    pub organization_id: i32,
    pub name: String,
    pub email: String,
    pub permissions: PermissionSet,
}

impl ContactCaller {
    /// The contact as the portal names them, with `permissions`.
    pub fn of(contact: &contact::Model, permissions: PermissionSet) -> Self {
        Self {
            id: contact.id,
            organization_id: contact.organization_id,
            name: format!("{} {}", contact.first_name, contact.last_name),
            email: contact.email.clone(),
            permissions,
        }
    }

    /// Denies unless the contact's level allows `permission` (Admin Access allows all).
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.permissions.allows(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[derive(Clone, Debug)]
pub enum Caller {
    Anonymous,
    Staff(StaffCaller),
    Contact(ContactCaller),
}

/// Whether a contact may sign in and keep a session: active, not revoked, with a password.
pub fn contact_can_sign_in(contact: &contact::Model) -> bool {
    contact.status == "active"
        && contact.access_revoked_at.is_none()
        && contact.password_hash.is_some()
}

impl Caller {
    /// Resolves the session's principal against the database. A session whose
    /// person is gone, deactivated or revoked is ended and counts as anonymous.
    pub async fn from_session(db: &impl ConnectionTrait, session: &Session) -> AppResult<Caller> {
        let Some(principal) = session.get::<SessionPrincipal>(PRINCIPAL_KEY).await? else {
            return Ok(Caller::Anonymous);
        };
        let caller = match principal.role {
            Role::Staff => staff_user::Entity::find_by_id(principal.id)
                .one(db)
                .await?
                .filter(|staff| staff.active)
                .map(|staff| {
                    Caller::Staff(StaffCaller {
                        id: staff.id,
                        name: staff.name,
                        email: staff.email,
                    })
                }),
            Role::Contact => match contact::Entity::find_by_id(principal.id).one(db).await? {
                Some(found) if contact_can_sign_in(&found) => {
                    let permissions = match found.access_level_id {
                        Some(level) => permissions_of(db, level).await?,
                        None => PermissionSet::default(),
                    };
                    Some(Caller::Contact(ContactCaller::of(&found, permissions)))
                }
                _ => None,
            },
        };
        match caller {
            Some(caller) => Ok(caller),
            None => {
                session.flush().await?;
                Ok(Caller::Anonymous)
            }
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::Staff(_) => Some(Role::Staff),
            Caller::Contact(_) => Some(Role::Contact),
        }
    }
}

/// The current request's session (server functions only).
pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer on this request");
        AppError::Internal
    })
}

/// Who is asking, for the current server function call.
pub async fn caller() -> AppResult<Caller> {
    let db = crate::server::db()?;
    Caller::from_session(&db, &session().await?).await
}

/// Denies unless a staff user is asking.
pub async fn require_staff() -> AppResult<StaffCaller> {
    match caller().await? {
        Caller::Staff(staff) => Ok(staff),
        Caller::Anonymous => Err(AppError::Unauthenticated),
        Caller::Contact(_) => Err(AppError::Forbidden),
    }
}

/// Denies unless a contact who may use the portal is asking.
pub async fn require_contact() -> AppResult<ContactCaller> {
    match caller().await? {
        Caller::Contact(contact) => Ok(contact),
        Caller::Anonymous => Err(AppError::Unauthenticated),
        Caller::Staff(_) => Err(AppError::Forbidden),
    }
}

/// The client's address, for the audit log, last login and throttling: the
/// connection's, or what a trusted proxy says it is (`client_address`).
pub async fn client_ip() -> Option<String> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let ConnectInfo(peer) = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()?;
    let trusted = crate::server::state()
        .map(|state| state.settings.trusted_proxies.clone())
        .unwrap_or_default();
    if trusted.is_empty() {
        return Some(peer.ip().to_string());
    }
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    let forwarded_for = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let client =
        crate::server::client_address::client_address(peer.ip(), Some(&forwarded_for), &trusted);
    Some(client.to_string())
}
