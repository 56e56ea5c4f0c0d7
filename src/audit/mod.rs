//! The audit log: who did what to which record, when, with old and new values.

#[cfg(feature = "ssr")]
pub mod service;
