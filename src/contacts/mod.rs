//! Contacts: the people of a customer organization who use the portal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;

use crate::access::PermissionSet;

pub mod api;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod admin_service;
#[cfg(feature = "ssr")]
pub mod invites;
#[cfg(feature = "ssr")]
pub mod portal_service;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

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

stored_enum! {
    /// Whether a contact is active. Stored as its key; an unknown stored value is
    /// an error, never read as either.
    #[derive(Default)]
    pub enum ContactStatus in "snake_case" {
        #[default]
        Active,
        Inactive,
    }
}

impl ContactStatus {
    /// The value stored in the database and used in forms.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// A form's value; anything unknown is Active, the form's default.
    pub fn from_form(key: &str) -> Self {
        key.parse().unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
        }
    }
}

/// The "Profile" choice on a contact card: an access level, or no access at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalAccess {
    /// No level chosen yet: the contact may sign in but holds no permissions.
    #[default]
    Unassigned,
    Level(i32),
    /// "Revoke Access": no sign-in whatever the level.
    Revoked,
}

impl PortalAccess {
    /// The `<select>` value: "none", "revoked" or the level id.
    pub fn key(self) -> String {
        match self {
            Self::Unassigned => "none".to_string(),
            Self::Level(id) => id.to_string(),
            Self::Revoked => "revoked".to_string(),
        }
    }

    pub fn from_key(key: &str) -> Self {
        match key {
            "revoked" => Self::Revoked,
            other => other.parse().map(Self::Level).unwrap_or_default(),
        }
    }
}

/// How the contacts panel is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactSort {
    #[default]
    NameAsc,
    NameDesc,
    LastLogin,
    Newest,
}

impl ContactSort {
    pub const ALL: [ContactSort; 4] =
        [Self::NameAsc, Self::NameDesc, Self::LastLogin, Self::Newest];

    pub fn key(self) -> &'static str {
        match self {
            Self::NameAsc => "name",
            Self::NameDesc => "name_desc",
            Self::LastLogin => "last_login",
            Self::Newest => "newest",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NameAsc => "Name (A–Z)",
            Self::NameDesc => "Name (Z–A)",
            Self::LastLogin => "Last login",
            Self::Newest => "Newest",
        }
    }
}

/// Contacts panel page size ("Load more" fetches the next page).
pub const CONTACTS_PER_PAGE: u64 = 25;

/// The editable fields of a contact, as staff change them on a contact card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactEdit {
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub status: ContactStatus,
    pub access: PortalAccess,
}

/// One contact card in the staff's contacts panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactCard {
    pub id: i32,
    pub organization_id: i32,
    pub organization_name: String,
    pub fields: ContactEdit,
    pub is_default_notification: bool,
    pub sign_in: SignInState,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The client address of the last sign-in.
    pub last_login_ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// Whether a contact can sign in to the portal yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SignInState {
    /// No password and no invite: staff can "Add Sign-In".
    None,
    /// Invited on this date; the contact has not set a password yet.
    Invited { at: DateTime<Utc> },
    /// The contact set a password (on this date, when known).
    Active { since: Option<DateTime<Utc>> },
}

/// What "Invite All to Sign In" did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteAllResult {
    pub invited: u32,
    /// Contacts who already have a sign-in.
    pub already_signed_in: u32,
    /// Inactive or revoked contacts, who cannot sign in.
    pub not_active: u32,
}

impl InviteAllResult {
    /// "Invites sent to 3 contacts. Skipped 2 who already have a sign-in."
    pub fn summary(&self) -> String {
        let people = |n: u32| {
            if n == 1 {
                "1 contact".to_string()
            } else {
                format!("{n} contacts")
            }
        };
        let mut text = if self.invited == 0 {
            "No invites sent: every active contact already has a sign-in.".to_string()
        } else {
            format!("Invites sent to {}.", people(self.invited))
        };
        if self.already_signed_in > 0 {
            text.push_str(&format!(
                " Skipped {} who already {} a sign-in.",
                self.already_signed_in,
                if self.already_signed_in == 1 {
                    "has"
                } else {
                    "have"
                }
            ));
        }
        if self.not_active > 0 {
            text.push_str(&format!(
                " Skipped {} who {} inactive or revoked.",
                self.not_active,
                if self.not_active == 1 { "is" } else { "are" }
            ));
        }
        text
    }
}

