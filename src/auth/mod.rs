//! Sign-in for staff and contacts: credentials, server-side sessions, who is asking.

use serde::{Deserialize, Serialize};

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
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

/// Which side of the portal a signed-in person belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Staff,
    Contact,
}

impl Role {
    /// Where this role lands after signing in, and the prefix of its area.
    pub fn home(self) -> &'static str {
        match self {
            Role::Staff => "/admin",
            Role::Contact => "/portal",
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
}

/// What an emailed one-time link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenPurpose {
    /// A sign-in invite: the contact sets their first password.
    Invite,
    /// A password reset: the contact chooses a new password.
    Reset,
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        match self {
            Self::Invite => "invite",
            Self::Reset => "reset",
        }
    }

    /// The page the emailed link opens.
    pub fn path(self) -> &'static str {
        match self {
            Self::Invite => "/accept-invite",
            Self::Reset => "/reset-password",
        }
    }
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

/// What the new-password field says before anyone types.
pub const PASSWORD_HINT: &str =
    "At least 8 characters. A few unrelated words make a strong password that is easy to remember.";

/// Where to go after signing in: the requested page when it is a local path in
/// the person's own area, otherwise their area's home.
pub fn landing_path(role: Role, next: Option<&str>) -> String {
    let home = role.home();
    match next {
        Some(path)
            if (path == home || path.starts_with(&format!("{home}/")))
                && !path.contains("//")
                && !path.contains('\\') =>
        {
            path.to_string()
        }
        _ => home.to_string(),
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
