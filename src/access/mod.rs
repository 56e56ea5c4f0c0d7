//! Access levels: named sets of portal permissions that decide what a contact may see and do.

use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;
use std::collections::BTreeSet;

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;

/// An access level as staff manage it under Settings › Configurations › Client Users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessLevelDetails {
    pub id: i32,
    pub name: String,
    pub permissions: PermissionSet,
    /// How many contacts hold this level; a level in use cannot be deleted.
    pub contact_count: i64,
    pub version: i32,
}

/// A level's name and permissions as staff enter them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessLevelInput {
    pub name: String,
    pub permissions: PermissionSet,
}

/// An access level as offered in a choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLevelOption {
    pub id: i32,
    pub name: String,
}

stored_enum! {
    /// A permission an access level can hold. Viewing one's own profile needs
    /// none. Stored as its key; an unknown stored value is an error.
    #[derive(PartialOrd, Ord)]
    pub enum Permission in "snake_case" {
        /// Everything in the portal.
        AdminAccess,
        /// Invoices, statements, payments.
        AccessBilling,
        AccessReports,
        CreateWorkOrder,
        /// Add, edit and delete the organization's other contacts.
        EditContact,
        /// See estimates, orders and proofs, and approve or decline them.
        AccessOrders,
    }
}

impl Permission {
    /// Every permission, in the order forms list them.
    pub fn all() -> impl Iterator<Item = Permission> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// The stable name stored in the database.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The name staff and contacts see.
    pub fn label(self) -> &'static str {
        match self {
            Permission::AdminAccess => "Admin Access",
            Permission::AccessBilling => "Access Billing",
            Permission::AccessReports => "Access Reports",
            Permission::CreateWorkOrder => "Create Work Order",
            Permission::EditContact => "Edit Contact",
            Permission::AccessOrders => "Access Orders",
        }
    }

    /// What the permission opens, for "Your access level does not include …".
    pub fn scope(self) -> &'static str {
        match self {
            Permission::AdminAccess => "admin access",
            Permission::AccessBilling => "billing",
            Permission::AccessReports => "reports",
            Permission::CreateWorkOrder => "work orders",
            Permission::EditContact => "adding, editing or deleting contacts",
            Permission::AccessOrders => "estimates and orders",
        }
    }
}

/// The permissions one contact holds, read fresh from the database on every request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionSet(BTreeSet<Permission>);

impl PermissionSet {
    pub fn new(permissions: impl IntoIterator<Item = Permission>) -> Self {
        Self(permissions.into_iter().collect())
    }

    /// Whether the holder may do what `permission` guards; Admin Access allows everything.
    pub fn allows(&self, permission: Permission) -> bool {
        self.0.contains(&permission) || self.0.contains(&Permission::AdminAccess)
    }

    pub fn iter(&self) -> impl Iterator<Item = Permission> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the set holds `permission` itself (not through Admin Access).
    pub fn contains(&self, permission: Permission) -> bool {
        self.0.contains(&permission)
    }

    /// Whether someone holding `holder` may hand out every permission of this
    /// set: a contact can only grant what they hold themselves.
    pub fn within(&self, holder: &PermissionSet) -> bool {
        self.iter().all(|permission| holder.allows(permission))
    }

    pub fn set(&mut self, permission: Permission, on: bool) {
        if on {
            self.0.insert(permission);
        } else {
            self.0.remove(&permission);
        }
    }
}
