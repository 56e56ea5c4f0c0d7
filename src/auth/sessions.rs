//! A signed-in person's sessions: starting one at sign-in, resolving the
//! caller of each request from it (with renewal), listing a person's open
//! sessions and ending them.

use chrono::{DateTime, Duration, Utc};
use tower_sessions::Session;

use super::caller::{lookup, Caller, SessionPrincipal, PRINCIPAL_KEY};
use super::session_store::{
    self, key, sessions_of, touch, ClientInfo, Lifetimes, CLIENT_KEY, LOADED_SEEN_AT,
};
use super::OpenSession;
use crate::error::AppResult;
use crate::server::config::Settings;
use crate::server::AppState;

/// When the session's expiry was last moved on (a Unix timestamp).
const RENEWED_KEY: &str = "renewed_at";
/// "Last used" is noted at most this often, so a busy page is not a write per request.
const TOUCH_EVERY_SECONDS: i64 = 300;

pub fn lifetimes(settings: &Settings) -> Lifetimes {
    Lifetimes {
        idle: Duration::hours(settings.session_idle_hours),
        absolute: Duration::days(settings.session_max_days),
    }
}

/// The expiry moves on only once this much of the idle window has passed:
/// a quarter of it (3 hours of the default 12), so sessions are rewritten a
/// few times a day rather than on every request.
fn renew_after(lifetimes: Lifetimes) -> Duration {
    lifetimes.idle / 4
}

/// Signs `principal` in on this browser: a fresh session id (so an id planted
/// before sign-in is worthless), who it is and where they are.
pub async fn start(
    session: &Session,
    principal: SessionPrincipal,
    client: ClientInfo,
    now: DateTime<Utc>,
) -> AppResult<()> {
    session.cycle_id().await?;
    session.insert(PRINCIPAL_KEY, principal).await?;
    session.insert(RENEWED_KEY, now.timestamp()).await?;
    session.insert(CLIENT_KEY, client).await?;
    Ok(())
}

/// The key of this browser's session row, once it has one.
pub fn current_key(session: &Session) -> Option<String> {
    session.id().map(|id| key(&id))
}

/// Who this request's session belongs to, as the database says now. A session
/// whose person is gone or may no longer sign in is ended. A live one is
/// renewed when a quarter of the idle window has passed, and its "last used"
/// noted every few minutes.
pub async fn resolve(
    state: &AppState,
    session: &Session,
    client_ip: &Option<String>,
    user_agent: &Option<String>,
) -> AppResult<Caller> {
    let Some(principal) = session.get::<SessionPrincipal>(PRINCIPAL_KEY).await? else {
        return Ok(Caller::Anonymous);
    };
    let Some(caller) = lookup(&state.db, principal).await? else {
        session.flush().await?;
        return Ok(Caller::Anonymous);
    };
    let now = state.clock.now();
    let client = ClientInfo {
        ip: client_ip.clone(),
        user_agent: user_agent.clone(),
    };
    let renewed = session.get::<i64>(RENEWED_KEY).await?.unwrap_or_default();
    let lifetimes = lifetimes(&state.settings);
    if now.timestamp() - renewed >= renew_after(lifetimes).num_seconds() {
        // Marks the session changed: the session layer saves it (an update of
        // the row, never an insert) and sends the cookie with a fresh lifetime.
        session.insert(RENEWED_KEY, now.timestamp()).await?;
        session.insert(CLIENT_KEY, client).await?;
    } else {
        let seen = session
            .get::<i64>(LOADED_SEEN_AT)
            .await?
            .unwrap_or_default();
        if now.timestamp() - seen >= TOUCH_EVERY_SECONDS {
            if let Some(session_key) = current_key(session) {
                touch(&state.db, &session_key, &client, now).await?;
            }
        }
    }
    Ok(caller)
}

/// "Chrome on Linux": a User-Agent as a person recognises it.
pub fn describe_browser(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|a| !a.trim().is_empty()) else {
        return "Unknown browser".to_string();
    };
    match woothee::parser::Parser::new().parse(agent) {
        Some(found) if found.name != "UNKNOWN" => {
            if found.os == "UNKNOWN" {
                found.name.to_string()
            } else {
                format!("{} on {}", found.name, found.os)
            }
        }
        _ => "Unknown browser".to_string(),
    }
}

/// A person's open sessions, this browser's marked.
pub async fn open_sessions(
    db: &impl sea_orm::ConnectionTrait,
    settings: &Settings,
    principal: SessionPrincipal,
    current: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Vec<OpenSession>> {
    Ok(sessions_of(db, principal, now, lifetimes(settings))
        .await?
        .into_iter()
        .map(|row| OpenSession {
            current: current == Some(row.id.as_str()),
            started_at: row.created_at,
            last_used_at: row.last_seen_at,
            client_ip: row.client_ip,
            browser: describe_browser(row.user_agent.as_deref()),
        })
        .collect())
}

/// Ends the person's other sessions, keeping this browser's; answers how many ended.
pub async fn end_others(
    db: &impl sea_orm::ConnectionTrait,
    principal: SessionPrincipal,
    current: Option<&str>,
) -> AppResult<u64> {
    Ok(session_store::end_sessions_of(db, principal.role, principal.id, current).await?)
}
