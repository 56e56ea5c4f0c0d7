//! sea-orm entities: the tables as the server sees them. They never leave the
//! server; each domain's service turns them into the DTOs that cross the wire.

pub mod access_level;
pub mod access_level_permission;
pub mod access_token;
pub mod audit_log;
pub mod auth_attempt;
pub mod contact;
pub mod document_number;
pub mod email_event;
pub mod email_message;
pub mod email_template;
pub mod invoice;
pub mod organization;
pub mod sales_decision;
pub mod sales_document;
pub mod sales_line;
pub mod sales_revision;
pub mod session;
pub mod staff_user;
