//! Queries and rules about organizations. The customer list reads denormalized
//! `contact_count` and `last_login_at` columns, so sorting and paging stay
//! index-backed however many organizations there are; its search reads a
//! trigram index.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set, Statement,
};

use super::{
    LastLogin, OrganizationDetails, OrganizationInput, OrganizationNotes, OrganizationSort,
    OrganizationSummary, ORGANIZATIONS_PER_PAGE,
};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::db::entities::{contact, organization};
use crate::error::{AppError, AppResult};
use crate::paging::{
    contains_pattern, count_up_to_limit, read_window, trigram_phrase, Page, SortKey, Window,
};
use crate::server::ctx::Ctx;

/// Longest name or address part we accept; longer input is a typo or abuse.
const MAX_FIELD: usize = 200;
/// Notes are free text but not a document store.
const MAX_NOTES: usize = 20_000;

/// One page of the customer list, filtered by name and ordered as asked.
pub async fn list(
    db: &impl ConnectionTrait,
    search: &str,
    sort: OrganizationSort,
    page: u64,
) -> AppResult<Page<OrganizationSummary>> {
    let limit = ORGANIZATIONS_PER_PAGE;
    let offset = crate::paging::offset_of(page, limit);
    let Matches {
        total,
        at_least,
        filter,
    } = matching(db, search, offset, limit).await?;
    let mut query = organization::Entity::find();
    if let Some(filter) = filter {
        query = query.filter(filter);
    }
    // Every order ends in name and id, as its index does (m0009): SQLite walks
    // an index to the page only when the whole ORDER BY matches it.
    let name_then_id = [
        SortKey::asc(organization::Column::Name),
        SortKey::asc(organization::Column::Id),
    ];
    let first = match sort {
        OrganizationSort::Name => None,
        OrganizationSort::LastLogin => {
            Some(SortKey::desc_nulls_last(organization::Column::LastLoginAt))
        }
        OrganizationSort::Contacts => Some(SortKey::desc(organization::Column::ContactCount)),
    };
    let keys: Vec<_> = first.into_iter().chain(name_then_id).collect();
    let window = Window::counted(offset, limit, total, at_least);
    let items = read_window(db, query, &keys, window)
        .await?
        .into_iter()
        .map(|org| OrganizationSummary {
            id: org.id,
            name: org.name,
            city: org.city,
            region: org.region,
            contact_count: org.contact_count,
            last_login_at: org.last_login_at,
        })
        .collect();
    Ok(Page {
        items,
        total,
        offset,
        limit,
        at_least,
    })
}

/// What a customer search matches.
struct Matches {
    /// How many match, or with `at_least` how many were counted.
    total: u64,
    at_least: bool,
    /// The condition that reads the page fastest; `None` for everyone.
    filter: Option<Expr>,
}

/// How many organizations match `search` (their name contains it, in search
/// form), and the condition that reads rows `offset..offset + limit` fastest.
///
/// A LIKE with a leading wildcard reads every row, so searches of three
/// characters or more use a trigram index (m0008). PostgreSQL's serves the
/// LIKE itself, and its planner weighs it against the sort order's index.
/// Counting by LIKE still reads every match (and on SQLite, for one or two
/// characters, every row), so those counts stop at `COUNT_LIMIT`; the page
/// itself walks the sort order's index and stops when it is full.
/// SQLite's FTS5 index `organization_search` gives the count at once, but
/// SQLite's planner cannot tell how many rows a MATCH returns, so the count
/// chooses: walking the sort order's index and testing each name meets the
/// window's `depth` matches after about `depth × organizations / matches` rows;
/// looking the matches up reads each of them. Whichever reads fewer wins.
async fn matching(
    db: &impl ConnectionTrait,
    search: &str,
    offset: u64,
    limit: u64,
) -> AppResult<Matches> {
    let everyone = organization::Entity::find();
    if search.trim().is_empty() {
        return Ok(Matches {
            total: everyone.count(db).await?,
            at_least: false,
            filter: None,
        });
    }
    let backend = db.get_database_backend();
    let pattern = LikeExpr::new(contains_pattern(search)).escape('\\');
    let phrase = match trigram_phrase(search) {
        Some(phrase) if backend == DbBackend::Sqlite => phrase,
        short_or_postgres => {
            let scan = if short_or_postgres.is_none() && backend == DbBackend::Postgres {
                // pg_trgm can't serve one or two characters: it reads its whole
                // index. A prepared statement's generic plan doesn't know the
                // pattern is that short and picks the index anyway (65 ms for
                // 100,000 rows instead of 5 ms scanning), so such searches
                // test an expression it can't index.
                Expr::cust("(\"organization\".\"search_name\" || '')").like(pattern)
            } else {
                Expr::col(organization::Column::SearchName).like(pattern)
            };
            let (total, at_least) = count_up_to_limit(db, everyone.filter(scan.clone())).await?;
            return Ok(Matches {
                total,
                at_least,
                filter: Some(scan),
            });
        }
    };
    let scan = Expr::col(organization::Column::SearchName).like(pattern);
    let total = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM organization_search WHERE organization_search MATCH ?",
            [phrase.clone().into()],
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0) as u64;
    let depth = Window::of(offset, limit, total).depth();
    let walked = depth.saturating_mul(everyone.count(db).await?) / Ord::max(total, 1);
    if walked <= total {
        return Ok(Matches {
            total,
            at_least: false,
            filter: Some(scan),
        });
    }
    let matches = Query::select()
        .column("rowid")
        .from("organization_search")
        .and_where(Expr::cust_with_values(
            "organization_search MATCH ?",
            [phrase],
        ))
        .to_owned();
    Ok(Matches {
        total,
        at_least: false,
        filter: Some(Expr::col(organization::Column::Id).in_subquery(matches)),
    })
}

