//! Portal pages about contacts.

pub mod profile_page;