impl ContactCard {
    pub fn name(&self) -> String {
        format!("{} {}", self.fields.first_name, self.fields.last_name)
    }
}

/// A contact named on a small card (default notification emails).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactBrief {
    pub id: i32,
    pub name: String,
    pub email: String,
}

/// Which contacts Search Contacts shows, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    #[default]
    All,
    Active,
    Inactive,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [Self::Active, Self::Inactive, Self::All];

    pub fn key(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Active => "active",
            Self::Inactive => "inactive",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Active => "Active",
            Self::Inactive => "Inactive",
        }
    }
}

/// What the signed-in contact may do with another contact of their organization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRights {
    pub edit: bool,
    pub delete: bool,
    /// Whether they may change this contact's permission level.
    pub change_level: bool,
}

/// One row of the portal's Contacts table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalContactRow {
    pub id: i32,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: String,
    pub status: ContactStatus,
    /// The signed-in contact's own row.
    pub is_me: bool,
    pub rights: ContactRights,
}

impl PortalContactRow {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Portal Contacts page size.
pub const PORTAL_CONTACTS_PER_PAGE: u64 = 25;

/// A contact as a contact enters them in the portal: the fields, and the
/// permission level (`None`: no portal permissions beyond their own profile).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PortalContactInput {
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub status: ContactStatus,
    pub level: Option<i32>,
}

/// Why the portal will not change a contact's email: it is their sign-in,
/// which only staff change (and the contact is then told at the old address).
pub const EMAIL_IS_SIGN_IN: &str =
    "This email is the contact's portal sign-in, so only our staff can change it. Ask us and we will.";

/// Add and Edit Contact as the portal's form posts them: every field as the
/// browser sends it (the status as its key, the level as an id or empty), so
/// the form also works as a plain HTML form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PortalContactForm {
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub status: String,
    pub level: String,
}

impl PortalContactForm {
    /// The form's names for its fields, as the query of a page that shows
    /// them again after a plain form post failed.
    pub const FIELDS: [&'static str; 7] = [
        "title",
        "first_name",
        "last_name",
        "email",
        "phone",
        "status",
        "level",
    ];

    pub fn of(input: &PortalContactInput) -> Self {
        Self {
            title: input.title.clone(),
            first_name: input.first_name.clone(),
            last_name: input.last_name.clone(),
            email: input.email.clone(),
            phone: input.phone.clone(),
            status: input.status.key().to_string(),
            level: input.level.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    pub fn input(&self) -> PortalContactInput {
        PortalContactInput {
            title: self.title.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            status: ContactStatus::from_form(&self.status),
            level: self.level.trim().parse().ok(),
        }
    }

    /// The fields by name, in `FIELDS` order.
    pub fn values(&self) -> [(&'static str, &str); 7] {
        [
            ("title", &self.title),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("email", &self.email),
            ("phone", &self.phone),
            ("status", &self.status),
            ("level", &self.level),
        ]
    }

    /// What a page's query says was typed (after a failed plain form post),
    /// if it names any of the fields.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        if !Self::FIELDS.iter().any(|name| get(name).is_some()) {
            return None;
        }
        let field = |name: &str| get(name).unwrap_or_default();
        Some(Self {
            title: field("title"),
            first_name: field("first_name"),
            last_name: field("last_name"),
            email: field("email"),
            phone: field("phone"),
            status: field("status"),
            level: field("level"),
        })
    }
}

/// View Contact: a contact's account information and portal permissions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalContactView {
    pub id: i32,
    pub fields: PortalContactInput,
    /// The level's name; `None` when none is assigned.
    pub level_name: Option<String>,
    pub permissions: PermissionSet,
    /// Staff revoked the contact's portal access.
    pub access_revoked: bool,
    /// The contact signs in with their email, so only staff may change it.
    pub has_sign_in: bool,
    pub version: i32,
    pub is_me: bool,
    pub rights: ContactRights,
}

impl PortalContactView {
    pub fn name(&self) -> String {
        format!("{} {}", self.fields.first_name, self.fields.last_name)
    }
}

/// A level a contact may hand out on Add or Edit Contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrantableLevel {
    pub id: i32,
    pub name: String,
    pub permissions: PermissionSet,
}