fn validate(input: &OrganizationInput) -> AppResult<OrganizationInput> {
    let trimmed = OrganizationInput {
        name: input.name.trim().to_string(),
        address_line1: input.address_line1.trim().to_string(),
        address_line2: input.address_line2.trim().to_string(),
        city: input.city.trim().to_string(),
        region: input.region.trim().to_string(),
        postal_code: input.postal_code.trim().to_string(),
        country: input.country.trim().to_string(),
    };
    if trimmed.name.is_empty() {
        return Err(AppError::field("name", "Enter the organization's name."));
    }
    for (field, value) in [
        ("name", &trimmed.name),
        ("address_line1", &trimmed.address_line1),
        ("address_line2", &trimmed.address_line2),
        ("city", &trimmed.city),
        ("region", &trimmed.region),
        ("country", &trimmed.country),
    ] {
        if value.chars().count() > MAX_FIELD {
            return Err(AppError::field(
                field,
                format!("Keep this under {MAX_FIELD} characters."),
            ));
        }
    }
    if trimmed.postal_code.chars().count() > 20 {
        return Err(AppError::field(
            "postal_code",
            "A postal code is at most 20 characters.",
        ));
    }
    Ok(trimmed)
}

/// An organization's name and address as the forms and emails use them.
pub(crate) fn input_of(org: &organization::Model) -> OrganizationInput {
    OrganizationInput {
        name: org.name.clone(),
        address_line1: org.address_line1.clone(),
        address_line2: org.address_line2.clone(),
        city: org.city.clone(),
        region: org.region.clone(),
        postal_code: org.postal_code.clone(),
        country: org.country.clone(),
    }
}

