//! tower-sessions storage in the portal's own database, so every app server
//! behind a load balancer sees the same sessions. Rows are keyed by a SHA-256
//! of the session id and carry who is signed in, so all of a person's sessions
//! can be ended at once (revoked access, deleted contact, password reset).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, SqlErr};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::caller::{SessionPrincipal, PRINCIPAL_KEY};
use super::Role;
use crate::db::entities::session;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Rows are keyed by a hash of the session id, as emailed links are: a leaked
/// table holds no usable cookie.
fn key(id: &Id) -> String {
    super::tokens::hash(&id.to_string())
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_chrono(at: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}

fn to_time(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let principal = record
        .data
        .get(PRINCIPAL_KEY)
        .and_then(|v| serde_json::from_value::<SessionPrincipal>(v.clone()).ok());
    Ok(session::ActiveModel {
        id: Set(key(&record.id)),
        data: Set(serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?),
        expires_at: Set(to_chrono(record.expiry_date)),
        principal_kind: Set(principal.map(|p| p.kind().to_string())),
        principal_id: Set(principal.map(|p| p.id)),
        created_at: Set(Utc::now()),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A 128-bit random id practically never collides; if it does, draw again.
        for _ in 0..3 {
            match session::Entity::insert(row(record)?).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(err) => return Err(backend(err)),
            }
        }
        Err(backend("could not allocate a unique session id"))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::Data,
                        session::Column::ExpiresAt,
                        session::Column::PrincipalKind,
                        session::Column::PrincipalId,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(found) = session::Entity::find_by_id(key(id))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
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
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of one person at once; returns how many were ended.
pub async fn end_sessions_of(
    db: &impl sea_orm::ConnectionTrait,
    role: Role,
    id: i32,
) -> Result<u64, sea_orm::DbErr> {
    let kind = SessionPrincipal { role, id }.kind();
    let result = session::Entity::delete_many()
        .filter(session::Column::PrincipalKind.eq(kind))
        .filter(session::Column::PrincipalId.eq(id))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
