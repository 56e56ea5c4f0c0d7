//! Estimates as customers see them, and the decisions they make: approve,
//! request changes, decline. Every decision names the exact revision it was
//! made on, with its evidence, and each revision takes one decision: of two
//! submitted at once, one wins and the other is told what happened.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::BTreeSet;

use super::service::{details, find_estimate, stored_status, summary, ENTITY};
use super::status::{effective_status, next_status, EstimateEvent};
use super::totals::totals;
use super::{
    revisions, ApproveInput, DecisionKind, DecisionRecord, EstimateDetails, EstimateList,
    EstimateStatus, PortalEstimateFilter, ESTIMATES_PER_PAGE,
};
use crate::audit::service::{Changes, Entry};
use crate::audit::AuditAction;
use crate::auth::caller::ContactCaller;
use crate::db::begin_write;
use crate::db::entities::{sales_decision, sales_document, sales_line};
use crate::error::{AppError, AppResult};
use crate::paging::{offset_of, Page};
use crate::server::ctx::Ctx;

/// Longest comment, note or reason.
const MAX_COMMENT: usize = 5_000;

/// A decision as the contact made it.
pub enum Decision {
    Approve(ApproveInput),
    RequestChanges { note: String },
    Decline { reason: String },
}

impl Decision {
    fn kind(&self) -> DecisionKind {
        match self {
            Self::Approve(_) => DecisionKind::Approved,
            Self::RequestChanges { .. } => DecisionKind::ChangesRequested,
            Self::Decline { .. } => DecisionKind::Declined,
        }
    }
}

/// An organization's estimates that customers may see (never drafts).
pub async fn list_for_contact(
    db: &impl ConnectionTrait,
    organization_id: i32,
    filter: PortalEstimateFilter,
    page: u64,
    today: NaiveDate,
) -> AppResult<EstimateList> {
    let mut query = sales_document::Entity::find()
        .filter(sales_document::Column::Kind.eq(super::DocumentKind::Estimate))
        .filter(sales_document::Column::OrganizationId.eq(organization_id))
        .filter(sales_document::Column::Status.ne(EstimateStatus::Draft.key()));
    if filter == PortalEstimateFilter::Open {
        query = query
            .filter(
                sales_document::Column::Status
                    .is_in([EstimateStatus::Sent.key(), EstimateStatus::Viewed.key()]),
            )
            .filter(
                sea_orm::Condition::any()
                    .add(sales_document::Column::ValidUntil.is_null())
                    .add(sales_document::Column::ValidUntil.gte(today)),
            );
    }
    let total = query.clone().count(db).await?;
    let limit = ESTIMATES_PER_PAGE;
    let offset = offset_of(page, limit);
    let rows = query
        .order_by_desc(sales_document::Column::IssuedOn)
        .order_by_desc(sales_document::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|document| summary(document, String::new(), today))
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
        at_least: false,
    })
}

/// One of the contact's organization's estimates, as the portal shows it;
/// opening a sent one marks it viewed. Drafts and other organizations'
/// estimates are not found.
pub async fn open_for_contact(
    ctx: &Ctx,
    contact: &ContactCaller,
    id: i32,
) -> AppResult<EstimateDetails> {
    let today = ctx.now.date_naive();
    let document = find_estimate(&ctx.db, id).await?;
    let status = stored_status(&document)?;
    if document.organization_id != contact.organization_id || !status.is_visible_to_customer() {
        return Err(AppError::NotFound);
    }
    if effective_status(status, document.valid_until, today) == EstimateStatus::Sent {
        let txn = begin_write(&ctx.db).await?;
        let current = find_estimate(&txn, id).await?;
        if stored_status(&current)? == EstimateStatus::Sent {
            let mut viewed: sales_document::ActiveModel = current.clone().into();
            viewed.status = Set(EstimateStatus::Viewed.key().to_string());
            viewed.version = Set(current.version + 1);
            viewed.updated_at = Set(ctx.now);
            viewed.update(&txn).await?;
            let mut changes = Changes::default();
            changes.field(
                "status",
                EstimateStatus::Sent.key(),
                EstimateStatus::Viewed.key(),
            );
            ctx.audit(
                &txn,
                Entry::change(AuditAction::EstimateView, ENTITY, id, changes),
            )
            .await?;
        }
        txn.commit().await?;
    }
    let mut estimate = details(&ctx.db, id, today).await?;
    // Where and with what a decision was made is for staff.
    for decision in &mut estimate.decisions {
        decision.client_ip = None;
        decision.user_agent = None;
    }
    Ok(estimate)
}

fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::field(
            field,
            format!("Keep this under {max} characters."),
        ));
    }
    Ok(value.to_string())
}

