//! Who is asking. `resolve_caller` (a middleware on every app route and
//! server function) works it out once per request from the session and the
//! database, never from what the session remembers about permissions, and
//! leaves it in the request's extensions; the area guard, the server
//! functions and the render all read that one answer.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use tower_sessions::Session;

use super::{CurrentUser, Role, StaffRole};
use crate::access::{service::permissions_of, Permission, PermissionSet};
use crate::contacts::ContactStatus;
use crate::db::entities::{contact, organization, staff_user};
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;
use crate::server::AppState;

/// The session key under which the signed-in person is stored.
pub const PRINCIPAL_KEY: &str = "principal";

/// What a session remembers: only who, never what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionPrincipal {
    pub role: Role,
    pub id: i32,
}

#[derive(Clone, Debug)]
pub struct StaffCaller {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
}

impl StaffCaller {
    pub fn of(staff: &staff_user::Model) -> Self {
        Self {
            id: staff.id,
            name: staff.name.clone(),
            email: staff.email.clone(),
            role: staff.role,
        }
    }

    /// Denies unless this staff user is an Administrator.
    pub fn require_administrator(&self) -> AppResult<()> {
        if self.role == StaffRole::Administrator {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[derive(Clone, Debug)]
pub struct ContactCaller {
    pub id: i32,
    pub organization_id: i32,
    pub name: String,
    pub email: String,
    pub permissions: PermissionSet,
    /// Their organization's name, for the page header (empty where unknown).
    pub organization_name: String,
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
            organization_name: String::new(),
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

impl Caller {
    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::Staff(_) => Some(Role::Staff),
            Caller::Contact(_) => Some(Role::Contact),
        }
    }

    /// The signed-in person as the browser sees them; `None` when nobody is.
    pub fn current_user(&self) -> Option<CurrentUser> {
        match self {
            Caller::Anonymous => None,
            Caller::Staff(staff) => Some(CurrentUser {
                role: Role::Staff,
                id: staff.id,
                name: staff.name.clone(),
                email: staff.email.clone(),
                organization_name: None,
                permissions: Default::default(),
                staff_role: Some(staff.role),
            }),
            Caller::Contact(contact) => Some(CurrentUser {
                role: Role::Contact,
                id: contact.id,
                name: contact.name.clone(),
                email: contact.email.clone(),
                organization_name: Some(contact.organization_name.clone()),
                permissions: contact.permissions.clone(),
                staff_role: None,
            }),
        }
    }

    /// The signed-in person as a session principal.
    pub fn principal(&self) -> Option<SessionPrincipal> {
        match self {
            Caller::Anonymous => None,
            Caller::Staff(staff) => Some(SessionPrincipal {
                role: Role::Staff,
                id: staff.id,
            }),
            Caller::Contact(contact) => Some(SessionPrincipal {
                role: Role::Contact,
                id: contact.id,
            }),
        }
    }
}

/// Whether a contact may sign in and keep a session: active, not revoked, with a password.
pub fn contact_can_sign_in(contact: &contact::Model) -> bool {
    contact.status == ContactStatus::Active
        && contact.access_revoked_at.is_none()
        && contact.password_hash.is_some()
}

/// Whether a staff user may sign in and keep a session: active, with a password.
pub fn staff_can_sign_in(staff: &staff_user::Model) -> bool {
    staff.deactivated_at.is_none() && staff.password_hash.is_some()
}

/// The person behind `principal` as they stand in the database now; `None`
/// when they are gone or may no longer sign in.
pub async fn lookup(
    db: &impl ConnectionTrait,
    principal: SessionPrincipal,
) -> AppResult<Option<Caller>> {
    Ok(match principal.role {
        Role::Staff => staff_user::Entity::find_by_id(principal.id)
            .one(db)
            .await?
            .filter(staff_can_sign_in)
            .map(|staff| Caller::Staff(StaffCaller::of(&staff))),
        Role::Contact => match contact::Entity::find_by_id(principal.id)
            .find_also_related(organization::Entity)
            .one(db)
            .await?
        {
            Some((found, org)) if contact_can_sign_in(&found) => {
                let permissions = match found.access_level_id {
                    Some(level) => permissions_of(db, level).await?,
                    None => PermissionSet::default(),
                };
                let mut caller = ContactCaller::of(&found, permissions);
                caller.organization_name = org.map(|o| o.name).unwrap_or_default();
                Some(Caller::Contact(caller))
            }
            _ => None,
        },
    })
}

/// Who is asking and from where: what `resolve_caller` leaves in every app
/// request's extensions.
#[derive(Clone, Debug)]
pub struct RequestCaller {
    pub caller: Caller,
    /// The client's address: the connection's, or what a trusted proxy says.
    pub client_ip: Option<String>,
    /// The browser's User-Agent, cut to a sensible length.
    pub user_agent: Option<String>,
}

/// Longest User-Agent kept with a session; real ones are a few hundred bytes.
const MAX_USER_AGENT: usize = 512;

fn client_ip_of(state: &AppState, req: &Request) -> Option<String> {
    let ConnectInfo(peer) = req.extensions().get::<ConnectInfo<SocketAddr>>()?;
    let trusted = &state.settings.trusted_proxies;
    if trusted.is_empty() {
        return Some(peer.ip().to_string());
    }
    let forwarded_for = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let client =
        crate::server::client_address::client_address(peer.ip(), Some(&forwarded_for), trusted);
    Some(client.to_string())
}

fn user_agent_of(req: &Request) -> Option<String> {
    let agent = req
        .headers()
        .get(axum::http::header::USER_AGENT)?
        .to_str()
        .ok()?;
    let mut end = agent.len().min(MAX_USER_AGENT);
    while !agent.is_char_boundary(end) {
        end -= 1;
    }
    Some(agent[..end].to_string())
}

/// Middleware: resolves the caller once for this request (see the module
/// comment). A session whose person is gone, deactivated or revoked is ended
/// and the request goes on as anonymous; a live one is renewed when due.
pub async fn resolve_caller(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        tracing::error!("resolve_caller runs without a session layer");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let client_ip = client_ip_of(&state, &req);
    let user_agent = user_agent_of(&req);
    let caller = match super::sessions::resolve(&state, &session, &client_ip, &user_agent).await {
        Ok(caller) => caller,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    req.extensions_mut().insert(RequestCaller {
        caller,
        client_ip,
        user_agent,
    });
    next.run(req).await
}

/// What `resolve_caller` found for the current server function call.
pub fn request_caller() -> AppResult<RequestCaller> {
    use leptos::prelude::use_context;
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestCaller>().cloned())
        .ok_or_else(|| {
            // As for `server::state`: only once the request has ended.
            tracing::debug!("a server function ran after its request ended; it does nothing");
            AppError::Internal
        })
}

/// Who is asking, for the current server function call.
pub fn caller() -> AppResult<Caller> {
    request_caller().map(|asked| asked.caller)
}

/// The current request's session (server functions only).
pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer on this request");
        AppError::Internal
    })
}

