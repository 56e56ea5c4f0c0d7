//! Writes audit entries, in the same transaction as the change they describe.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::{ActorKind, AuditAction};
use crate::auth::caller::{Caller, ContactCaller, StaffCaller};
use crate::db::entities::audit_log;
use crate::error::AppResult;

/// Who an audit entry is about, captured at the time of the action.
#[derive(Clone, Debug)]
pub struct Actor {
    kind: ActorKind,
    id: Option<i32>,
    label: String,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            label: "system".to_string(),
        }
    }

    pub fn staff(staff: &StaffCaller) -> Self {
        Self {
            kind: ActorKind::Staff,
            id: Some(staff.id),
            label: format!("{} <{}>", staff.name, staff.email),
        }
    }

    pub fn contact(contact: &ContactCaller) -> Self {
        Self {
            kind: ActorKind::Contact,
            id: Some(contact.id),
            label: format!("{} <{}>", contact.name, contact.email),
        }
    }

    pub fn anonymous() -> Self {
        Self {
            kind: ActorKind::Anonymous,
            id: None,
            label: "anonymous".to_string(),
        }
    }

    /// Name and email (or "system"), as entries and email events show the actor.
    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn of(caller: &Caller) -> Self {
        match caller {
            Caller::Anonymous => Self::anonymous(),
            Caller::Staff(staff) => Self::staff(staff),
            Caller::Contact(contact) => Self::contact(contact),
        }
    }
}

/// One audit entry. `details` is a JSON object, for changes `{field: {old, new}}`.
pub struct Entry<'a> {
    pub action: AuditAction,
    pub entity_type: &'a str,
    pub entity_id: Option<i32>,
    pub details: serde_json::Value,
    pub client_ip: Option<String>,
}

impl<'a> Entry<'a> {
    /// An entry describing field changes to one record.
    pub fn change(
        action: AuditAction,
        entity_type: &'a str,
        entity_id: i32,
        changes: Changes,
    ) -> Self {
        Self {
            action,
            entity_type,
            entity_id: Some(entity_id),
            details: serde_json::Value::Object(changes.0),
            client_ip: None,
        }
    }
}

/// Old and new values of the fields an action changed; unchanged fields are left out.
#[derive(Debug, Default)]
pub struct Changes(serde_json::Map<String, serde_json::Value>);

impl Changes {
    pub fn field<T: serde::Serialize + PartialEq + ?Sized>(
        &mut self,
        name: &str,
        old: &T,
        new: &T,
    ) {
        if old != new {
            self.0.insert(
                name.to_string(),
                serde_json::json!({ "old": old, "new": new }),
            );
        }
    }

    /// Compares two values field by field, as listed by `fields`.
    pub fn compare<T>(&mut self, old: &T, new: &T, fields: fn(&T) -> Vec<(&'static str, String)>) {
        for ((name, old), (_, new)) in fields(old).into_iter().zip(fields(new)) {
            self.field(name, &old, &new);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Writes one entry, stamped `at` (the server's clock), inside the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> AppResult<()> {
    audit_log::ActiveModel {
        occurred_at: Set(at),
        actor_kind: Set(actor.kind),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        action: Set(entry.action),
        entity_type: Set(entry.entity_type.to_string()),
        entity_id: Set(entry.entity_id),
        details: Set(entry.details.to_string()),
        client_ip: Set(entry.client_ip),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One entry of a record's trail, as the record's page shows it.
pub struct TrailEntry {
    pub at: DateTime<Utc>,
    pub actor_label: String,
    pub action: AuditAction,
    pub details: serde_json::Value,
}

/// The newest `limit` entries about one record, newest first.
pub async fn trail(
    db: &impl ConnectionTrait,
    entity_type: &str,
    entity_id: i32,
    limit: u64,
) -> AppResult<Vec<TrailEntry>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::EntityType.eq(entity_type))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::OccurredAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|entry| TrailEntry {
            at: entry.occurred_at,
            actor_label: entry.actor_label,
            action: entry.action,
            details: serde_json::from_str(&entry.details).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}
