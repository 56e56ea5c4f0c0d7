//! Customer organizations: the businesses whose contacts use the portal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod service;

/// One row of the staff's customer list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationSummary {
    pub id: i32,
    pub name: String,
    pub city: String,
    pub region: String,
    pub contact_count: i64,
    /// The latest sign-in of any of its contacts.
    pub last_login_at: Option<DateTime<Utc>>,
}