/// What happened to an estimate someone else decided first, in a sentence.
async fn already_decided(db: &impl ConnectionTrait, document_id: i32) -> AppResult<AppError> {
    let latest = sales_decision::Entity::find()
        .filter(sales_decision::Column::DocumentId.eq(document_id))
        .order_by_desc(sales_decision::Column::Id)
        .one(db)
        .await?;
    Ok(AppError::Conflict(match latest {
        Some(decision) => format!(
            "{} already {} this estimate on {}. Reload to see where it stands.",
            decision
                .contact_label
                .split(" <")
                .next()
                .unwrap_or("Someone"),
            match decision.kind {
                DecisionKind::Approved => "approved",
                DecisionKind::ChangesRequested => "requested changes to",
                DecisionKind::Declined => "declined",
            },
            crate::components::format::date_time(&decision.decided_at),
        ),
        None => "This estimate has changed. Reload to see where it stands.".to_string(),
    }))
}

/// Records `decision` on revision `revision` of estimate `id`, for `contact`.
pub async fn decide(
    ctx: &Ctx,
    contact: &ContactCaller,
    id: i32,
    revision: i32,
    decision: Decision,
) -> AppResult<()> {
    // Input first: nothing is written for a form that is not complete.
    let (signer_name, po_number, comment, chosen) = match &decision {
        Decision::Approve(input) => {
            if !input.accept_terms {
                return Err(AppError::field(
                    "accept_terms",
                    "Tick “I have read and accept the terms” to approve.",
                ));
            }
            let signer_name = text("signer_name", &input.signer_name, 200)?;
            if signer_name.is_empty() {
                return Err(AppError::field(
                    "signer_name",
                    "Type your full name to approve.",
                ));
            }
            let chosen = input
                .chosen
                .iter()
                .filter(|(_, on)| **on)
                .map(|(position, _)| position.parse::<usize>())
                .collect::<Result<BTreeSet<_>, _>>()
                .map_err(|_| AppError::form("Choose among the estimate's optional lines."))?;
            (
                signer_name,
                text("po_number", &input.po_number, 100)?,
                text("comment", &input.comment, MAX_COMMENT)?,
                chosen,
            )
        }
        Decision::RequestChanges { note } => {
            let note = text("note", note, MAX_COMMENT)?;
            if note.is_empty() {
                return Err(AppError::field("note", "Say what should change."));
            }
            (String::new(), String::new(), note, BTreeSet::new())
        }
        Decision::Decline { reason } => (
            String::new(),
            String::new(),
            text("reason", reason, MAX_COMMENT)?,
            BTreeSet::new(),
        ),
    };
    let kind = decision.kind();
    let txn = begin_write(&ctx.db).await?;
    let evidence = Evidence {
        signer_name,
        po_number,
        comment,
        chosen,
    };
    // A refused decision rolls back at once: a transaction only dropped
    // would keep SQLite's write lock until its connection is next used,
    // and the other decisions waiting for that lock would time out.
    match record(ctx, &txn, contact, id, revision, kind, evidence).await {
        Ok(true) => {
            txn.commit().await?;
            Ok(())
        }
        Ok(false) => {
            txn.rollback().await?;
            Err(already_decided(&ctx.db, id).await?)
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err)
        }
    }
}

/// What the contact gave with their decision, checked.
struct Evidence {
    signer_name: String,
    po_number: String,
    comment: String,
    chosen: BTreeSet<usize>,
}

