//! Queries over organizations.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

use super::OrganizationSummary;
use crate::db::entities::{contact, organization};
use crate::error::AppResult;

#[derive(FromQueryResult)]
struct ContactStats {
    organization_id: i32,
    contact_count: i64,
    last_login_at: Option<DateTime<Utc>>,
}

/// Every organization by name, with its contact count and latest sign-in.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<OrganizationSummary>> {
    let organizations = organization::Entity::find()
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await?;
    let stats: HashMap<i32, ContactStats> = contact::Entity::find()
        .select_only()
        .column(contact::Column::OrganizationId)
        .column_as(contact::Column::Id.count(), "contact_count")
        .column_as(contact::Column::LastLoginAt.max(), "last_login_at")
        .group_by(contact::Column::OrganizationId)
        .into_model::<ContactStats>()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.organization_id, s))
        .collect();
    Ok(organizations
        .into_iter()
        .map(|org| {
            let stats = stats.get(&org.id);
            OrganizationSummary {
                id: org.id,
                name: org.name,
                city: org.city,
                region: org.region,
                contact_count: stats.map_or(0, |s| s.contact_count),
                last_login_at: stats.and_then(|s| s.last_login_at),
            }
        })
        .collect())
}
