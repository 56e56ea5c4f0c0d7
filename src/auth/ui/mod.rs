//! Sign-in pages and the browser's view of the session.

pub mod auth_card;
pub mod forgot_password_page;
pub mod home_redirect;
pub mod link_problem;
pub mod login_page;
pub mod password_field;
pub mod session;
pub mod set_password_page;
pub mod sign_out_button;
