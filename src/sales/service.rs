//! Estimates: their numbers, their rules and their queries. Every save stores
//! the total `totals::totals` computes, so the lists sort and show it without
//! reading lines.

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, Statement,
};

use super::revisions;
use super::status::{effective_status, next_status, EstimateEvent};
use super::totals::totals;
use super::{
    amounts, ActivityEntry, ContactChoice, DocumentKind, DocumentLine, EstimateDetails,
    EstimateFormStart, EstimateInput, EstimateList, EstimateSort, EstimateStatus, EstimateSummary,
    LineInput, ESTIMATES_PER_PAGE, MAX_LINES,
};
use crate::audit::service::{trail, Changes, Entry};
use crate::audit::AuditAction;
use crate::contacts::service::{name_in, names_in, ContactName};
use crate::db::begin_write;
use crate::db::entities::{organization, sales_document, sales_line};
use crate::error::{AppError, AppResult};
use crate::organizations::service::organization_name;
use crate::paging::{contains_pattern, offset_of, Page};
use crate::server::ctx::Ctx;

/// Longest title, unit or line description we accept.
const MAX_TEXT: usize = 500;
/// Notes and terms are prose, not a document store.
const MAX_PROSE: usize = 20_000;
/// How long a new estimate is valid for, unless staff change it.
const DEFAULT_VALID_DAYS: i64 = 30;
/// Contacts the form offers to address an estimate to.
const CONTACT_CHOICES: u64 = 500;
/// Activity entries a document page shows.
const ACTIVITY_SHOWN: u64 = 50;
/// The terms a new estimate starts with.
pub const DEFAULT_TERMS: &str =
    "Prices are valid until the date above. Work starts once the estimate is approved; \
    approved work is invoiced on completion, payable within 30 days.";

/// The audit log's name for sales documents.
pub(super) const ENTITY: &str = "sales_document";

/// An estimate's fields as read from a form and checked.
struct Valid {
    title: String,
    contact_id: Option<i32>,
    issued_on: NaiveDate,
    valid_until: Option<NaiveDate>,
    tax_rate_bp: i64,
    notes: String,
    terms: String,
    lines: Vec<DocumentLine>,
}

fn text_field(field: &str, value: &str, required: Option<&str>, max: usize) -> AppResult<String> {
    let value = value.trim();
    if let Some(message) = required.filter(|_| value.is_empty()) {
        return Err(AppError::field(field, message));
    }
    if value.chars().count() > max {
        return Err(AppError::field(
            field,
            format!("Keep this under {max} characters."),
        ));
    }
    Ok(value.to_string())
}

fn date_field(field: &str, value: &str) -> AppResult<Option<NaiveDate>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::field(field, "Enter a date as YYYY-MM-DD."))
}

fn line_field(index: usize, name: &str) -> String {
    format!("lines[{index}][{name}]")
}

fn valid_line(index: usize, line: &LineInput) -> AppResult<DocumentLine> {
    let field = |name| line_field(index, name);
    let description = text_field(
        &field("description"),
        &line.description,
        Some("Describe what this line is for."),
        MAX_TEXT,
    )?;
    let quantity = amounts::parse_quantity(&line.quantity)
        .map_err(|message| AppError::field(&field("quantity"), message))?;
    let unit_price_cents = amounts::parse_money(&line.unit_price)
        .map_err(|message| AppError::field(&field("unit_price"), message))?;
    let discount_bp = amounts::parse_percent(&line.discount)
        .map_err(|message| AppError::field(&field("discount"), message))?;
    Ok(DocumentLine {
        description,
        quantity,
        unit: text_field(&field("unit"), &line.unit, None, 40)?,
        unit_price_cents,
        discount_bp,
        taxable: line.taxable,
        optional: line.optional,
        // An optional line counts once the customer chooses it.
        selected: !line.optional,
    })
}