/// Anyone may call: who is asking (perhaps nobody) and the service context.
pub fn anyone() -> AppResult<(Caller, Ctx)> {
    let asked = request_caller()?;
    let ctx = Ctx::for_request(&asked)?;
    Ok((asked.caller, ctx))
}

/// Denies unless a staff user is asking; their context for the service.
pub fn require_staff() -> AppResult<(StaffCaller, Ctx)> {
    let asked = request_caller()?;
    match &asked.caller {
        Caller::Staff(staff) => Ok((staff.clone(), Ctx::for_request(&asked)?)),
        Caller::Anonymous => Err(AppError::Unauthenticated),
        Caller::Contact(_) => Err(AppError::Forbidden),
    }
}

/// Denies unless a staff Administrator is asking (settings, staff users).
pub fn require_administrator() -> AppResult<(StaffCaller, Ctx)> {
    let (staff, ctx) = require_staff()?;
    staff.require_administrator()?;
    Ok((staff, ctx))
}

/// Denies unless a contact who may use the portal is asking.
pub fn require_contact() -> AppResult<(ContactCaller, Ctx)> {
    let asked = request_caller()?;
    match &asked.caller {
        Caller::Contact(contact) => Ok((contact.clone(), Ctx::for_request(&asked)?)),
        Caller::Anonymous => Err(AppError::Unauthenticated),
        Caller::Staff(_) => Err(AppError::Forbidden),
    }
}

/// Denies unless someone is signed in (staff or contact): their own account.
pub fn require_signed_in() -> AppResult<(Caller, Ctx)> {
    let (caller, ctx) = anyone()?;
    match caller {
        Caller::Anonymous => Err(AppError::Unauthenticated),
        signed_in => Ok((signed_in, ctx)),
    }
}
