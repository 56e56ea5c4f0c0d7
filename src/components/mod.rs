//! Shared UI pieces used across domains.

pub mod app_shell;
pub mod area_guard;
pub mod confirm_dialog;
pub mod drawer;
pub mod dropdown;
pub mod field;
pub mod flash;
pub mod format;
pub mod pagination;
pub mod return_focus;
pub mod status_page;
pub mod undo_save;
