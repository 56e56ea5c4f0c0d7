//! How contact rows are written, shared by staff's contact cards and the
//! portal's Contacts pages, so both keep the search text, the version and the
//! timestamps the same way.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, UpdateMany};

use super::ContactEdit;
use crate::db::entities::contact;

/// A new contact's row: no password, not invited, never signed in.
pub fn new_row(
    organization_id: i32,
    edit: &ContactEdit,
    level: Option<i32>,
    revoked_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> contact::ActiveModel {
    contact::ActiveModel {
        organization_id: Set(organization_id),
        title: Set(edit.title.clone()),
        first_name: Set(edit.first_name.clone()),
        last_name: Set(edit.last_name.clone()),
        email: Set(edit.email.clone()),
        phone: Set(edit.phone.clone()),
        status: Set(edit.status),
        access_level_id: Set(level),
        access_revoked_at: Set(revoked_at),
        is_default_notification: Set(false),
        password_hash: Set(None),
        invited_at: Set(None),
        activated_at: Set(None),
        last_login_at: Set(None),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Saves the person's fields and access level, only if the row is still at
/// `version` (check the result with `db::ensure_saved`); bumps the version.
pub fn save_if_current(
    id: i32,
    version: i32,
    edit: &ContactEdit,
    level: Option<i32>,
    now: DateTime<Utc>,
) -> UpdateMany<contact::Entity> {
    contact::Entity::update_many()
        .col_expr(contact::Column::Title, Expr::value(edit.title.clone()))
        .col_expr(
            contact::Column::FirstName,
            Expr::value(edit.first_name.clone()),
        )
        .col_expr(
            contact::Column::LastName,
            Expr::value(edit.last_name.clone()),
        )
        .col_expr(contact::Column::Email, Expr::value(edit.email.clone()))
        .col_expr(
            contact::Column::SearchText,
            Expr::value(contact::search_text(
                &edit.first_name,
                &edit.last_name,
                &edit.email,
            )),
        )
        .col_expr(contact::Column::Phone, Expr::value(edit.phone.clone()))
        .col_expr(contact::Column::Status, Expr::value(edit.status))
        .col_expr(contact::Column::AccessLevelId, Expr::value(level))
        .col_expr(
            contact::Column::Version,
            Expr::col(contact::Column::Version).add(1),
        )
        .col_expr(contact::Column::UpdatedAt, Expr::value(now))
        .filter(contact::Column::Id.eq(id))
        .filter(contact::Column::Version.eq(version))
}
