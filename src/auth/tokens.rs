//! One-time tokens for emailed links: 256 random bits, handed out once in the
//! email and stored only as a SHA-256 hash. Issuing a new one for the same
//! contact and purpose retires the previous link. Opening a link only looks
//! at its token (`inspect`); submitting the page uses it up (`consume`), so
//! mail scanners that fetch links do not spend them.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::db::entities::access_token;
use crate::error::AppResult;

pub use super::TokenPurpose;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-256 of a secret: what is stored instead of it.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// A freshly issued token: the secret goes in the email, never in the database.
pub struct IssuedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl IssuedToken {
    pub fn url(&self, public_url: &str, purpose: TokenPurpose) -> String {
        format!("{public_url}{}?token={}", purpose.path(), self.token)
    }
}

/// Issues a token for `contact_id`, retiring any unused one for the same purpose.
pub async fn issue(
    db: &impl ConnectionTrait,
    contact_id: i32,
    purpose: TokenPurpose,
    lifetime: Duration,
    now: DateTime<Utc>,
) -> AppResult<IssuedToken> {
    retire(db, contact_id, Some(purpose), now).await?;
    let token = new_token();
    let expires_at = now + lifetime;
    access_token::ActiveModel {
        contact_id: Set(contact_id),
        purpose: Set(purpose.key().to_string()),
        token_hash: Set(hash(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        replaced_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(IssuedToken { token, expires_at })
}

/// Retires every unused link of a contact, of either purpose: once a password
/// is set, older invites and resets must not set another.
pub async fn retire_all(
    db: &impl ConnectionTrait,
    contact_id: i32,
    now: DateTime<Utc>,
) -> AppResult<()> {
    retire(db, contact_id, None, now).await
}

/// Marks a contact's live links (of `purpose`, or all) replaced as of `now`.
async fn retire(
    db: &impl ConnectionTrait,
    contact_id: i32,
    purpose: Option<TokenPurpose>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut live = access_token::Entity::update_many()
        .filter(access_token::Column::ContactId.eq(contact_id))
        .filter(access_token::Column::UsedAt.is_null())
        .filter(access_token::Column::ExpiresAt.gt(now));
    if let Some(purpose) = purpose {
        live = live.filter(access_token::Column::Purpose.eq(purpose.key()));
    }
    live.col_expr(access_token::Column::ExpiresAt, now.into())
        .col_expr(access_token::Column::ReplacedAt, now.into())
        .exec(db)
        .await?;
    Ok(())
}

/// What an emailed link's token is good for right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenState {
    /// Unused and unexpired: the page may be shown and submitted.
    Valid {
        contact_id: i32,
    },
    Expired,
    /// A newer link for the same purpose was sent since.
    Replaced,
    Used,
    /// No such token (mistyped, cut short, or for another purpose).
    Unknown,
}

/// Looks a token up without using it: what opening the link shows.
pub async fn inspect(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> AppResult<TokenState> {
    let found = access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(hash(token.trim())))
        .filter(access_token::Column::Purpose.eq(purpose.key()))
        .one(db)
        .await?;
    Ok(match found {
        None => TokenState::Unknown,
        Some(row) if row.used_at.is_some() => TokenState::Used,
        Some(row) if row.replaced_at.is_some() => TokenState::Replaced,
        Some(row) if row.expires_at <= now => TokenState::Expired,
        Some(row) => TokenState::Valid {
            contact_id: row.contact_id,
        },
    })
}

/// Uses a token up, inside the caller's write transaction. Exactly one of any
/// number of concurrent submissions gets `Valid`: the update only matches an
/// unused, unexpired row, and the database lets one writer change it. The
/// others learn why the link no longer works.
pub async fn consume(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> AppResult<TokenState> {
    let token_hash = hash(token.trim());
    let used = access_token::Entity::update_many()
        .filter(access_token::Column::TokenHash.eq(&token_hash))
        .filter(access_token::Column::Purpose.eq(purpose.key()))
        .filter(access_token::Column::UsedAt.is_null())
        .filter(access_token::Column::ExpiresAt.gt(now))
        .col_expr(access_token::Column::UsedAt, now.into())
        .exec(db)
        .await?;
    if used.rows_affected == 0 {
        return match inspect(db, token, purpose, now).await? {
            // Valid a moment ago but not now: someone else just used it.
            TokenState::Valid { .. } => Ok(TokenState::Used),
            other => Ok(other),
        };
    }
    let contact_id = access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(|row| row.contact_id)
        .ok_or(crate::error::AppError::Internal)?;
    Ok(TokenState::Valid { contact_id })
}

/// "in 1 hour", "in 7 days": how emails describe a link's lifetime.
pub fn describe_lifetime(lifetime: Duration) -> String {
    let hours = lifetime.num_hours();
    if hours >= 48 && hours % 24 == 0 {
        format!("in {} days", hours / 24)
    } else if hours == 1 {
        "in 1 hour".to_string()
    } else if hours > 1 {
        format!("in {hours} hours")
    } else {
        format!("in {} minutes", lifetime.num_minutes().max(1))
    }
}
