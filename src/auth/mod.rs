//! Sign-in for staff and contacts: credentials, server-side sessions, who is asking.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;

use crate::access::PermissionSet;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod caller;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod password_policy;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

stored_enum! {
    /// Which side of the portal a signed-in person belongs to. Stored (with a
    /// session, a one-time link) as "staff" or "contact".
    pub enum Role in "snake_case" {
        Staff,
        Contact,
    }
}

impl Role {
    /// Where this role lands after signing in, and the prefix of its area.
    pub fn home(self) -> &'static str {
        match self {
            Role::Staff => "/admin",
            Role::Contact => "/portal",
        }
    }

    /// The area a path lies in, if any: `/admin…` is staff's, `/portal…` contacts'.
    pub fn area_of(path: &str) -> Option<Role> {
        [Role::Staff, Role::Contact]
            .into_iter()
            .find(|role| crate::paths::within(path, role.home()))
    }
}

stored_enum! {
    /// What a staff user may do. Stored as its key.
    #[derive(Default)]
    pub enum StaffRole in "snake_case" {
        /// Everything, including Staff Users, Client Users, Email Templates and
        /// the other settings.
        Administrator,
        /// Customers, contacts and emailing; settings are read-only.
        #[default]
        Staff,
    }
}

impl StaffRole {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Administrator => "Administrator",
            Self::Staff => "Staff",
        }
    }

    /// What the role allows, for the role picker.
    pub fn description(self) -> &'static str {
        match self {
            Self::Administrator => {
                "Everything, including staff users, client users, email templates and settings."
            }
            Self::Staff => "Customers, contacts and emailing. Settings are read-only.",
        }
    }
}

/// The signed-in person as the browser sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub role: Role,
    pub id: i32,
    pub name: String,
    pub email: String,
    /// The contact's organization; `None` for staff.
    pub organization_name: Option<String>,
    pub permissions: PermissionSet,
    /// A staff user's role; `None` for contacts.
    pub staff_role: Option<StaffRole>,
}

impl CurrentUser {
    /// Whether this is a staff Administrator (who may change settings).
    pub fn is_administrator(&self) -> bool {
        self.staff_role == Some(StaffRole::Administrator)
    }
}

stored_enum! {
    /// What an emailed one-time link is for. Stored as its key.
    pub enum TokenPurpose in "snake_case" {
        /// A sign-in invite: the person sets their first password.
        Invite,
        /// A password reset: the person chooses a new password.
        Reset,
    }
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The page the emailed link opens.
    pub fn path(self) -> &'static str {
        match self {
            Self::Invite => "/accept-invite",
            Self::Reset => "/reset-password",
        }
    }
}

/// One of a person's open sessions, as their account page lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenSession {
    /// When this session signed in.
    pub started_at: DateTime<Utc>,
    /// When it was last used (noted every few minutes).
    pub last_used_at: DateTime<Utc>,
    pub client_ip: Option<String>,
    /// "Chrome on Linux".
    pub browser: String,
    /// The session of the browser asking.
    pub current: bool,
}

/// What opening an emailed link finds. Only a valid link names its person, so
/// no answer tells whether an account exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LinkStatus {
    /// The page may be submitted: the link is unused and unexpired.
    Ready {
        email: String,
        first_name: String,
    },
    Expired,
    /// A newer link of the same kind was sent since.
    Replaced,
    Used,
    /// Not a link we sent: mistyped or cut short.
    Invalid,
}

/// How submitting a new password ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PasswordSet {
    /// The invite is accepted and the person signed in: go here.
    SignedIn { landing: String },
    /// The password is set; the person signs in themselves (after a reset, or
    /// when their portal access is not active).
    Saved { can_sign_in: bool },
    /// The link stopped working before the form was sent.
    LinkProblem(LinkStatus),
}

/// How a one-time link's secret shows where a stored email is read back
/// (Email History › View): the secret is only ever in the delivered email.
pub const LINK_SECRET_REDACTED: &str = "••••••••";

/// What the new-password field says before anyone types.
pub const PASSWORD_HINT: &str =
    "At least 8 characters. A few unrelated words make a strong password that is easy to remember.";

/// Where to go after signing in: the requested page when it is a local path in
/// the person's own area, otherwise their area's home.
pub fn landing_path(role: Role, next: Option<&str>) -> String {
    match next {
        Some(path) if crate::paths::safe_within(path, role.home()) => path.to_string(),
        _ => role.home().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landing_path_keeps_local_paths_of_the_own_area_only() {
        assert_eq!(landing_path(Role::Staff, None), "/admin");
        assert_eq!(
            landing_path(Role::Staff, Some("/admin/x?y=1")),
            "/admin/x?y=1"
        );
        assert_eq!(landing_path(Role::Staff, Some("/portal")), "/admin");
        assert_eq!(landing_path(Role::Contact, Some("/portal")), "/portal");
        assert_eq!(
            landing_path(Role::Contact, Some("https://evil.example/portal")),
            "/portal"
        );
        assert_eq!(
            landing_path(Role::Contact, Some("/portal//evil")),
            "/portal"
        );
        assert_eq!(landing_path(Role::Contact, Some("/portaleer")), "/portal");
    }
}
