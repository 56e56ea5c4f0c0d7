//! Staff pages about access levels.

pub mod access_level_row;
pub mod client_users_page;
pub mod new_access_level_form;
