//! First-start data: the built-in access levels always, and the demo organizations
//! from the product's help pages when the database is empty and demo data is on.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set};

use crate::access::service::{ensure_built_in_levels, level_id_by_name};
use crate::auth::password;
use crate::auth::StaffRole;
use crate::billing::InvoiceStatus;
use crate::db::entities::{contact, invoice, organization, staff_user};
use crate::error::AppResult;

pub const DEMO_STAFF_EMAIL: &str = "admin@example.com";
pub const DEMO_STAFF_PASSWORD: &str = "staff-demo-2026";
/// A demo staff user with the Staff role (settings read-only), same password.
pub const DEMO_STAFF_MEMBER_EMAIL: &str = "ann@example.com";
pub const DEMO_CONTACT_PASSWORD: &str = "contact-demo-2026";

struct DemoOrg {
    name: &'static str,
    address: [&'static str; 6],
    notes: &'static str,
    contacts: &'static [DemoContact],
    invoices: &'static [DemoInvoice],
}

/// An invoice dated relative to the day the demo data is loaded.
struct DemoInvoice {
    number: &'static str,
    issued_days_ago: i64,
    description: &'static str,
    total_cents: i64,
    balance_cents: i64,
    status: InvoiceStatus,
}

/// Demo invoices fall due 30 days after they are issued.
const DEMO_PAYMENT_TERMS_DAYS: i64 = 30;

struct DemoContact {
    title: &'static str,
    first: &'static str,
    last: &'static str,
    email: &'static str,
    phone: &'static str,
    level: &'static str,
    default_notification: bool,
}

const DEMO: &[DemoOrg] = &[
    DemoOrg {
        name: "Middle Earth Tech Solutions",
        address: [
            "7 Weathertop Road",
            "Suite 3",
            "Bree",
            "Arnor",
            "AR 1601",
            "Middle-earth",
        ],
        notes: "",
        contacts: &[
            DemoContact {
                title: "Mr.",
                first: "Gandalf",
                last: "The Grey",
                email: "lotrtest@test.com",
                phone: "555-0100",
                level: "Administrator",
                default_notification: true,
            },
            DemoContact {
                title: "Mr.",
                first: "Samwise",
                last: "Gamgee",
                email: "samwise@test.com",
                phone: "555-0101",
                level: "Basic",
                default_notification: false,
            },
        ],
        invoices: &[
            DemoInvoice {
                number: "INV-1001",
                issued_days_ago: 75,
                description: "Managed IT services, quarterly",
                total_cents: 240_000,
                balance_cents: 0,
                status: InvoiceStatus::Paid,
            },
            DemoInvoice {
                number: "INV-1007",
                issued_days_ago: 12,
                description: "Server room cabling",
                total_cents: 86_550,
                balance_cents: 86_550,
                status: InvoiceStatus::Open,
            },
        ],
    },
    DemoOrg {
        name: "Pawnee Parks Dept.",
        address: ["1 Main St", "", "Pawnee", "IN", "47555", "United States"],
        notes: "until October, our new contact will be Bob from accounting.",
        contacts: &[
            DemoContact {
                title: "Ms.",
                first: "Leslie",
                last: "Knope",
                email: "lknope@pawnee-indiana.gov",
                phone: "(317) 555-0142",
                level: "Administrator",
                default_notification: true,
            },
            DemoContact {
                title: "Mr.",
                first: "Ron",
                last: "Swanson",
                email: "rswanson@pawnee-indiana.gov",
                phone: "(317) 555-0143",
                level: "Billing",
                default_notification: false,
            },
        ],
        invoices: &[
            DemoInvoice {
                number: "INV-1002",
                issued_days_ago: 64,
                description: "Playground equipment inspection",
                total_cents: 125_000,
                balance_cents: 45_000,
                status: InvoiceStatus::Open,
            },
            DemoInvoice {
                number: "INV-1004",
                issued_days_ago: 40,
                description: "Lot 48 drainage survey",
                total_cents: 310_000,
                balance_cents: 0,
                status: InvoiceStatus::Paid,
            },
            DemoInvoice {
                number: "INV-1006",
                issued_days_ago: 9,
                description: "Harvest Festival sound system",
                total_cents: 182_500,
                balance_cents: 182_500,
                status: InvoiceStatus::Open,
            },
        ],
    },
    DemoOrg {
        name: "Demo Company",
        address: [
            "Test Address",
            "",
            "TestCity",
            "ND",
            "58103",
            "United States",
        ],
        notes: "",
        contacts: &[
            DemoContact {
                title: "",
                first: "Demo",
                last: "Owner",
                email: "demo@example.com",
                phone: "(701) 555-0199",
                level: "Administrator",
                default_notification: true,
            },
            DemoContact {
                title: "Ms.",
                first: "Dana",
                last: "Reports",
                email: "reports@example.com",
                phone: "",
                level: "Reports",
                default_notification: false,
            },
        ],
        invoices: &[DemoInvoice {
            number: "INV-1005",
            issued_days_ago: 20,
            description: "Onboarding",
            total_cents: 50_000,
            balance_cents: 50_000,
            status: InvoiceStatus::Open,
        }],
    },
];

/// Runs at every start, inside `db::prepare`'s transaction: built-in levels
/// and templates always; demo data only into an empty database.
pub async fn run(db: &impl ConnectionTrait, demo_data: bool, now: DateTime<Utc>) -> AppResult<()> {
    ensure_built_in_levels(db, now).await?;
    crate::email::templates::ensure_defaults(db, now).await?;
    if demo_data && is_empty(db).await? {
        load_demo(db, now).await?;
        tracing::info!("loaded demo data");
    }
    Ok(())
}

async fn is_empty(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(organization::Entity::find().count(db).await? == 0
        && staff_user::Entity::find().count(db).await? == 0)
}

async fn load_demo(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<()> {
    let staff_hash = password::hash_blocking(DEMO_STAFF_PASSWORD)?;
    for (email, name, role) in [
        (
            DEMO_STAFF_EMAIL,
            "Portal Administrator",
            StaffRole::Administrator,
        ),
        (DEMO_STAFF_MEMBER_EMAIL, "Ann Perkins", StaffRole::Staff),
    ] {
        staff_user::ActiveModel {
            email: Set(email.to_string()),
            name: Set(name.to_string()),
            password_hash: Set(Some(staff_hash.clone())),
            role: Set(role),
            invited_at: Set(None),
            activated_at: Set(Some(now)),
            deactivated_at: Set(None),
            last_login_at: Set(None),
            last_login_ip: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // One hash for every demo contact: they share the published demo password,
    // and hashing is deliberately slow.
    let contact_hash = password::hash_blocking(DEMO_CONTACT_PASSWORD)?;
    for demo in DEMO {
        let [line1, line2, city, region, postal, country] = demo.address;
        let org = organization::ActiveModel {
            name: Set(demo.name.to_string()),
            address_line1: Set(line1.to_string()),
            address_line2: Set(line2.to_string()),
            city: Set(city.to_string()),
            region: Set(region.to_string()),
            postal_code: Set(postal.to_string()),
            country: Set(country.to_string()),
            notes: Set(demo.notes.to_string()),
            notes_version: Set(1),
            contact_count: Set(demo.contacts.len() as i32),
            last_login_at: Set(None),
            last_login_contact_id: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for person in demo.contacts {
            contact::ActiveModel {
                organization_id: Set(org.id),
                title: Set(person.title.to_string()),
                first_name: Set(person.first.to_string()),
                last_name: Set(person.last.to_string()),
                email: Set(person.email.to_string()),
                phone: Set(person.phone.to_string()),
                status: Set(crate::contacts::ContactStatus::Active),
                access_level_id: Set(level_id_by_name(db, person.level).await?),
                access_revoked_at: Set(None),
                is_default_notification: Set(person.default_notification),
                password_hash: Set(Some(contact_hash.clone())),
                invited_at: Set(Some(now)),
                activated_at: Set(Some(now)),
                last_login_at: Set(None),
                last_login_ip: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for demo_invoice in demo.invoices {
            let issued_on = now.date_naive() - chrono::Duration::days(demo_invoice.issued_days_ago);
            invoice::ActiveModel {
                organization_id: Set(org.id),
                number: Set(demo_invoice.number.to_string()),
                issued_on: Set(issued_on),
                due_on: Set(issued_on + chrono::Duration::days(DEMO_PAYMENT_TERMS_DAYS)),
                description: Set(demo_invoice.description.to_string()),
                total_cents: Set(demo_invoice.total_cents),
                balance_cents: Set(demo_invoice.balance_cents),
                status: Set(demo_invoice.status),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
