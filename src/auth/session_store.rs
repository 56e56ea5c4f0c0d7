//! tower-sessions storage in the portal's own database, so every app server
//! behind a load balancer sees the same sessions. Rows are keyed by a SHA-256
//! of the session id and carry who is signed in, so all of a person's
//! sessions can be ended at once, and when and from where the session was
//! started and last used, for the person's list of open sessions.
//!
//! A session ended on the server stays ended: `save` only ever updates an
//! existing row, so a request still in flight when its session was ended
//! cannot write it back. Expiry follows the server's clock: an idle timeout
//! (renewed as the session is used) and an absolute lifetime from sign-in.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    SqlErr,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::caller::{SessionPrincipal, PRINCIPAL_KEY};
use super::Role;
use crate::db::entities::session;
use crate::server::clock::Clock;

/// The session key holding where and how the session is used (`ClientInfo`).
pub const CLIENT_KEY: &str = "client";
/// Filled in by `load` (never saved): when the row was created and last used.
pub const LOADED_CREATED_AT: &str = "_created_at";
pub const LOADED_SEEN_AT: &str = "_seen_at";

/// The client a session is used from, as the open-sessions list shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// How long sessions live.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    /// A session ends after this long without being renewed.
    pub idle: Duration,
    /// A session ends this long after sign-in, however much it is used.
    pub absolute: Duration,
}

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    clock: Clock,
    lifetimes: Lifetimes,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection, clock: Clock, lifetimes: Lifetimes) -> Self {
        Self {
            db,
            clock,
            lifetimes,
        }
    }
}

/// Rows are keyed by a hash of the session id, as emailed links are: a leaked
/// table holds no usable cookie.
pub fn key(id: &Id) -> String {
    super::tokens::hash(&id.to_string())
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_time(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// What a record's data says about the row: its JSON (without the values
/// `load` adds), who is signed in, and the client.
struct RowValues {
    data: String,
    principal: Option<SessionPrincipal>,
    client: ClientInfo,
}

fn values(record: &Record) -> session_store::Result<RowValues> {
    let principal = record
        .data
        .get(PRINCIPAL_KEY)
        .and_then(|v| serde_json::from_value::<SessionPrincipal>(v.clone()).ok());
    let client = record
        .data
        .get(CLIENT_KEY)
        .and_then(|v| serde_json::from_value::<ClientInfo>(v.clone()).ok())
        .unwrap_or_default();
    let kept: std::collections::HashMap<_, _> = record
        .data
        .iter()
        .filter(|(name, _)| !name.starts_with('_'))
        .collect();
    Ok(RowValues {
        data: serde_json::to_string(&kept)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?,
        principal,
        client,
    })
}

/// Sessions still alive at `now`: unexpired, and within the absolute lifetime.
fn alive(now: DateTime<Utc>, lifetimes: Lifetimes) -> Condition {
    Condition::all()
        .add(session::Column::ExpiresAt.gt(now))
        .add(session::Column::CreatedAt.gt(now - lifetimes.absolute))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let now = self.clock.now();
        let values = values(record)?;
        // A 128-bit random id practically never collides; if it does, draw again.
        for _ in 0..3 {
            let row = session::ActiveModel {
                id: Set(key(&record.id)),
                data: Set(values.data.clone()),
                expires_at: Set(now + self.lifetimes.idle),
                principal_kind: Set(values.principal.map(|p| p.role)),
                principal_id: Set(values.principal.map(|p| p.id)),
                created_at: Set(now),
                last_seen_at: Set(now),
                client_ip: Set(values.client.ip.clone()),
                user_agent: Set(values.client.user_agent.clone()),
            };
            match session::Entity::insert(row).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(err) => return Err(backend(err)),
            }
        }
        Err(backend("could not allocate a unique session id"))
    }

    /// Renews an existing session; never creates one. A session ended while
    /// this request ran stays ended.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let now = self.clock.now();
        let values = values(record)?;
        session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(values.data))
            .col_expr(
                session::Column::ExpiresAt,
                Expr::value(now + self.lifetimes.idle),
            )
            .col_expr(
                session::Column::PrincipalKind,
                Expr::value(values.principal.map(|p| p.role)),
            )
            .col_expr(
                session::Column::PrincipalId,
                Expr::value(values.principal.map(|p| p.id)),
            )
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::ClientIp, Expr::value(values.client.ip))
            .col_expr(
                session::Column::UserAgent,
                Expr::value(values.client.user_agent),
            )
            .filter(session::Column::Id.eq(key(&record.id)))
            .filter(alive(now, self.lifetimes))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = self.clock.now();
        let Some(found) = session::Entity::find_by_id(key(id))
            .filter(alive(now, self.lifetimes))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&found.data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        data.insert(
            LOADED_CREATED_AT.to_string(),
            found.created_at.timestamp().into(),
        );
        data.insert(
            LOADED_SEEN_AT.to_string(),
            found.last_seen_at.timestamp().into(),
        );
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(found.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(key(id))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let now = self.clock.now();
        session::Entity::delete_many()
            .filter(alive(now, self.lifetimes).not())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Notes that a live session was used just now, from `client`: for the
/// open-sessions list. Only updates an existing row.
pub async fn touch(
    db: &impl ConnectionTrait,
    session_key: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .col_expr(session::Column::ClientIp, Expr::value(client.ip.clone()))
        .col_expr(
            session::Column::UserAgent,
            Expr::value(client.user_agent.clone()),
        )
        .filter(session::Column::Id.eq(session_key))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the session with this key is still alive and whose it is: for
/// long-lived requests (the live Email History) that must notice it ending.
pub async fn still_alive(
    db: &impl ConnectionTrait,
    session_key: &str,
    now: DateTime<Utc>,
    lifetimes: Lifetimes,
) -> Result<Option<SessionPrincipal>, sea_orm::DbErr> {
    Ok(session::Entity::find_by_id(session_key.to_string())
        .filter(alive(now, lifetimes))
        .one(db)
        .await?
        .and_then(|row| match (row.principal_kind, row.principal_id) {
            (Some(role), Some(id)) => Some(SessionPrincipal { role, id }),
            _ => None,
        }))
}

/// Ends every session of one person at once, but `except` (the session
/// asking, when it signs out the others); returns how many were ended.
pub async fn end_sessions_of(
    db: &impl ConnectionTrait,
    role: Role,
    id: i32,
    except: Option<&str>,
) -> Result<u64, sea_orm::DbErr> {
    let mut query = session::Entity::delete_many()
        .filter(session::Column::PrincipalKind.eq(role))
        .filter(session::Column::PrincipalId.eq(id));
    if let Some(keep) = except {
        query = query.filter(session::Column::Id.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}

/// One person's live sessions, most recently used first.
pub async fn sessions_of(
    db: &impl ConnectionTrait,
    principal: SessionPrincipal,
    now: DateTime<Utc>,
    lifetimes: Lifetimes,
) -> Result<Vec<session::Model>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    session::Entity::find()
        .filter(session::Column::PrincipalKind.eq(principal.role))
        .filter(session::Column::PrincipalId.eq(principal.id))
        .filter(alive(now, lifetimes))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await
}
