//! Integration tests of the services and server functions. They run on a fresh
//! SQLite file per test, or on PostgreSQL when TEST_DATABASE_URL names a server
//! (a fresh database per test is created there).

mod support;

mod access_levels;
mod access_links;
mod admin_contacts;
mod auth;
mod authorization;
mod billing;
mod config;
mod correctness;
mod delivery;
mod email_outbox;
mod email_staff;
mod guard;
mod organizations;
mod portal_contacts;
mod sales;
mod sales_decisions;
mod security;
mod seed;
mod sessions;
mod several_servers;
mod sign_in_protection;
mod staff_accounts;
