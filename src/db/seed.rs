//! First-start data: the built-in access levels always, and the demo organizations
//! from the product's help pages when the database is empty and demo data is on.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::access::service::{ensure_built_in_levels, level_id_by_name};
use crate::auth::password;
use crate::auth::StaffRole;
use crate::billing::InvoiceStatus;
use crate::db::entities::{contact, invoice, organization, staff_user};
use crate::error::AppResult;
use crate::sales::service::{insert_estimate, NewEstimate, DEFAULT_TERMS};
use crate::sales::{DocumentLine, EstimateStatus};
use crate::server::config::SalesSettings;

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
    estimates: &'static [DemoEstimate],
}

/// An estimate dated relative to the day the demo data is loaded.
struct DemoEstimate {
    title: &'static str,
    status: EstimateStatus,
    issued_days_ago: i64,
    /// Valid this many days after it was issued.
    valid_days: i64,
    tax_rate_bp: i64,
    /// The order contact, by email.
    contact: &'static str,
    notes: &'static str,
    lines: &'static [DemoLine],
}

/// description, quantity in thousandths, unit, unit price in cents, discount
/// in basis points, taxable, optional.
type DemoLine = (&'static str, i64, &'static str, i64, i64, bool, bool);

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
        estimates: &[
            DemoEstimate {
                title: "Office network refresh",
                status: EstimateStatus::Sent,
                issued_days_ago: 3,
                valid_days: 30,
                tax_rate_bp: 825,
                contact: "lotrtest@test.com",
                notes: "Installation is scheduled for a weekend, so the office is never offline during working hours.",
                lines: &[
                    ("Managed switch, 24-port", 2_000, "each", 64_900, 0, true, false),
                    ("Installation and configuration", 6_000, "hours", 12_500, 0, false, false),
                    ("Wi-Fi 6 access point, installed", 3_000, "each", 21_900, 1_000, true, true),
                ],
            },
            DemoEstimate {
                title: "Backup server replacement",
                status: EstimateStatus::Draft,
                issued_days_ago: 1,
                valid_days: 30,
                tax_rate_bp: 825,
                contact: "lotrtest@test.com",
                notes: "",
                lines: &[
                    ("Backup appliance, 8 TB", 1_000, "each", 289_000, 0, true, false),
                    ("Data migration", 4_500, "hours", 12_500, 0, false, false),
                ],
            },
            DemoEstimate {
                title: "Security awareness training",
                status: EstimateStatus::Approved,
                issued_days_ago: 21,
                valid_days: 30,
                tax_rate_bp: 0,
                contact: "lotrtest@test.com",
                notes: "",
                lines: &[("Half-day workshop, up to 12 people", 1_000, "session", 95_000, 0, false, false)],
            },
            DemoEstimate {
                title: "Printer fleet lease",
                status: EstimateStatus::Sent,
                issued_days_ago: 45,
                valid_days: 30,
                tax_rate_bp: 825,
                contact: "lotrtest@test.com",
                notes: "",
                lines: &[("Multifunction printer lease, monthly", 12_000, "months", 18_900, 0, true, false)],
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
        estimates: &[
            DemoEstimate {
                title: "Harvest Festival signage",
                status: EstimateStatus::Viewed,
                issued_days_ago: 6,
                valid_days: 21,
                tax_rate_bp: 700,
                contact: "lknope@pawnee-indiana.gov",
                notes: "Proofs follow once the festival map is final.",
                lines: &[
                    ("Vinyl banner, 3 m × 1 m", 4_000, "each", 14_500, 0, true, false),
                    ("A-frame sign, double-sided", 10_000, "each", 8_900, 500, true, false),
                ],
            },
            DemoEstimate {
                title: "Lot 48 fence repair",
                status: EstimateStatus::Declined,
                issued_days_ago: 30,
                valid_days: 30,
                tax_rate_bp: 700,
                contact: "rswanson@pawnee-indiana.gov",
                notes: "",
                lines: &[("Chain-link fence, per metre", 40_000, "m", 4_250, 0, true, false)],
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
        estimates: &[DemoEstimate {
            title: "Annual maintenance plan",
            status: EstimateStatus::ChangesRequested,
            issued_days_ago: 10,
            valid_days: 30,
            tax_rate_bp: 0,
            contact: "demo@example.com",
            notes: "",
            lines: &[("Maintenance plan, 12 months", 1_000, "year", 480_000, 0, false, false)],
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
        for estimate in demo.estimates {
            let issued_on = now.date_naive() - chrono::Duration::days(estimate.issued_days_ago);
            let contact_id = contact::Entity::find()
                .filter(contact::Column::Email.eq(estimate.contact))
                .one(db)
                .await?
                .map(|person| person.id);
            let lines = estimate
                .lines
                .iter()
                .map(
                    |&(
                        description,
                        quantity,
                        unit,
                        unit_price_cents,
                        discount_bp,
                        taxable,
                        optional,
                    )| {
                        DocumentLine {
                            description: description.to_string(),
                            quantity,
                            unit: unit.to_string(),
                            unit_price_cents,
                            discount_bp,
                            taxable,
                            optional,
                            selected: !optional,
                        }
                    },
                )
                .collect();
            let new = NewEstimate {
                organization_id: org.id,
                owner_staff_id: None,
                title: estimate.title.to_string(),
                contact_id,
                status: estimate.status,
                issued_on,
                valid_until: Some(issued_on + chrono::Duration::days(estimate.valid_days)),
                tax_rate_bp: estimate.tax_rate_bp,
                notes: estimate.notes.to_string(),
                terms: DEFAULT_TERMS.to_string(),
                lines,
            };
            insert_estimate(db, &SalesSettings::default().estimate_prefix, new, now).await?;
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
