//! Settings › Staff Users: the list, each row's actions, and the invite form.

pub mod invite_staff_form;
pub mod staff_user_row;
pub mod staff_users_page;
