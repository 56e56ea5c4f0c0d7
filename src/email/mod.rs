//! Email: the templates staff edit, the outbox every message goes through, its
//! delivery events, and the Email History staff read on Organization Details.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod send;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod transport;
#[cfg(feature = "ssr")]
pub mod worker;

stored_enum! {
    /// Every kind of email the portal knows how to write. The Estimate, Order,
    /// Invoice and payment kinds wait for the documents they describe. Stored (and
    /// used in URLs) as its kebab-case key; an unknown stored value is an error.
    pub enum TemplateKind in "kebab-case" {
        Welcome,
        PasswordReset,
        AccountStatement,
        SignInInvite,
        PasswordChanged,
        EmailChanged,
        StaffInvite,
        Estimate,
        Order,
        Invoice,
        PaymentReceipt,
        PaymentMethodExpiration,
    }
}

impl TemplateKind {
    /// Every kind, in the order the templates list shows them.
    pub fn all() -> impl Iterator<Item = TemplateKind> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// Stored in the database and used in URLs.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Welcome => "Welcome Email",
            Self::PasswordReset => "Password Reset",
            Self::AccountStatement => "Account Statement",
            Self::SignInInvite => "Sign-in Invite",
            Self::PasswordChanged => "Password Changed Notice",
            Self::EmailChanged => "Email Changed Notice",
            Self::StaffInvite => "Staff Invite",
            Self::Estimate => "Estimate",
            Self::Order => "Order",
            Self::Invoice => "Invoice",
            Self::PaymentReceipt => "Payment Receipt",
            Self::PaymentMethodExpiration => "Payment Method Expiration Notice",
        }
    }

    /// When the portal sends it, for the templates list.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Welcome => "Staff send it from a contact's Email menu.",
            Self::PasswordReset => "Sent when a password reset is asked for.",
            Self::AccountStatement => {
                "Send Account Summary and Send Account Statement: open invoices and the balance."
            }
            Self::SignInInvite => "Invites a contact to set up their portal sign-in.",
            Self::PasswordChanged => "Tells a person their password was changed.",
            Self::EmailChanged => {
                "Sent to the old address when the email a person signs in with is changed."
            }
            Self::StaffInvite => "Invites a new staff user to set up their sign-in.",
            Self::Estimate => "Not sent yet: for estimates awaiting approval.",
            Self::Order => "Not sent yet: for orders awaiting approval.",
            Self::Invoice => "Not sent yet: for new invoices.",
            Self::PaymentReceipt => "Not sent yet: confirms a payment.",
            Self::PaymentMethodExpiration => "Not sent yet: a saved card is about to expire.",
        }
    }

    /// The one-time link this kind of email carries, if any.
    pub fn link(self) -> Option<crate::auth::TokenPurpose> {
        use crate::auth::TokenPurpose;
        match self {
            Self::PasswordReset => Some(TokenPurpose::Reset),
            Self::SignInInvite | Self::StaffInvite => Some(TokenPurpose::Invite),
            _ => None,
        }
    }

    /// Whether its emails show the organization's account statement (and so
    /// read billing). Every other kind never queries billing.
    pub fn uses_statement(self) -> bool {
        matches!(
            self,
            Self::AccountStatement | Self::Invoice | Self::PaymentReceipt
        )
    }
}

/// A template as staff edit it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    pub subject: String,
    pub html_body: String,
    pub text_body: String,
    pub links_to_portal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailTemplate {
    pub kind: TemplateKind,
    pub input: TemplateInput,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// One line of the templates list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub kind: TemplateKind,
    pub subject: String,
    pub updated_at: DateTime<Utc>,
}

/// A message as it was (or would be) sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedEmail {
    pub subject: String,
    pub html_body: String,
    pub text_body: String,
}

/// A placeholder staff can use in a template, for the editor's help list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    pub name: String,
    pub description: String,
}

stored_enum! {
    /// Where an email is in the outbox. Stored as its key; an unknown stored value
    /// is an error, never read as "queued".
    pub enum EmailStatus in "snake_case" {
        /// Waiting for the worker.
        Queued,
        /// Claimed by a worker, being delivered.
        Sending,
        /// A temporary failure; tried again later.
        Deferred,
        Delivered,
        /// A permanent failure, or retries ran out.
        Failed,
    }
}

impl EmailStatus {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Queued",
            Self::Sending => "Sending",
            Self::Deferred => "Retrying",
            Self::Delivered => "Delivered",
            Self::Failed => "Failed",
        }
    }
}

stored_enum! {
    /// One step in an email's life, as its event trail names it.
    pub enum EmailEventKind in "snake_case" {
        QueueTriggered,
        Queued,
        Process,
        Delivered,
        Deferred,
        Failed,
    }
}

impl EmailEventKind {
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The name the event trail shows, as the help pages name them.
    pub fn label(self) -> &'static str {
        match self {
            Self::QueueTriggered => "QueueTriggeredEvent",
            Self::Queued => "QueuedEvent",
            Self::Process => "ProcessEvent",
            Self::Delivered => "DeliveredEvent",
            Self::Deferred => "DeferredEvent",
            Self::Failed => "FailedEvent",
        }
    }

    pub fn is_problem(self) -> bool {
        matches!(self, Self::Deferred | Self::Failed)
    }
}

/// One row of the Email History.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailSummary {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub subject: String,
    pub to_name: String,
    pub to_address: String,
    pub template: TemplateKind,
    pub status: EmailStatus,
    pub attempts: i32,
    /// The latest failure, in words.
    pub last_error: Option<String>,
    pub resent_from_id: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailEventView {
    pub kind: EmailEventKind,
    pub description: String,
    pub occurred_at: DateTime<Utc>,
}

/// A message exactly as sent, for "View".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailContent {
    pub summary: EmailSummary,
    pub rendered: RenderedEmail,
}

/// A status change pushed to an open Email History.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailStatusChange {
    pub id: i32,
    pub status: EmailStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// What a contact card's Email menu sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactEmail {
    Welcome,
    PasswordReset,
    AccountStatement,
}

impl ContactEmail {
    pub fn template(self) -> TemplateKind {
        match self {
            Self::Welcome => TemplateKind::Welcome,
            Self::PasswordReset => TemplateKind::PasswordReset,
            Self::AccountStatement => TemplateKind::AccountStatement,
        }
    }

    pub fn menu_label(self) -> &'static str {
        match self {
            Self::Welcome => "Send Welcome Email",
            Self::PasswordReset => "Send Password Reset",
            Self::AccountStatement => "Send Account Statement",
        }
    }
}

/// Emails per page in the Email History.
pub const EMAILS_PER_PAGE: u64 = 25;
