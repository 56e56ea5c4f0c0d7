//! How the staff's lists behave at the scale issue 14 asks for, through the
//! same service functions the server functions call.
//!
//! The database is filled in two steps, and each is measured when it is done:
//! 1. 10,000 organizations holding 1,000,000 contacts: one holds 5,000, the
//!    other 9,999 about 100 each. Timed: the contacts panel of the big one
//!    (first page by name and by last login, last page), Find Contact in it
//!    and in one of 100, and the customer list over the 10,000.
//! 2. 90,000 more organizations without contacts, 100,000 in all: the customer
//!    search (fragments matching many and very many, few, none, a two-letter
//!    one; a last page) and the customer list's pages over all of them.
//!
//! The second step adds organizations instead of spreading the million
//! contacts over 100,000 of them, so the contacts panel is measured with the
//! issue's numbers exactly, and the customer search over the 100,000.
//!
//! Run: `cargo bench --features ssr --bench lists` (SQLite in a temp file), or
//! with `BENCH_DATABASE_URL=postgres://…/postgres` to create and use a fresh
//! PostgreSQL database. Prints median and 95th percentile per query.

use chrono::{DateTime, Duration, Utc};
use portal::contacts::admin_service;
use portal::contacts::{ContactSort, ContactStatus};
use portal::db::entities::{contact, organization};
use portal::organizations::{service as organizations, OrganizationSort};
use portal::paging::search_key;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Set};
use std::time::Instant;

mod common;
use common::{measure, RUNS};

const ORGANIZATIONS_WITH_CONTACTS: usize = 10_000;
const ORGANIZATIONS: usize = 100_000;
const CONTACTS: usize = 1_000_000;
const CONTACTS_IN_BIG: usize = 5_000;
/// Rows per INSERT, and INSERTs per transaction: few round trips and commits,
/// within both databases' limits on bound values.
const ROWS_PER_INSERT: usize = 1_000;
const INSERTS_PER_TRANSACTION: usize = 50;

#[rustfmt::skip]
const SURNAMES: [&str; 100] = [
    "Adams", "Alvarez", "Anderson", "Bailey", "Baker", "Barnes", "Bell", "Bennett", "Brooks",
    "Brown", "Butler", "Campbell", "Carter", "Castillo", "Chen", "Clark", "Collins", "Cook",
    "Cooper", "Cox", "Cruz", "Davis", "Diaz", "Edwards", "Evans", "Fisher", "Flores", "Foster",
    "Garcia", "Gomez", "Gonzalez", "Gray", "Green", "Hall", "Harris", "Hayes", "Henderson",
    "Hernandez", "Hill", "Howard", "Hughes", "Jackson", "James", "Jenkins", "Johnson", "Jones",
    "Kelly", "Kim", "King", "Lee", "Lewis", "Long", "Lopez", "Martin", "Martinez", "Miller",
    "Mitchell", "Moore", "Morales", "Morgan", "Morris", "Murphy", "Myers", "Nelson", "Nguyen",
    "Ortiz", "Parker", "Patel", "Perez", "Perry", "Peterson", "Phillips", "Powell", "Price",
    "Ramirez", "Reed", "Reyes", "Richardson", "Rivera", "Roberts", "Robinson", "Rodriguez",
    "Rogers", "Ross", "Russell", "Sanchez", "Sanders", "Scott", "Smith", "Stewart", "Sullivan",
    "Taylor", "Thomas", "Thompson", "Torres", "Turner", "Walker", "Ward", "Watson", "Zimmerman",
];
#[rustfmt::skip]
const FIRST_NAMES: [&str; 40] = [
    "Aaron", "Alice", "Amara", "Ana", "Ben", "Carla", "Chloe", "Daniel", "Diego", "Elena",
    "Emma", "Farah", "Grace", "Hannah", "Henry", "Isaac", "Jamal", "Joanne", "Jose", "Julia",
    "Kevin", "Laura", "Leila", "Liam", "Lucas", "Maria", "Martha", "Mei", "Noah", "Olivia",
    "Omar", "Priya", "Rosa", "Samuel", "Sofia", "Tariq", "Uma", "Victor", "Yusuf", "Zoe",
];
/// Four in forty say "tech" (a fragment matching many); twelve end in "ing".
#[rustfmt::skip]
const TRADES: [&str; 40] = [
    "Plumbing", "Heating", "Roofing", "Printing", "Landscaping", "Cleaning", "Electric",
    "Dental", "Legal", "Accounting", "Bakery", "Catering", "Flooring", "Glass", "Hardware",
    "Insurance", "Joinery", "Kitchens", "Logistics", "Marine", "Medical", "Motors", "Nursery",
    "Optics", "Paving", "Pest Control", "Pharmacy", "Realty", "Security", "Signs", "Storage",
    "Tiling", "Travel", "Upholstery", "Veterinary", "Welding", "IT Tech", "Biotech", "Fintech",
    "Technical Services",
];
#[rustfmt::skip]
const SUFFIXES: [&str; 25] = [
    "Inc.", "LLC", "Co.", "Ltd", "Group", "Partners", "& Sons", "Works", "Services", "Supply",
    "Studio", "Associates", "Brothers", "Center", "Company", "Solutions", "Holdings", "Trust",
    "Depot", "Collective", "Agency", "Labs", "Network", "Alliance", "Cooperative",
];

