//! Contacts: the people of a customer organization who use the portal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::PermissionSet;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod service;

/// What a contact sees of their own account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyProfile {
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub active: bool,
    pub organization_name: String,
    /// The access level's name; `None` when none is assigned.
    pub access_level: Option<String>,
    pub permissions: PermissionSet,
    pub last_login_at: Option<DateTime<Utc>>,
}
