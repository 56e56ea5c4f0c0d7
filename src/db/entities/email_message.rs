use sea_orm::entity::prelude::*;

/// One email in the outbox: rendered when it was asked for, delivered by the worker.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: Option<i32>,
    /// Cleared if the contact is deleted; the message stays in the history.
    pub contact_id: Option<i32>,
    /// The staff user it was sent to (staff invites and notices).
    pub staff_user_id: Option<i32>,
    pub template_key: crate::email::TemplateKind,
    /// The one-time link it carries. The bodies hold a placeholder for the
    /// link's secret; the worker issues the link and fills it in only as it
    /// delivers, so no readable secret is ever stored.
    pub link_purpose: Option<crate::auth::TokenPurpose>,
    /// How long that link works once delivered.
    pub link_lifetime_seconds: Option<i64>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub html_body: String,
    #[sea_orm(column_type = "Text")]
    pub text_body: String,
    /// The Message-ID header, kept across retries so receivers can drop duplicates.
    pub message_id: String,
    pub status: crate::email::EmailStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_at: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub resent_from_id: Option<i32>,
    /// Who asked for it, as the audit log names them.
    pub requested_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::email_event::Entity")]
    Event,
}

impl Related<super::email_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
