//! Staff pages about organizations.

pub mod customers_page;
