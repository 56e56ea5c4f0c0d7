//! Sign-in for staff and contacts: credentials, server-side sessions, who is asking.

use serde::{Deserialize, Serialize};

use crate::access::PermissionSet;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod caller;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_store;
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
