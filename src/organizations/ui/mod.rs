//! Staff pages about organizations.

pub mod customers_page;
pub mod default_notifications;
pub mod organization_details_page;
pub mod organization_edit_page;
pub mod organization_fields;
pub mod organization_new_page;
pub mod organization_notes;
