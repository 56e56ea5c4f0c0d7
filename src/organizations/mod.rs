//! Customer organizations: the businesses whose contacts use the portal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod service;

/// How the staff's customer list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganizationSort {
    /// A–Z.
    #[default]
    Name,
    /// Most recent sign-in of any contact first; never-signed-in last.
    LastLogin,
    /// Most contacts first.
    Contacts,
}

impl OrganizationSort {
    pub const ALL: [OrganizationSort; 3] = [Self::Name, Self::LastLogin, Self::Contacts];

    /// The value in the page's URL (`?sort=`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::LastLogin => "last_login",
            Self::Contacts => "contacts",
        }
    }

    /// Unknown values fall back to the default rather than failing the page.
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name (A–Z)",
            Self::LastLogin => "Last login (newest first)",
            Self::Contacts => "Number of contacts (most first)",
        }
    }
}

/// Customer list page size.
pub const ORGANIZATIONS_PER_PAGE: u64 = 25;

/// One row of the staff's customer list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationSummary {
    pub id: i32,
    pub name: String,
    pub city: String,
    pub region: String,
    pub contact_count: i32,
    /// The latest sign-in of any of its contacts.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// Name and postal address, as staff enter them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationInput {
    pub name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl OrganizationInput {
    /// The address as lines to print, empty parts left out.
    pub fn address_lines(&self) -> Vec<String> {
        let city_line = [self.city.as_str(), self.region.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let city_line = [city_line.as_str(), self.postal_code.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.address_line1.clone(),
            self.address_line2.clone(),
            city_line,
            self.country.clone(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
    }
}

/// Who signed in last, for the LAST LOGIN block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastLogin {
    pub at: DateTime<Utc>,
    pub contact_id: i32,
    pub contact_name: String,
    /// The client address the contact signed in from, when known.
    pub client_ip: Option<String>,
}

/// The Organization Details header. Notes are fetched separately, staff only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDetails {
    pub id: i32,
    pub fields: OrganizationInput,
    pub contact_count: i32,
    pub last_login: Option<LastLogin>,
    pub version: i32,
}

/// Internal, staff-only notes about an organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationNotes {
    pub notes: String,
    pub version: i32,
}
