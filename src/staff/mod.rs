//! Staff users: the people of the business who sign in to /admin, their
//! roles (Administrator or Staff), invites and deactivation. Managed by
//! Administrators under Settings › Staff Users.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::StaffRole;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod service;

/// Where a staff user's sign-in stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffStatus {
    Active,
    /// Invited; has not set a password yet.
    Invited,
    /// Deactivated by an Administrator: no sign-in, no sessions.
    Deactivated,
}

impl StaffStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Invited => "Invited",
            Self::Deactivated => "Deactivated",
        }
    }
}

/// One row of Settings › Staff Users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffUserRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
    pub status: StaffStatus,
    pub invited_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub last_login_ip: Option<String>,
    /// The Administrator looking at the list.
    pub is_me: bool,
}

/// "Invite Staff User": who, and in which role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StaffInviteInput {
    pub name: String,
    pub email: String,
    pub role: StaffRole,
}