async fn validate(db: &impl ConnectionTrait, input: &EstimateInput) -> AppResult<Valid> {
    let title = text_field(
        "title",
        &input.title,
        Some("Give the estimate a title the customer will recognize."),
        MAX_TEXT,
    )?;
    let contact_id = match input.contact_id.trim() {
        "" => None,
        id => {
            let id = id.parse::<i32>().map_err(|_| {
                AppError::field("contact_id", "Choose one of the organization's contacts.")
            })?;
            name_in(db, input.organization_id, id)
                .await?
                .ok_or_else(|| {
                    AppError::field("contact_id", "Choose one of the organization's contacts.")
                })?;
            Some(id)
        }
    };
    let issued_on = date_field("issued_on", &input.issued_on)?
        .ok_or_else(|| AppError::field("issued_on", "Enter the date the estimate is issued."))?;
    let valid_until = date_field("valid_until", &input.valid_until)?;
    if valid_until.is_some_and(|until| until < issued_on) {
        return Err(AppError::field(
            "valid_until",
            "The estimate can't expire before it is issued.",
        ));
    }
    let tax_rate_bp = amounts::parse_percent(&input.tax_rate)
        .map_err(|message| AppError::field("tax_rate", message))?;
    let mut lines = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        if !line.is_blank() {
            lines.push(valid_line(index, line)?);
        }
    }
    if lines.is_empty() {
        return Err(AppError::field(
            &line_field(0, "description"),
            "Add at least one line: what the customer is being offered.",
        ));
    }
    if lines.len() > MAX_LINES {
        return Err(AppError::form(format!(
            "An estimate holds at most {MAX_LINES} lines."
        )));
    }
    Ok(Valid {
        title,
        contact_id,
        issued_on,
        valid_until,
        tax_rate_bp,
        notes: text_field("notes", &input.notes, None, MAX_PROSE)?,
        terms: text_field("terms", &input.terms, None, MAX_PROSE)?,
        lines,
    })
}

/// The next number of `kind`, taken inside the caller's transaction: the row's
/// update holds it until that commits, so no two documents get one number.
async fn next_number(
    db: &impl ConnectionTrait,
    kind: DocumentKind,
    prefix: &str,
) -> AppResult<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE document_number SET last_number = last_number + 1 WHERE kind = $1 RETURNING last_number"
        }
        _ => "UPDATE document_number SET last_number = last_number + 1 WHERE kind = ? RETURNING last_number",
    };
    let kind: &'static str = kind.into();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [kind.into()]))
        .await?
        .ok_or(AppError::Internal)?;
    let number: i64 = row.try_get("", "last_number")?;
    Ok(format!("{prefix}{number}"))
}

