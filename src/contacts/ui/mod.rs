//! Pages and pieces about contacts: the portal's own profile and Contacts pages,
//! and the staff's contacts panel with its cards.

pub mod add_contact_form;
pub mod contact_card;
pub mod contact_fields;
pub mod contacts_panel;
pub mod person_fields;
pub mod portal;
pub mod profile_page;
pub mod sign_in_section;
