//! How the staff's lists behave at scale: the customer list over 10,000
//! organizations and the contacts panel of one organization with 5,000
//! contacts, through the same service functions the server functions call.
//!
//! Run: `cargo bench --features ssr --bench lists` (SQLite in a temp file), or
//! with `BENCH_DATABASE_URL=postgres://…/postgres` to create and use a fresh
//! PostgreSQL database. Prints median and 95th percentile per query.

use chrono::{Duration, Utc};
use portal::contacts::admin_service;
use portal::contacts::{ContactSort, ContactStatus};
use portal::db::entities::{contact, organization};
use portal::organizations::{service as organizations, OrganizationSort};
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use std::time::Instant;

mod common;
use common::{measure, RUNS};

const ORGANIZATIONS: usize = 10_000;
const CONTACTS_IN_ONE: usize = 5_000;

async fn fill(db: &DatabaseConnection) -> i32 {
    let now = Utc::now();
    let mut rows = Vec::with_capacity(ORGANIZATIONS);
    for i in 0..ORGANIZATIONS {
        rows.push(organization::ActiveModel {
            name: Set(format!(
                "Customer {:05} {}",
                (i * 7919) % ORGANIZATIONS,
                ["Plumbing", "Print", "IT", "Parks"][i % 4]
            )),
            address_line1: Set(format!("{i} Main St")),
            address_line2: Set(String::new()),
            city: Set("Springfield".into()),
            region: Set("IL".into()),
            postal_code: Set("62701".into()),
            country: Set("United States".into()),
            notes: Set(String::new()),
            notes_version: Set(1),
            contact_count: Set((i % 40) as i32),
            last_login_at: Set((i % 3 != 0).then(|| now - Duration::minutes(i as i64))),
            last_login_contact_id: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(500) {
        organization::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("organizations");
    }
    let big = organization::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut contacts = Vec::with_capacity(CONTACTS_IN_ONE);
    for i in 0..CONTACTS_IN_ONE {
        let (first, last) = (
            format!("First{:04}", (i * 31) % CONTACTS_IN_ONE),
            format!("Last{i:04}"),
        );
        let email = format!("person{i}@bench.example");
        contacts.push(contact::ActiveModel {
            organization_id: Set(big),
            title: Set(String::new()),
            search_text: Set(contact::search_text(&first, &last, &email)),
            first_name: Set(first),
            last_name: Set(last),
            email: Set(email),
            phone: Set("555-0100".into()),
            status: Set(ContactStatus::Active),
            access_level_id: Set(None),
            access_revoked_at: Set(None),
            is_default_notification: Set(false),
            password_hash: Set(None),
            invited_at: Set(None),
            activated_at: Set(None),
            last_login_at: Set((i % 2 == 0).then(|| now - Duration::minutes(i as i64))),
            last_login_ip: Set(None),
            version: Set(1),
            created_at: Set(now - Duration::seconds(i as i64)),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in contacts.chunks(500) {
        contact::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("contacts");
    }
    big
}

#[tokio::main]
async fn main() {
    let (db, url) = common::database("lists").await;
    let backend = common::backend(&url);
    let started = Instant::now();
    let big = fill(&db).await;
    println!(
        "{backend}: {ORGANIZATIONS} organizations, {CONTACTS_IN_ONE} contacts in one, loaded in {:.1} s; {RUNS} runs each",
        started.elapsed().as_secs_f64()
    );

    for sort in OrganizationSort::ALL {
        measure(
            &format!("customer list, page 1, sort {}", sort.key()),
            || organizations::list(&db, "", sort, 1),
        )
        .await;
    }
    measure("customer list, last page (400), sort name", || {
        organizations::list(&db, "", OrganizationSort::Name, 400)
    })
    .await;
    measure("customer list, search \"print\", sort contacts", || {
        organizations::list(&db, "print", OrganizationSort::Contacts, 1)
    })
    .await;

    for sort in ContactSort::ALL {
        measure(
            &format!("contacts panel (5,000), first 25, sort {}", sort.key()),
            || admin_service::list(&db, big, "", sort, 0),
        )
        .await;
    }
    measure("contacts panel (5,000), offset 4,975, sort name", || {
        admin_service::list(&db, big, "", ContactSort::NameAsc, 4_975)
    })
    .await;
    measure("contacts panel (5,000), find \"first12\"", || {
        admin_service::list(&db, big, "first12", ContactSort::NameAsc, 0)
    })
    .await;
    measure("contacts panel (5,000), find \"person4999@\"", || {
        admin_service::list(&db, big, "person4999@", ContactSort::NameAsc, 0)
    })
    .await;

    common::clean_up(&url);
}
