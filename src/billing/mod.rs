//! Billing: the invoices a customer organization has been sent, as contacts
//! with Access Billing see them in the portal.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;

use crate::paging::Page;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod service;

/// Invoices per page in the portal's invoice list.
pub const INVOICES_PER_PAGE: u64 = 25;

stored_enum! {
    /// Where an invoice stands. Stored as its key; an unknown stored value is an error.
    pub enum InvoiceStatus in "snake_case" {
        Open,
        Paid,
        Void,
    }
}

impl InvoiceStatus {
    /// The value stored in the database.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Paid => "Paid",
            Self::Void => "Void",
        }
    }
}

/// Which invoices the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceFilter {
    /// Invoices with something still owed.
    #[default]
    Open,
    All,
}

impl InvoiceFilter {
    pub const ALL: [InvoiceFilter; 2] = [Self::Open, Self::All];

    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Self {
        if key == "all" {
            Self::All
        } else {
            Self::Open
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open invoices",
            Self::All => "All invoices",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: i32,
    pub number: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub description: String,
    pub total_cents: i64,
    pub balance_cents: i64,
    pub status: InvoiceStatus,
    /// Open and past its due date (decided on the server, so every page agrees).
    pub overdue: bool,
}

/// What the organization owes across all its open invoices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingOverview {
    pub open_count: u64,
    pub open_balance_cents: i64,
    pub overdue_balance_cents: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceList {
    pub overview: BillingOverview,
    pub page: Page<InvoiceSummary>,
}
