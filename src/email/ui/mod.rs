//! Email screens: templates under Settings, the Email History drawer, and the send buttons.

pub mod contact_email_menu;
pub mod email_events;
pub mod email_history;
pub mod email_row;
pub mod email_template_page;
pub mod email_templates_page;
pub mod email_viewer;
pub mod emailing_summary;
pub mod status_badge;
pub mod template_preview;
