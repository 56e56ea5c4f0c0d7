//! The context a service call runs in: the database, the settings, the time
//! by the server's clock, and who is acting (for the audit log). Server
//! functions get theirs from the caller check (`auth::caller::require_*`);
//! workers, commands and tests build one with `Ctx::new`.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::sync::Arc;

use super::config::Settings;
use crate::audit::service::{record, Actor, Entry};
use crate::auth::caller::{Caller, RequestCaller};
use crate::email::worker::EmailSignals;
use crate::error::AppResult;

#[derive(Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// The moment of the request, by the server's clock. Every timestamp a
    /// service writes or compares is this one.
    pub now: DateTime<Utc>,
    pub actor: Actor,
    /// The client's address, for the audit log and throttles.
    pub client_ip: Option<String>,
    /// The browser's User-Agent, for a new session.
    pub user_agent: Option<String>,
    /// Wakes the email worker after a transaction queued email.
    pub email: EmailSignals,
}

impl Ctx {
    pub fn new(
        db: DatabaseConnection,
        settings: Arc<Settings>,
        now: DateTime<Utc>,
        actor: Actor,
    ) -> Self {
        Self {
            db,
            settings,
            now,
            actor,
            client_ip: None,
            user_agent: None,
            email: EmailSignals::default(),
        }
    }

    /// The context of the current server function call, for `asked`.
    pub fn for_request(asked: &RequestCaller) -> AppResult<Self> {
        let state = super::state()?;
        Ok(Self {
            now: state.clock.now(),
            db: state.db,
            settings: state.settings,
            actor: Actor::of(&asked.caller),
            client_ip: asked.client_ip.clone(),
            user_agent: asked.user_agent.clone(),
            email: state.email,
        })
    }

    /// The same context acting as someone else (a person who just proved who
    /// they are by signing in or using an emailed link).
    pub fn acting_as(&self, caller: &Caller) -> Self {
        Self {
            actor: Actor::of(caller),
            ..self.clone()
        }
    }

    /// Writes an audit entry by this context's actor, at its time, from its
    /// client address unless the entry names one.
    pub async fn audit(&self, db: &impl ConnectionTrait, mut entry: Entry<'_>) -> AppResult<()> {
        if entry.client_ip.is_none() {
            entry.client_ip = self.client_ip.clone();
        }
        record(db, &self.actor, self.now, entry).await
    }

    /// "… from 203.0.113.9" for email triggers, or nothing when unknown.
    pub fn from_where(&self) -> String {
        self.client_ip
            .as_deref()
            .map(|ip| format!(" from {ip}"))
            .unwrap_or_default()
    }
}