/// The i-th organization's name: every surname, trade and suffix combination
/// once (100 × 40 × 25 = 100,000), in an order unrelated to insertion.
fn organization_name(i: usize) -> String {
    let n = (i * 7_919) % ORGANIZATIONS;
    format!(
        "{} {} {}",
        SURNAMES[n % 100],
        TRADES[(n / 100) % 40],
        SUFFIXES[n / 4_000]
    )
}

fn organization_row(i: usize, contacts: usize, now: DateTime<Utc>) -> organization::ActiveModel {
    let name = organization_name(i);
    organization::ActiveModel {
        // insert_many skips the save hook that keeps the search column.
        search_name: Set(search_key(&name)),
        name: Set(name),
        address_line1: Set(format!("{} Main St", i % 9_000 + 1)),
        address_line2: Set(String::new()),
        city: Set("Springfield".into()),
        region: Set("IL".into()),
        postal_code: Set("62701".into()),
        country: Set("United States".into()),
        notes: Set(String::new()),
        notes_version: Set(1),
        contact_count: Set(contacts as i32),
        last_login_at: Set(
            (contacts > 0 && !i.is_multiple_of(3)).then(|| now - Duration::minutes(i as i64))
        ),
        last_login_contact_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// The j-th contact, in the organization with `organization_id`.
fn contact_row(j: usize, organization_id: i32, now: DateTime<Utc>) -> contact::ActiveModel {
    let first = FIRST_NAMES[j % 40];
    let last = SURNAMES[(j / 40) % 100];
    let email = format!(
        "{}.{}.{j}@org{organization_id}.example",
        first.to_lowercase(),
        last.to_lowercase()
    );
    contact::ActiveModel {
        organization_id: Set(organization_id),
        title: Set(String::new()),
        search_text: Set(contact::search_text(first, last, &email)),
        first_name: Set(first.into()),
        last_name: Set(last.into()),
        email: Set(email),
        phone: Set("555-0100".into()),
        status: Set(ContactStatus::Active),
        access_level_id: Set(None),
        access_revoked_at: Set(None),
        is_default_notification: Set(false),
        password_hash: Set(None),
        invited_at: Set(None),
        activated_at: Set(None),
        last_login_at: Set(j
            .is_multiple_of(2)
            .then(|| now - Duration::minutes((j % 50_000) as i64))),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(now - Duration::seconds(j as i64)),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Inserts `count` rows made by `row`, many per statement and many statements
/// per transaction.
async fn insert_all<A, F>(db: &DatabaseConnection, count: usize, row: F)
where
    A: sea_orm::ActiveModelTrait + Send,
    F: Fn(usize) -> A,
{
    let per_transaction = ROWS_PER_INSERT * INSERTS_PER_TRANSACTION;
    for start in (0..count).step_by(per_transaction) {
        let txn = portal::db::begin_write(db).await.expect("begin");
        let end = Ord::min(start + per_transaction, count);
        for chunk in (start..end).step_by(ROWS_PER_INSERT) {
            let rows = (chunk..Ord::min(chunk + ROWS_PER_INSERT, end)).map(&row);
            <A::Entity as EntityTrait>::insert_many(rows)
                .exec_without_returning(&txn)
                .await
                .expect("insert");
        }
        txn.commit().await.expect("commit");
    }
}

/// What autovacuum does within a minute of a bulk load: statistics for the
/// planner and a visibility map, so counts can use an index alone.
async fn settle(db: &DatabaseConnection, backend: &str) {
    if backend == "PostgreSQL" {
        db.execute_unprepared("VACUUM ANALYZE organization, contact")
            .await
            .expect("vacuum");
    }
}

/// How many contacts the k-th of the 9,999 ordinary organizations holds.
fn ordinary_contacts(k: usize) -> usize {
    let ordinary = ORGANIZATIONS_WITH_CONTACTS - 1;
    let spread = CONTACTS - CONTACTS_IN_BIG;
    spread / ordinary + usize::from(k < spread % ordinary)
}

/// Step 1: returns the ids of the big organization and of one with 100 contacts.
async fn fill_contacts(db: &DatabaseConnection, now: DateTime<Utc>) -> (i32, i32) {
    insert_all(db, ORGANIZATIONS_WITH_CONTACTS, |i| {
        let contacts = if i == 0 {
            CONTACTS_IN_BIG
        } else {
            ordinary_contacts(i - 1)
        };
        organization_row(i, contacts, now)
    })
    .await;
    let ids: Vec<i32> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .order_by_asc(organization::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .expect("organization ids");
    // Contact j belongs to the big organization for j < 5,000; the others go
    // round the 9,999 ordinary ones, so each holds contacts of every name.
    let ordinary = ORGANIZATIONS_WITH_CONTACTS - 1;
    let owner = |j: usize| {
        if j < CONTACTS_IN_BIG {
            ids[0]
        } else {
            ids[1 + (j - CONTACTS_IN_BIG) % ordinary]
        }
    };
    insert_all(db, CONTACTS, |j| contact_row(j, owner(j), now)).await;
    let hundred = (0..ordinary)
        .find(|&k| ordinary_contacts(k) == 100)
        .expect("an organization of 100");
    (ids[0], ids[1 + hundred])
}

/// Step 2: the organizations without contacts, up to 100,000.
async fn fill_organizations(db: &DatabaseConnection, now: DateTime<Utc>) {
    insert_all(db, ORGANIZATIONS - ORGANIZATIONS_WITH_CONTACTS, |i| {
        organization_row(ORGANIZATIONS_WITH_CONTACTS + i, 0, now)
    })
    .await;
}

async fn customer_list_pages(db: &DatabaseConnection, organizations: usize) {
    for sort in OrganizationSort::ALL {
        measure(
            &format!(
                "customer list ({organizations}), page 1, sort {}",
                sort.key()
            ),
            || organizations::list(db, "", sort, 1),
        )
        .await;
    }
    let last = organizations.div_ceil(25) as u64;
    measure(
        &format!("customer list ({organizations}), last page ({last}), sort name"),
        || organizations::list(db, "", OrganizationSort::Name, last),
    )
    .await;
}

/// Times one page of a customer search; the label says how many matched.
async fn customer_search(db: &DatabaseConnection, term: &str, sort: OrganizationSort, page: u64) {
    let found = organizations::list(db, term, sort, page)
        .await
        .expect("search");
    // A count that stopped at its limit says so.
    let total = if found.at_least {
        format!("over {}", found.total)
    } else {
        found.total.to_string()
    };
    let page_label = if page == 1 {
        String::new()
    } else {
        format!("page {page}, ")
    };
    measure(
        &format!(
            "customer search {term:?} ({total} match), {page_label}sort {}",
            sort.key()
        ),
        || organizations::list(db, term, sort, page),
    )
    .await;
}

/// Times one Find Contact in an organization's panel; the label says how many matched.
async fn find_contact(db: &DatabaseConnection, organization_id: i32, size: &str, term: &str) {
    let total = admin_service::list(db, organization_id, term, ContactSort::NameAsc, 0)
        .await
        .expect("find")
        .total;
    measure(
        &format!("find contact in {size}, {term:?} ({total} match)"),
        || admin_service::list(db, organization_id, term, ContactSort::NameAsc, 0),
    )
    .await;
}

#[tokio::main]
async fn main() {
    let (db, url) = common::database("lists").await;
    let backend = common::backend(&url);
    let now = Utc::now();

    let started = Instant::now();
    let (big, hundred) = fill_contacts(&db, now).await;
    settle(&db, backend).await;
    println!(
        "{backend}: {ORGANIZATIONS_WITH_CONTACTS} organizations, {CONTACTS} contacts \
         ({CONTACTS_IN_BIG} in one), loaded in {:.1} s; {RUNS} runs each",
        started.elapsed().as_secs_f64()
    );
    for sort in [ContactSort::NameAsc, ContactSort::LastLogin] {
        measure(
            &format!("contacts panel (5,000), first 25, sort {}", sort.key()),
            || admin_service::list(&db, big, "", sort, 0),
        )
        .await;
    }
    measure(
        "contacts panel (5,000), last 25 (offset 4,975), sort name",
        || admin_service::list(&db, big, "", ContactSort::NameAsc, 4_975),
    )
    .await;
    for term in ["mart", "4711@", "xyzzy", "li"] {
        find_contact(&db, big, "5,000", term).await;
    }
    find_contact(&db, hundred, "100", "mart").await;
    customer_list_pages(&db, ORGANIZATIONS_WITH_CONTACTS).await;

    let started = Instant::now();
    fill_organizations(&db, now).await;
    settle(&db, backend).await;
    println!(
        "{backend}: {} more organizations, {ORGANIZATIONS} in all, loaded in {:.1} s",
        ORGANIZATIONS - ORGANIZATIONS_WITH_CONTACTS,
        started.elapsed().as_secs_f64()
    );
    for term in ["tech", "ing", "hughes roof", "xyzzy", "ch"] {
        customer_search(&db, term, OrganizationSort::Name, 1).await;
    }
    for sort in [OrganizationSort::LastLogin, OrganizationSort::Contacts] {
        customer_search(&db, "tech", sort, 1).await;
    }
    customer_search(&db, "tech", OrganizationSort::Name, 400).await;
    customer_list_pages(&db, ORGANIZATIONS).await;

    common::clean_up(&url);
}