async fn write_lines(
    db: &impl ConnectionTrait,
    document_id: i32,
    lines: &[DocumentLine],
) -> AppResult<()> {
    sales_line::Entity::delete_many()
        .filter(sales_line::Column::DocumentId.eq(document_id))
        .exec(db)
        .await?;
    if lines.is_empty() {
        return Ok(());
    }
    let rows = lines
        .iter()
        .enumerate()
        .map(|(position, line)| sales_line::ActiveModel {
            document_id: Set(document_id),
            position: Set(position as i32),
            description: Set(line.description.clone()),
            quantity: Set(line.quantity),
            unit: Set(line.unit.clone()),
            unit_price_cents: Set(line.unit_price_cents),
            discount_bp: Set(line.discount_bp),
            taxable: Set(line.taxable),
            optional: Set(line.optional),
            selected: Set(line.selected),
            ..Default::default()
        });
    sales_line::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

pub(super) async fn read_lines(
    db: &impl ConnectionTrait,
    document_id: i32,
) -> AppResult<Vec<DocumentLine>> {
    Ok(sales_line::Entity::find()
        .filter(sales_line::Column::DocumentId.eq(document_id))
        .order_by_asc(sales_line::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|line| DocumentLine {
            description: line.description,
            quantity: line.quantity,
            unit: line.unit,
            unit_price_cents: line.unit_price_cents,
            discount_bp: line.discount_bp,
            taxable: line.taxable,
            optional: line.optional,
            selected: line.selected,
        })
        .collect())
}

fn choice(contact: ContactName) -> ContactChoice {
    ContactChoice {
        id: contact.id,
        name: contact.name,
        email: contact.email,
    }
}

/// What the form for a new estimate for `organization_id` starts with.
pub async fn form_start(
    db: &impl ConnectionTrait,
    organization_id: i32,
    today: NaiveDate,
) -> AppResult<EstimateFormStart> {
    let organization_name = organization_name(db, organization_id).await?;
    let contacts = names_in(db, organization_id, CONTACT_CHOICES)
        .await?
        .into_iter()
        .map(choice)
        .collect();
    Ok(EstimateFormStart {
        organization_id,
        organization_name,
        contacts,
        input: EstimateInput {
            organization_id,
            issued_on: today.to_string(),
            valid_until: (today + Duration::days(DEFAULT_VALID_DAYS)).to_string(),
            tax_rate: "0".to_string(),
            terms: DEFAULT_TERMS.to_string(),
            ..Default::default()
        },
    })
}

/// The contacts an estimate of `organization_id` can be addressed to.
pub async fn contact_choices(
    db: &impl ConnectionTrait,
    organization_id: i32,
) -> AppResult<Vec<ContactChoice>> {
    organization_name(db, organization_id).await?;
    Ok(names_in(db, organization_id, CONTACT_CHOICES)
        .await?
        .into_iter()
        .map(choice)
        .collect())
}

/// A new estimate's stored fields.
pub struct NewEstimate {
    pub organization_id: i32,
    pub owner_staff_id: Option<i32>,
    pub title: String,
    pub contact_id: Option<i32>,
    pub status: EstimateStatus,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub tax_rate_bp: i64,
    pub notes: String,
    pub terms: String,
    pub lines: Vec<DocumentLine>,
}

/// Writes a new estimate with the next number, inside the caller's
/// transaction; returns its id and number. For `create` and first-start data.
pub async fn insert_estimate(
    db: &impl ConnectionTrait,
    prefix: &str,
    new: NewEstimate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<(i32, String)> {
    let number = next_number(db, DocumentKind::Estimate, prefix).await?;
    let total_cents = totals(&new.lines, new.tax_rate_bp).total_cents;
    let document = sales_document::ActiveModel {
        kind: Set(DocumentKind::Estimate),
        organization_id: Set(new.organization_id),
        number: Set(number.clone()),
        title: Set(new.title),
        contact_id: Set(new.contact_id),
        owner_staff_id: Set(new.owner_staff_id),
        status: Set(new.status.key().to_string()),
        revision: Set(1),
        version: Set(1),
        issued_on: Set(new.issued_on),
        valid_until: Set(new.valid_until),
        tax_rate_bp: Set(new.tax_rate_bp),
        notes: Set(new.notes),
        terms: Set(new.terms),
        total_cents: Set(total_cents),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    write_lines(db, document.id, &new.lines).await?;
    Ok((document.id, number))
}

/// Creates a draft estimate owned by `owner_staff_id`; returns its id.
pub async fn create(
    ctx: &Ctx,
    owner_staff_id: Option<i32>,
    input: &EstimateInput,
) -> AppResult<i32> {
    organization_name(&ctx.db, input.organization_id).await?;
    let valid = validate(&ctx.db, input).await?;
    let total_cents = totals(&valid.lines, valid.tax_rate_bp).total_cents;
    let txn = begin_write(&ctx.db).await?;
    let new = NewEstimate {
        organization_id: input.organization_id,
        owner_staff_id,
        title: valid.title,
        contact_id: valid.contact_id,
        status: EstimateStatus::Draft,
        issued_on: valid.issued_on,
        valid_until: valid.valid_until,
        tax_rate_bp: valid.tax_rate_bp,
        notes: valid.notes,
        terms: valid.terms,
        lines: valid.lines,
    };
    let (id, number) =
        insert_estimate(&txn, &ctx.settings.sales.estimate_prefix, new, ctx.now).await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::EstimateCreate,
            entity_type: ENTITY,
            entity_id: Some(id),
            details: serde_json::json!({ "number": number, "total_cents": total_cents }),
            client_ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub(super) async fn find_estimate(
    db: &impl ConnectionTrait,
    id: i32,
) -> AppResult<sales_document::Model> {
    sales_document::Entity::find_by_id(id)
        .filter(sales_document::Column::Kind.eq(DocumentKind::Estimate))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub(super) fn stored_status(document: &sales_document::Model) -> AppResult<EstimateStatus> {
    EstimateStatus::from_key(&document.status).ok_or_else(|| {
        tracing::error!(id = document.id, status = %document.status, "unknown estimate status");
        AppError::Internal
    })
}

fn status_today(document: &sales_document::Model, today: NaiveDate) -> AppResult<EstimateStatus> {
    Ok(effective_status(
        stored_status(document)?,
        document.valid_until,
        today,
    ))
}

/// Saves staff's edit. A draft is edited in place; an estimate the customer
/// could already see gets a new revision. Approved and converted estimates
/// are settled and refuse edits.
pub async fn update(ctx: &Ctx, id: i32, version: i32, input: &EstimateInput) -> AppResult<()> {
    let current = find_estimate(&ctx.db, id).await?;
    let input = EstimateInput {
        organization_id: current.organization_id,
        ..input.clone()
    };
    let valid = validate(&ctx.db, &input).await?;
    let txn = begin_write(&ctx.db).await?;
    let current = find_estimate(&txn, id).await?;
    if current.version != version {
        return Err(AppError::stale("this estimate"));
    }
    let status = status_today(&current, ctx.now.date_naive())?;
    if status == EstimateStatus::Converted {
        return Err(AppError::Conflict(
            "This estimate is already an order; it can no longer be edited.".to_string(),
        ));
    }
    let old_lines = read_lines(&txn, id).await?;
    let total_cents = totals(&valid.lines, valid.tax_rate_bp).total_cents;
    let mut changes = Changes::default();
    changes.field("title", &current.title, &valid.title);
    changes.field("contact_id", &current.contact_id, &valid.contact_id);
    changes.field("issued_on", &current.issued_on, &valid.issued_on);
    changes.field("valid_until", &current.valid_until, &valid.valid_until);
    changes.field("tax_rate_bp", &current.tax_rate_bp, &valid.tax_rate_bp);
    changes.field("notes", &current.notes, &valid.notes);
    changes.field("terms", &current.terms, &valid.terms);
    changes.field("total_cents", &current.total_cents, &total_cents);
    changes.field("lines", &old_lines.len(), &valid.lines.len());
    let lines_changed = old_lines != valid.lines;
    if changes.is_empty() && !lines_changed {
        return Ok(());
    }
    let revises = status.is_visible_to_customer();
    let revision = current.revision + i32::from(revises);
    let (action, revision_change) = if revises {
        (AuditAction::EstimateRevise, Some(revision))
    } else {
        (AuditAction::EstimateUpdate, None)
    };
    // An approval holds for the total it accepted: a revision that changes
    // the total asks the customer again.
    let approval_out_of_date =
        status == EstimateStatus::Approved && total_cents != current.total_cents;
    let mut document: sales_document::ActiveModel = current.clone().into();
    if approval_out_of_date {
        document.status = Set(EstimateStatus::Sent.key().to_string());
    }
    document.title = Set(valid.title);
    document.contact_id = Set(valid.contact_id);
    document.issued_on = Set(valid.issued_on);
    document.valid_until = Set(valid.valid_until);
    document.tax_rate_bp = Set(valid.tax_rate_bp);
    document.notes = Set(valid.notes);
    document.terms = Set(valid.terms);
    document.total_cents = Set(total_cents);
    document.revision = Set(revision);
    document.version = Set(current.version + 1);
    document.updated_at = Set(ctx.now);
    let updated = document.update(&txn).await?;
    write_lines(&txn, id, &valid.lines).await?;
    if revises {
        revisions::record(&txn, &updated, &valid.lines, ctx.now).await?;
    }
    let mut entry = Entry::change(action, ENTITY, id, changes);
    if let (Some(revision), serde_json::Value::Object(details)) =
        (revision_change, &mut entry.details)
    {
        details.insert("revision".into(), revision.into());
        if approval_out_of_date {
            details.insert("approval_out_of_date".into(), true.into());
        }
    }
    ctx.audit(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Marks an estimate sent: customers with Access Orders see it from now on.
pub async fn send(ctx: &Ctx, id: i32, version: i32) -> AppResult<()> {
    let txn = begin_write(&ctx.db).await?;
    let current = find_estimate(&txn, id).await?;
    if current.version != version {
        return Err(AppError::stale("this estimate"));
    }
    let from = status_today(&current, ctx.now.date_naive())?;
    let to = next_status(from, EstimateEvent::Send).map_err(AppError::Conflict)?;
    if let Some(until) = current
        .valid_until
        .filter(|until| *until < ctx.now.date_naive())
    {
        return Err(AppError::field(
            "valid_until",
            format!(
                "This estimate was valid until {}. Edit it to give a later date before sending it.",
                crate::components::format::date(&until)
            ),
        ));
    }
    // A revision takes one decision: after changes were requested or it was
    // declined, the customer decides again on a new revision.
    if super::decisions::decided(&txn, id, current.revision).await? {
        return Err(AppError::Conflict(format!(
            "The customer already decided on revision {}. Edit the estimate to make a new revision, then send it.",
            current.revision
        )));
    }
    let mut document: sales_document::ActiveModel = current.clone().into();
    document.status = Set(to.key().to_string());
    document.version = Set(current.version + 1);
    document.updated_at = Set(ctx.now);
    let sent = document.update(&txn).await?;
    // What the customer is shown from now on, written down.
    revisions::record(&txn, &sent, &read_lines(&txn, id).await?, ctx.now).await?;
    let mut changes = Changes::default();
    changes.field("status", from.key(), to.key());
    ctx.audit(
        &txn,
        Entry::change(AuditAction::EstimateSend, ENTITY, id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What an activity entry says happened.
fn activity_text(action: AuditAction, details: &serde_json::Value) -> String {
    match action {
        AuditAction::EstimateCreate => "Created the estimate".to_string(),
        AuditAction::EstimateUpdate => "Edited the draft".to_string(),
        AuditAction::EstimateRevise => match details.get("revision").and_then(|r| r.as_i64()) {
            Some(revision) if details.get("approval_out_of_date").is_some() => format!(
                "Revised the estimate (revision {revision}); the total changed, so the approval is out of date"
            ),
            Some(revision) => format!("Revised the estimate (revision {revision})"),
            None => "Revised the estimate".to_string(),
        },
        AuditAction::EstimateSend => "Marked the estimate sent".to_string(),
        AuditAction::EstimateView => "Opened the estimate".to_string(),
        AuditAction::EstimateApprove => "Approved the estimate".to_string(),
        AuditAction::EstimateRequestChanges => "Requested changes".to_string(),
        AuditAction::EstimateDecline => "Declined the estimate".to_string(),
        other => other.key().to_string(),
    }
}

/// An estimate as its page shows it.
pub async fn details(
    db: &impl ConnectionTrait,
    id: i32,
    today: NaiveDate,
) -> AppResult<EstimateDetails> {
    let document = find_estimate(db, id).await?;
    let status = status_today(&document, today)?;
    let organization_name = organization_name(db, document.organization_id).await?;
    let contact = match document.contact_id {
        Some(contact_id) => name_in(db, document.organization_id, contact_id)
            .await?
            .map(choice),
        None => None,
    };
    let lines = read_lines(db, id).await?;
    let totals = totals(&lines, document.tax_rate_bp);
    let decisions =
        super::decisions::records(db, id, document.revision, totals.total_cents).await?;
    let activity = trail(db, ENTITY, id, ACTIVITY_SHOWN)
        .await?
        .into_iter()
        .map(|entry| ActivityEntry {
            at: entry.at,
            who: entry.actor_label,
            what: activity_text(entry.action, &entry.details),
        })
        .collect();
    Ok(EstimateDetails {
        id,
        number: document.number,
        title: document.title,
        organization_id: document.organization_id,
        organization_name,
        contact,
        status,
        revision: document.revision,
        version: document.version,
        issued_on: document.issued_on,
        valid_until: document.valid_until,
        tax_rate_bp: document.tax_rate_bp,
        notes: document.notes,
        terms: document.terms,
        lines,
        totals,
        activity,
        decisions,
    })
}

/// A list row of an estimate, with its status as it shows `today`.
pub(super) fn summary(
    document: sales_document::Model,
    organization_name: String,
    today: NaiveDate,
) -> AppResult<EstimateSummary> {
    Ok(EstimateSummary {
        id: document.id,
        status: status_today(&document, today)?,
        number: document.number,
        title: document.title,
        organization_id: document.organization_id,
        organization_name,
        issued_on: document.issued_on,
        valid_until: document.valid_until,
        total_cents: document.total_cents,
    })
}

/// The estimates still waiting for their customer whose valid-until date has passed.
fn expired(today: NaiveDate) -> Condition {
    Condition::all()
        .add(sales_document::Column::Status.is_in([
            EstimateStatus::Sent.key(),
            EstimateStatus::Viewed.key(),
            EstimateStatus::ChangesRequested.key(),
        ]))
        .add(sales_document::Column::ValidUntil.lt(today))
}

/// Estimates in `status` as they show today (see `status::effective_status`).
fn in_status(status: EstimateStatus, today: NaiveDate) -> Condition {
    match status {
        EstimateStatus::Expired => expired(today),
        EstimateStatus::Sent | EstimateStatus::Viewed | EstimateStatus::ChangesRequested => {
            Condition::all()
                .add(sales_document::Column::Status.eq(status.key()))
                .add(
                    Condition::any()
                        .add(sales_document::Column::ValidUntil.is_null())
                        .add(sales_document::Column::ValidUntil.gte(today)),
                )
        }
        other => Condition::all().add(sales_document::Column::Status.eq(other.key())),
    }
}

/// A page of estimates, across organizations or of one, searched by number,
/// title or organization name.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: Option<i32>,
    search: &str,
    status: Option<EstimateStatus>,
    sort: EstimateSort,
    page: u64,
    today: NaiveDate,
) -> AppResult<EstimateList> {
    let mut query = sales_document::Entity::find()
        .filter(sales_document::Column::Kind.eq(DocumentKind::Estimate))
        .join(
            sea_orm::JoinType::InnerJoin,
            sales_document::Relation::Organization.def(),
        );
    if let Some(organization_id) = organization_id {
        query = query.filter(sales_document::Column::OrganizationId.eq(organization_id));
    }
    if !search.trim().is_empty() {
        let pattern = contains_pattern(search);
        let like = |column: Expr| column.like(LikeExpr::new(pattern.clone()).escape('\\'));
        query = query.filter(
            Condition::any()
                .add(like(
                    Func::lower(Expr::col((
                        sales_document::Entity,
                        sales_document::Column::Number,
                    )))
                    .into(),
                ))
                .add(like(
                    Func::lower(Expr::col((
                        sales_document::Entity,
                        sales_document::Column::Title,
                    )))
                    .into(),
                ))
                .add(like(
                    Func::lower(Expr::col((
                        organization::Entity,
                        organization::Column::Name,
                    )))
                    .into(),
                )),
        );
    }
    if let Some(status) = status {
        query = query.filter(in_status(status, today));
    }
    let total = query.clone().count(db).await?;
    let limit = ESTIMATES_PER_PAGE;
    let offset = offset_of(page, limit);
    query = match sort {
        EstimateSort::Newest => query
            .order_by_desc(sales_document::Column::IssuedOn)
            .order_by_desc(sales_document::Column::Id),
        EstimateSort::Number => query.order_by_asc(sales_document::Column::Id),
        EstimateSort::TotalHighest => query
            .order_by_desc(sales_document::Column::TotalCents)
            .order_by_desc(sales_document::Column::Id),
        EstimateSort::Organization => query
            .order_by_asc(organization::Column::Name)
            .order_by_desc(sales_document::Column::IssuedOn)
            .order_by_desc(sales_document::Column::Id),
    };
    let rows = query
        .select_also(organization::Entity)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|(document, organization)| {
            summary(
                document,
                organization.map(|o| o.name).unwrap_or_default(),
                today,
            )
        })
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
        at_least: false,
    })
}