/// Records the decision inside `txn`; `false` when another decision on the
/// same revision got there first.
async fn record(
    ctx: &Ctx,
    txn: &DatabaseTransaction,
    contact: &ContactCaller,
    id: i32,
    revision: i32,
    kind: DecisionKind,
    evidence: Evidence,
) -> AppResult<bool> {
    let Evidence {
        signer_name,
        po_number,
        comment,
        chosen,
    } = evidence;
    let document = find_estimate(txn, id).await?;
    let stored = stored_status(&document)?;
    if document.organization_id != contact.organization_id || !stored.is_visible_to_customer() {
        return Err(AppError::NotFound);
    }
    let status = effective_status(stored, document.valid_until, ctx.now.date_naive());
    let event = match kind {
        DecisionKind::Approved => EstimateEvent::Approve,
        DecisionKind::ChangesRequested => EstimateEvent::RequestChanges,
        DecisionKind::Declined => EstimateEvent::Decline,
    };
    if let Err(why) = next_status(status, event) {
        let decided = matches!(
            status,
            EstimateStatus::Approved | EstimateStatus::ChangesRequested | EstimateStatus::Declined
        );
        return Err(if decided && document.revision == revision {
            already_decided(txn, id).await?
        } else {
            AppError::Conflict(why)
        });
    }
    if document.revision != revision {
        return Err(AppError::Conflict(format!(
            "This estimate was revised while you were reading it. Review revision {} and decide again.",
            document.revision
        )));
    }
    let shown_lines = super::service::read_lines(txn, id).await?;
    let mut lines = shown_lines.clone();
    for (position, line) in lines.iter_mut().enumerate() {
        if line.optional {
            line.selected = kind == DecisionKind::Approved && chosen.contains(&position);
        } else if chosen.contains(&position) {
            return Err(AppError::form("Only optional lines can be chosen."));
        }
    }
    if chosen.iter().any(|position| *position >= lines.len()) {
        return Err(AppError::form(
            "Choose among the estimate's optional lines.",
        ));
    }
    // The revision was written down when it was sent; older estimates (or
    // demo data) get it now, from the same content.
    let shown = revisions::record(txn, &document, &shown_lines, ctx.now).await?;
    let accepted_total_cents = match kind {
        DecisionKind::Approved => totals(&lines, document.tax_rate_bp).total_cents,
        _ => 0,
    };
    let inserted = sales_decision::ActiveModel {
        document_id: Set(id),
        revision: Set(revision),
        kind: Set(kind),
        contact_id: Set(Some(contact.id)),
        contact_label: Set(format!("{} <{}>", contact.name, contact.email)),
        signer_name: Set(signer_name.clone()),
        po_number: Set(po_number.clone()),
        comment: Set(comment.clone()),
        terms_shown: Set(document.terms.clone()),
        chosen_lines: Set(serde_json::to_string(&chosen).expect("numbers serialize")),
        accepted_total_cents: Set(accepted_total_cents),
        content_sha256: Set(shown.content_sha256.clone()),
        client_ip: Set(ctx.client_ip.clone()),
        user_agent: Set(ctx.user_agent.clone()),
        decided_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(txn)
    .await;
    match inserted {
        Ok(_) => {}
        // Another decision on this revision committed first (PostgreSQL
        // lets both read the waiting estimate; the unique index decides).
        Err(err) if is_unique_violation(&err) => return Ok(false),
        Err(err) => return Err(err.into()),
    }
    if kind == DecisionKind::Approved {
        for (position, line) in lines.iter().enumerate().filter(|(_, line)| line.optional) {
            sales_line::Entity::update_many()
                .col_expr(
                    sales_line::Column::Selected,
                    sea_orm::sea_query::Expr::value(line.selected),
                )
                .filter(sales_line::Column::DocumentId.eq(id))
                .filter(sales_line::Column::Position.eq(position as i32))
                .exec(txn)
                .await?;
        }
    }
    let to = kind.status();
    let mut updated: sales_document::ActiveModel = document.clone().into();
    updated.status = Set(to.key().to_string());
    updated.version = Set(document.version + 1);
    updated.updated_at = Set(ctx.now);
    if kind == DecisionKind::Approved {
        updated.total_cents = Set(accepted_total_cents);
    }
    updated.update(txn).await?;
    let action = match kind {
        DecisionKind::Approved => AuditAction::EstimateApprove,
        DecisionKind::ChangesRequested => AuditAction::EstimateRequestChanges,
        DecisionKind::Declined => AuditAction::EstimateDecline,
    };
    ctx.audit(
        txn,
        Entry {
            action,
            entity_type: ENTITY,
            entity_id: Some(id),
            details: serde_json::json!({
                "revision": revision,
                "content_sha256": shown.content_sha256,
                "signer_name": signer_name,
                "po_number": po_number,
                "comment": comment,
                "accepted_total_cents": accepted_total_cents,
            }),
            client_ip: None,
        },
    )
    .await?;
    Ok(true)
}

/// Whether revision `revision` of a document has its decision.
pub async fn decided(
    db: &impl ConnectionTrait,
    document_id: i32,
    revision: i32,
) -> AppResult<bool> {
    Ok(sales_decision::Entity::find()
        .filter(sales_decision::Column::DocumentId.eq(document_id))
        .filter(sales_decision::Column::Revision.eq(revision))
        .count(db)
        .await?
        > 0)
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// A document's decisions, newest first; approvals of an earlier revision
/// whose total differs from the current one are out of date.
pub async fn records(
    db: &impl ConnectionTrait,
    document_id: i32,
    current_revision: i32,
    current_total_cents: i64,
) -> AppResult<Vec<DecisionRecord>> {
    Ok(sales_decision::Entity::find()
        .filter(sales_decision::Column::DocumentId.eq(document_id))
        .order_by_desc(sales_decision::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|decision| DecisionRecord {
            out_of_date: decision.kind == DecisionKind::Approved
                && decision.revision < current_revision
                && decision.accepted_total_cents != current_total_cents,
            kind: decision.kind,
            revision: decision.revision,
            contact_label: decision.contact_label,
            signer_name: decision.signer_name,
            po_number: decision.po_number,
            comment: decision.comment,
            chosen_lines: serde_json::from_str(&decision.chosen_lines).unwrap_or_default(),
            accepted_total_cents: decision.accepted_total_cents,
            content_sha256: decision.content_sha256,
            client_ip: decision.client_ip,
            user_agent: decision.user_agent,
            decided_at: decision.decided_at,
        })
        .collect())
}
