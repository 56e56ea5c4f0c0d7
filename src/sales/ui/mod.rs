pub mod estimate_document;
pub mod estimate_edit_page;
pub mod estimate_form;
pub mod estimate_new_page;
pub mod estimate_page;
pub mod estimates_page;
pub mod line_editor;
pub mod organization_estimates;
