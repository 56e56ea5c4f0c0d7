//! Sign-in pages and the browser's view of the session.

pub mod home_redirect;
pub mod login_page;
pub mod session;
pub mod sign_out_button;
