//! Sign-in pages and the browser's view of the session.

pub mod auth_card;
pub mod change_password_form;
pub mod forgot_password_page;
pub mod home_redirect;
pub mod link_problem;
pub mod login_page;
pub mod my_account_page;
pub mod open_sessions;
pub mod password_field;
pub mod session;
pub mod set_password_page;
pub mod sign_out_button;
