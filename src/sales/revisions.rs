//! Revisions as customers were shown them. When an estimate is sent, and at
//! every revision after that, its content is written down in one canonical
//! form with the SHA-256 of that form, so a decision names exactly what was
//! decided on, and a later edit can't change it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::totals::{totals, Totals};
use super::DocumentLine;
use crate::db::entities::{sales_document, sales_revision};
use crate::error::AppResult;

/// Everything a customer decides on, in a fixed field order.
#[derive(Serialize)]
struct CanonicalContent<'a> {
    number: &'a str,
    revision: i32,
    title: &'a str,
    issued_on: String,
    valid_until: Option<String>,
    tax_rate_bp: i64,
    notes: &'a str,
    terms: &'a str,
    lines: &'a [DocumentLine],
    totals: Totals,
}

/// The canonical JSON of a document at its current revision, and its SHA-256 in hex.
pub fn canonical_content(
    document: &sales_document::Model,
    lines: &[DocumentLine],
) -> (String, String) {
    let content = CanonicalContent {
        number: &document.number,
        revision: document.revision,
        title: &document.title,
        issued_on: document.issued_on.to_string(),
        valid_until: document.valid_until.map(|d| d.to_string()),
        tax_rate_bp: document.tax_rate_bp,
        notes: &document.notes,
        terms: &document.terms,
        lines,
        totals: totals(lines, document.tax_rate_bp),
    };
    let json = serde_json::to_string(&content).expect("plain data serializes");
    let digest = Sha256::digest(json.as_bytes());
    let hex = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    (json, hex)
}

/// Writes down the document's current revision, once.
pub async fn record(
    db: &impl ConnectionTrait,
    document: &sales_document::Model,
    lines: &[DocumentLine],
    now: DateTime<Utc>,
) -> AppResult<sales_revision::Model> {
    if let Some(existing) = find(db, document.id, document.revision).await? {
        return Ok(existing);
    }
    let (content, content_sha256) = canonical_content(document, lines);
    let row = sales_revision::ActiveModel {
        document_id: Set(document.id),
        revision: Set(document.revision),
        content: Set(content),
        content_sha256: Set(content_sha256),
        total_cents: Set(totals(lines, document.tax_rate_bp).total_cents),
        created_at: Set(now),
        ..Default::default()
    };
    // Two decisions arriving at once may both write the same revision down
    // (PostgreSQL lets both read that it is missing): the second one waits
    // for the first and then writes nothing. Its content is the same.
    sales_revision::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                sales_revision::Column::DocumentId,
                sales_revision::Column::Revision,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    find(db, document.id, document.revision)
        .await?
        .ok_or(crate::error::AppError::Internal)
}

pub async fn find(
    db: &impl ConnectionTrait,
    document_id: i32,
    revision: i32,
) -> AppResult<Option<sales_revision::Model>> {
    Ok(sales_revision::Entity::find()
        .filter(sales_revision::Column::DocumentId.eq(document_id))
        .filter(sales_revision::Column::Revision.eq(revision))
        .one(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(title: &str) -> sales_document::Model {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .to_utc();
        sales_document::Model {
            id: 1,
            kind: crate::sales::DocumentKind::Estimate,
            organization_id: 1,
            number: "EST-1001".into(),
            title: title.into(),
            contact_id: None,
            owner_staff_id: None,
            status: "sent".into(),
            revision: 1,
            version: 1,
            issued_on: now.date_naive(),
            valid_until: None,
            tax_rate_bp: 825,
            notes: String::new(),
            terms: "Net 30.".into(),
            total_cents: 0,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_same_content_has_the_same_hash_and_any_change_changes_it() {
        let lines = vec![DocumentLine {
            description: "Switch".into(),
            quantity: 1_000,
            unit: String::new(),
            unit_price_cents: 10_000,
            discount_bp: 0,
            taxable: true,
            optional: false,
            selected: true,
        }];
        let (json, hash) = canonical_content(&document("Network"), &lines);
        assert_eq!(canonical_content(&document("Network"), &lines).1, hash);
        assert_eq!(hash.len(), 64);
        assert!(
            json.starts_with(r#"{"number":"EST-1001","revision":1,"title":"Network""#),
            "{json}"
        );
        assert_ne!(canonical_content(&document("Network!"), &lines).1, hash);
        let mut cheaper = lines.clone();
        cheaper[0].unit_price_cents -= 1;
        assert_ne!(canonical_content(&document("Network"), &cheaper).1, hash);
    }
}
