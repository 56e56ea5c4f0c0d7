//! The audit log: who did what to which record, when, with old and new values.

use serde::{Deserialize, Serialize};

use crate::stored::stored_enum;

#[cfg(feature = "ssr")]
pub mod service;

/// What an audit entry records. Stored as its dotted key ("contact.update");
/// an unknown stored value is an error.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
pub enum AuditAction {
    #[strum(serialize = "auth.sign_in")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.sign_in"))]
    SignIn,
    #[strum(serialize = "auth.sign_out")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.sign_out"))]
    SignOut,
    #[strum(serialize = "auth.invite_accepted")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.invite_accepted"))]
    InviteAccepted,
    #[strum(serialize = "auth.password_reset")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.password_reset"))]
    PasswordReset,
    /// A signed-in person changed their own password.
    #[strum(serialize = "auth.password_changed")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.password_changed"))]
    PasswordChanged,
    /// "Sign out other sessions".
    #[strum(serialize = "auth.sessions_ended")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auth.sessions_ended"))]
    SessionsEnded,
    #[strum(serialize = "access_level.create")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "access_level.create"))]
    AccessLevelCreate,
    #[strum(serialize = "access_level.update")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "access_level.update"))]
    AccessLevelUpdate,
    #[strum(serialize = "access_level.delete")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "access_level.delete"))]
    AccessLevelDelete,
    #[strum(serialize = "contact.create")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contact.create"))]
    ContactCreate,
    #[strum(serialize = "contact.update")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contact.update"))]
    ContactUpdate,
    #[strum(serialize = "contact.delete")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contact.delete"))]
    ContactDelete,
    #[strum(serialize = "contact.invite")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contact.invite"))]
    ContactInvite,
    #[strum(serialize = "contact.default_notification")]
    #[cfg_attr(
        feature = "ssr",
        sea_orm(string_value = "contact.default_notification")
    )]
    ContactDefaultNotification,
    #[strum(serialize = "email.send")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email.send"))]
    EmailSend,
    #[strum(serialize = "email.resend")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email.resend"))]
    EmailResend,
    #[strum(serialize = "email_template.update")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email_template.update"))]
    EmailTemplateUpdate,
    #[strum(serialize = "organization.create")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "organization.create"))]
    OrganizationCreate,
    #[strum(serialize = "organization.update")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "organization.update"))]
    OrganizationUpdate,
    #[strum(serialize = "organization.notes")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "organization.notes"))]
    OrganizationNotes,
    /// A staff user added by the `create-staff` command.
    #[strum(serialize = "staff.create")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff.create"))]
    StaffCreate,
    #[strum(serialize = "staff.invite")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff.invite"))]
    StaffInvite,
    #[strum(serialize = "staff.role")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff.role"))]
    StaffRoleChange,
    #[strum(serialize = "staff.deactivate")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff.deactivate"))]
    StaffDeactivate,
    #[strum(serialize = "staff.reactivate")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff.reactivate"))]
    StaffReactivate,
    #[strum(serialize = "estimate.create")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.create"))]
    EstimateCreate,
    #[strum(serialize = "estimate.update")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.update"))]
    EstimateUpdate,
    /// An edit made after the customer could see the estimate: a new revision.
    #[strum(serialize = "estimate.revise")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.revise"))]
    EstimateRevise,
    #[strum(serialize = "estimate.send")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.send"))]
    EstimateSend,
    /// A contact opened a sent estimate for the first time.
    #[strum(serialize = "estimate.view")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.view"))]
    EstimateView,
    #[strum(serialize = "estimate.approve")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.approve"))]
    EstimateApprove,
    #[strum(serialize = "estimate.request_changes")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.request_changes"))]
    EstimateRequestChanges,
    #[strum(serialize = "estimate.decline")]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "estimate.decline"))]
    EstimateDecline,
}

impl AuditAction {
    /// The dotted key stored in the log.
    pub fn key(self) -> &'static str {
        self.into()
    }
}

stored_enum! {
    /// Who an audit entry is about, in kind. Stored as its key.
    pub enum ActorKind in "snake_case" {
        Staff,
        Contact,
        /// The portal itself: workers, first-start data, commands.
        System,
        /// Someone not signed in (a sign-in attempt, "Forgot password?").
        Anonymous,
    }
}