pub async fn create(ctx: &Ctx, input: &OrganizationInput) -> AppResult<i32> {
    let input = validate(input)?;
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let org = organization::ActiveModel {
        name: Set(input.name.clone()),
        address_line1: Set(input.address_line1.clone()),
        address_line2: Set(input.address_line2.clone()),
        city: Set(input.city.clone()),
        region: Set(input.region.clone()),
        postal_code: Set(input.postal_code.clone()),
        country: Set(input.country.clone()),
        notes: Set(String::new()),
        notes_version: Set(1),
        contact_count: Set(0),
        last_login_at: Set(None),
        last_login_contact_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::default();
    changes.compare(&OrganizationInput::default(), &input, fields);
    ctx.audit(
        &txn,
        Entry::change(
            AuditAction::OrganizationCreate,
            "organization",
            org.id,
            changes,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(org.id)
}

/// The comparable fields of an organization, for audit diffs.
fn fields(input: &OrganizationInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", input.name.clone()),
        ("address_line1", input.address_line1.clone()),
        ("address_line2", input.address_line2.clone()),
        ("city", input.city.clone()),
        ("region", input.region.clone()),
        ("postal_code", input.postal_code.clone()),
        ("country", input.country.clone()),
    ]
}

pub async fn details(db: &impl ConnectionTrait, id: i32) -> AppResult<OrganizationDetails> {
    let org = organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let last_login =
        match (org.last_login_at, org.last_login_contact_id) {
            (Some(at), Some(contact_id)) => contact::Entity::find_by_id(contact_id)
                .one(db)
                .await?
                .map(|c| LastLogin {
                    at,
                    contact_id,
                    contact_name: format!("{} {}", c.first_name, c.last_name),
                    client_ip: c.last_login_ip,
                }),
            _ => None,
        };
    Ok(OrganizationDetails {
        id: org.id,
        fields: input_of(&org),
        contact_count: org.contact_count,
        last_login,
        version: org.version,
    })
}

/// Saves name and address if nobody else saved since `version` was read.
pub async fn update(ctx: &Ctx, id: i32, version: i32, input: &OrganizationInput) -> AppResult<()> {
    let input = validate(input)?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = organization::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = organization::Entity::update_many()
        .col_expr(organization::Column::Name, Expr::value(input.name.clone()))
        .col_expr(
            organization::Column::SearchName,
            Expr::value(crate::paging::search_key(&input.name)),
        )
        .col_expr(
            organization::Column::AddressLine1,
            Expr::value(input.address_line1.clone()),
        )
        .col_expr(
            organization::Column::AddressLine2,
            Expr::value(input.address_line2.clone()),
        )
        .col_expr(organization::Column::City, Expr::value(input.city.clone()))
        .col_expr(
            organization::Column::Region,
            Expr::value(input.region.clone()),
        )
        .col_expr(
            organization::Column::PostalCode,
            Expr::value(input.postal_code.clone()),
        )
        .col_expr(
            organization::Column::Country,
            Expr::value(input.country.clone()),
        )
        .col_expr(
            organization::Column::Version,
            Expr::col(organization::Column::Version).add(1),
        )
        .col_expr(organization::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(organization::Column::Id.eq(id))
        .filter(organization::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&updated, "this organization")?;
    let mut changes = Changes::default();
    changes.compare(&input_of(&current), &input, fields);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::OrganizationUpdate, "organization", id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn notes(db: &impl ConnectionTrait, id: i32) -> AppResult<OrganizationNotes> {
    let org = organization::Entity::find_by_id(id)
        .select_only()
        .columns([
            organization::Column::Notes,
            organization::Column::NotesVersion,
        ])
        .into_tuple::<(String, i32)>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(OrganizationNotes {
        notes: org.0,
        version: org.1,
    })
}

/// Saves the notes if nobody else saved them since `version` was read.
pub async fn save_notes(
    ctx: &Ctx,
    id: i32,
    version: i32,
    notes: &str,
) -> AppResult<OrganizationNotes> {
    let notes = notes.trim_end();
    if notes.chars().count() > MAX_NOTES {
        return Err(AppError::field(
            "notes",
            format!("Notes are limited to {MAX_NOTES} characters."),
        ));
    }
    let txn = crate::db::begin_write(&ctx.db).await?;
    let current = self::notes(&txn, id).await?;
    let updated = organization::Entity::update_many()
        .col_expr(organization::Column::Notes, Expr::value(notes.to_string()))
        .col_expr(
            organization::Column::NotesVersion,
            Expr::col(organization::Column::NotesVersion).add(1),
        )
        .filter(organization::Column::Id.eq(id))
        .filter(organization::Column::NotesVersion.eq(version))
        .exec(&txn)
        .await?;
    crate::db::ensure_saved(&updated, "these notes")?;
    let mut changes = Changes::default();
    changes.field("notes", current.notes.as_str(), notes);
    ctx.audit(
        &txn,
        Entry::change(AuditAction::OrganizationNotes, "organization", id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(OrganizationNotes {
        notes: notes.to_string(),
        version: version + 1,
    })
}

/// An organization's name; not found when there is no such organization.
pub async fn organization_name(db: &impl ConnectionTrait, id: i32) -> AppResult<String> {
    organization::Entity::find_by_id(id)
        .select_only()
        .column(organization::Column::Name)
        .into_tuple::<String>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Keeps `contact_count` right when contacts are added (+1) or removed (-1).
pub async fn adjust_contact_count(
    db: &impl ConnectionTrait,
    organization_id: i32,
    delta: i32,
) -> AppResult<()> {
    organization::Entity::update_many()
        .col_expr(
            organization::Column::ContactCount,
            Expr::col(organization::Column::ContactCount).add(delta),
        )
        .filter(organization::Column::Id.eq(organization_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Notes a contact's sign-in as the organization's latest.
pub async fn record_sign_in(
    db: &impl ConnectionTrait,
    organization_id: i32,
    contact_id: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    organization::Entity::update_many()
        .col_expr(organization::Column::LastLoginAt, Expr::value(at))
        .col_expr(
            organization::Column::LastLoginContactId,
            Expr::value(contact_id),
        )
        .filter(organization::Column::Id.eq(organization_id))
        .exec(db)
        .await?;
    Ok(())
}
