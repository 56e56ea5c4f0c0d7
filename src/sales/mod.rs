//! Sales documents: estimates that staff prepare and customers decide on, and
//! the orders approved estimates become. Money is exact (`amounts`), and a
//! document's totals come from one function (`totals`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::paging::Page;
use crate::stored::stored_enum;

pub mod amounts;
pub mod api;
pub mod status;
pub mod totals;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod revisions;
#[cfg(feature = "ssr")]
pub mod service;

/// Estimates per page in the staff lists.
pub const ESTIMATES_PER_PAGE: u64 = 25;
/// Lines one document may hold.
pub const MAX_LINES: usize = 200;
/// Blank rows the line editor offers below the lines a document has.
pub const BLANK_LINE_ROWS: usize = 3;

stored_enum! {
    /// Which kind of sales document a row is. Stored as its key.
    pub enum DocumentKind in "snake_case" {
        Estimate,
        Order,
    }
}

stored_enum! {
    /// Where an estimate stands. `Expired` is never stored: an estimate
    /// waiting past its valid-until date shows it (`status::effective_status`).
    pub enum EstimateStatus in "snake_case" {
        Draft,
        Sent,
        Viewed,
        Approved,
        ChangesRequested,
        Declined,
        Expired,
        Converted,
    }
}

impl EstimateStatus {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Sent => "Sent",
            Self::Viewed => "Viewed",
            Self::Approved => "Approved",
            Self::ChangesRequested => "Changes Requested",
            Self::Declined => "Declined",
            Self::Expired => "Expired",
            Self::Converted => "Converted",
        }
    }

    /// The badge style for this status (`badge--…`).
    pub fn tone(self) -> &'static str {
        match self {
            Self::Draft | Self::Converted => "muted",
            Self::Sent | Self::Viewed => "info",
            Self::Approved => "ok",
            Self::ChangesRequested | Self::Expired => "warning",
            Self::Declined => "danger",
        }
    }
}

stored_enum! {
    /// What a customer decided about one revision of an estimate. Stored as its key.
    pub enum DecisionKind in "snake_case" {
        Approved,
        ChangesRequested,
        Declined,
    }
}

impl DecisionKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Approved => "Approved",
            Self::ChangesRequested => "Requested changes",
            Self::Declined => "Declined",
        }
    }

    /// The status a decision of this kind moves its estimate to.
    pub fn status(self) -> EstimateStatus {
        match self {
            Self::Approved => EstimateStatus::Approved,
            Self::ChangesRequested => EstimateStatus::ChangesRequested,
            Self::Declined => EstimateStatus::Declined,
        }
    }
}

/// A decision with its evidence, as the document's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub kind: DecisionKind,
    pub revision: i32,
    /// "Name <email>" of the contact, as they were then.
    pub contact_label: String,
    pub signer_name: String,
    pub po_number: String,
    pub comment: String,
    /// Positions of the optional lines chosen.
    pub chosen_lines: Vec<usize>,
    pub accepted_total_cents: i64,
    /// SHA-256 of the revision's canonical content, in hex.
    pub content_sha256: String,
    /// Staff only: where and with what the decision was made.
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// An approval of an earlier revision whose total has since changed.
    pub out_of_date: bool,
}

/// Which estimates the portal lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalEstimateFilter {
    /// Waiting for the customer's decision.
    #[default]
    Open,
    All,
}

impl PortalEstimateFilter {
    pub const ALL: [Self; 2] = [Self::Open, Self::All];

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
            Self::Open => "Open estimates",
            Self::All => "All estimates",
        }
    }
}

/// What the Approve form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApproveInput {
    /// The "I have read and accept the terms" box.
    pub accept_terms: bool,
    /// The approver's full name, typed.
    pub signer_name: String,
    pub po_number: String,
    pub comment: String,
    /// The optional lines chosen: `input[chosen][POSITION]=true`.
    pub chosen: std::collections::BTreeMap<String, bool>,
}

/// How the estimate lists are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EstimateSort {
    #[default]
    Newest,
    Number,
    TotalHighest,
    Organization,
}

impl EstimateSort {
    pub const ALL: [Self; 4] = [
        Self::Newest,
        Self::Number,
        Self::TotalHighest,
        Self::Organization,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Number => "number",
            Self::TotalHighest => "total",
            Self::Organization => "organization",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|sort| sort.key() == key)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest first",
            Self::Number => "Number",
            Self::TotalHighest => "Total, highest first",
            Self::Organization => "Organization",
        }
    }
}

/// One line of a document, as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub description: String,
    /// Thousandths of a unit.
    pub quantity: i64,
    /// "hours", "each", "m²"; may be empty.
    pub unit: String,
    pub unit_price_cents: i64,
    /// Basis points off the line's amount.
    pub discount_bp: i64,
    pub taxable: bool,
    /// A line the customer may choose to take or leave.
    pub optional: bool,
    /// For an optional line: whether it is chosen (and counted).
    pub selected: bool,
}

/// A line as the editor's form sends it: text, read by `amounts` on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineInput {
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub discount: String,
    pub taxable: bool,
    pub optional: bool,
}

impl LineInput {
    /// A row the person left empty, which the server skips.
    pub fn is_blank(&self) -> bool {
        [
            &self.description,
            &self.quantity,
            &self.unit,
            &self.unit_price,
            &self.discount,
        ]
        .iter()
        .all(|text| text.trim().is_empty())
    }

    pub fn of(line: &DocumentLine) -> Self {
        Self {
            description: line.description.clone(),
            quantity: amounts::quantity_text(line.quantity),
            unit: line.unit.clone(),
            unit_price: amounts::money_input_text(line.unit_price_cents),
            discount: if line.discount_bp == 0 {
                String::new()
            } else {
                amounts::percent_text(line.discount_bp)
            },
            taxable: line.taxable,
            optional: line.optional,
        }
    }
}

/// What the estimate form sends. Field names in the form are `input[...]`;
/// a line's are `input[lines][N][...]`, and errors name them the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EstimateInput {
    pub organization_id: i32,
    pub title: String,
    /// The order contact's id, or empty for none.
    pub contact_id: String,
    pub issued_on: String,
    pub valid_until: String,
    pub tax_rate: String,
    pub notes: String,
    pub terms: String,
    pub lines: Vec<LineInput>,
}

/// A person an estimate can be addressed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChoice {
    pub id: i32,
    pub name: String,
    pub email: String,
}

/// What the estimate form needs to start: whom it is for and the defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateFormStart {
    pub organization_id: i32,
    pub organization_name: String,
    pub contacts: Vec<ContactChoice>,
    /// The form's starting values (today, valid for 30 days, the default terms).
    pub input: EstimateInput,
}

/// A row of the estimate lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateSummary {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub organization_id: i32,
    pub organization_name: String,
    pub status: EstimateStatus,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub total_cents: i64,
}

/// One entry of a document's activity trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
}

/// An estimate as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateDetails {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub organization_id: i32,
    pub organization_name: String,
    pub contact: Option<ContactChoice>,
    /// As it shows today (an estimate waiting past its date is Expired).
    pub status: EstimateStatus,
    pub revision: i32,
    pub version: i32,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub tax_rate_bp: i64,
    pub notes: String,
    pub terms: String,
    pub lines: Vec<DocumentLine>,
    pub totals: totals::Totals,
    pub activity: Vec<ActivityEntry>,
    /// Newest first.
    pub decisions: Vec<DecisionRecord>,
}

impl EstimateDetails {
    /// The form's values for editing this estimate.
    pub fn input(&self) -> EstimateInput {
        EstimateInput {
            organization_id: self.organization_id,
            title: self.title.clone(),
            contact_id: self
                .contact
                .as_ref()
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            issued_on: self.issued_on.to_string(),
            valid_until: self.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            tax_rate: amounts::percent_text(self.tax_rate_bp),
            notes: self.notes.clone(),
            terms: self.terms.clone(),
            lines: self.lines.iter().map(LineInput::of).collect(),
        }
    }

    /// Whether staff may still change it (an approved or converted estimate is settled).
    pub fn is_editable(&self) -> bool {
        !matches!(
            self.status,
            EstimateStatus::Approved | EstimateStatus::Converted
        )
    }
}

pub type EstimateList = Page<EstimateSummary>;
