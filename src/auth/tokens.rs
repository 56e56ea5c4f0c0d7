//! One-time tokens for emailed links: 256 random bits, handed out once in the
//! email and stored only as a SHA-256 hash. A link belongs to a contact or a
//! staff user. Issuing a new one for the same person and purpose retires the
//! previous link. Opening a link only looks at its token (`inspect`);
//! submitting the page uses it up (`consume`), so mail scanners that fetch
//! links do not spend them.
//!
//! Emails carry a placeholder where the secret goes (`SECRET_PLACEHOLDER`);
//! the worker issues the token and fills it in only as it delivers, so no
//! readable secret is ever stored.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use crate::db::entities::access_token;
use crate::error::AppResult;
use crate::server::config::Settings;

pub use super::TokenPurpose;

/// Stands in an email's bodies for the link's secret until delivery. Letters,
/// digits and dashes only, so no escaping (HTML, quoted-printable) changes it.
pub const SECRET_PLACEHOLDER: &str = "LINK-SECRET-FILLED-IN-ON-DELIVERY";

/// How a link's secret shows where the stored email is read back (View).
pub use super::LINK_SECRET_REDACTED as SECRET_REDACTED;

/// How long an emailed password-reset link works.
pub const RESET_LINK_LIFETIME_HOURS: i64 = 1;

/// Whom a link lets in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkOwner {
    Contact(i32),
    Staff(i32),
}

impl LinkOwner {
    fn condition(self) -> Condition {
        match self {
            Self::Contact(id) => Condition::all().add(access_token::Column::ContactId.eq(id)),
            Self::Staff(id) => Condition::all().add(access_token::Column::StaffUserId.eq(id)),
        }
    }

    fn of(row: &access_token::Model) -> Option<Self> {
        match (row.contact_id, row.staff_user_id) {
            (Some(id), None) => Some(Self::Contact(id)),
            (None, Some(id)) => Some(Self::Staff(id)),
            _ => None,
        }
    }
}

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

/// How long a link for `purpose` works once delivered.
pub fn lifetime(purpose: TokenPurpose, settings: &Settings) -> Duration {
    match purpose {
        TokenPurpose::Reset => Duration::hours(RESET_LINK_LIFETIME_HOURS),
        TokenPurpose::Invite => Duration::days(settings.invite_link_days),
    }
}

/// The link as an email is written: the page's address with the placeholder
/// where the secret will go.
pub fn placeholder_url(public_url: &str, purpose: TokenPurpose) -> String {
    format!("{public_url}{}?token={SECRET_PLACEHOLDER}", purpose.path())
}

/// Issues a token for `owner`, retiring any unused one for the same purpose.
/// Answers the secret, for the email being delivered and nowhere else.
pub async fn issue(
    db: &impl ConnectionTrait,
    owner: LinkOwner,
    purpose: TokenPurpose,
    lifetime: Duration,
    now: DateTime<Utc>,
) -> AppResult<String> {
    retire(db, owner, Some(purpose), now).await?;
    let token = new_token();
    let (contact_id, staff_user_id) = match owner {
        LinkOwner::Contact(id) => (Some(id), None),
        LinkOwner::Staff(id) => (None, Some(id)),
    };
    access_token::ActiveModel {
        contact_id: Set(contact_id),
        staff_user_id: Set(staff_user_id),
        purpose: Set(purpose),
        token_hash: Set(hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        replaced_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Marks a person's live links (of `purpose`, or all) replaced as of `now`:
/// a newer link is on its way, a password was set, or their email changed.
pub async fn retire(
    db: &impl ConnectionTrait,
    owner: LinkOwner,
    purpose: Option<TokenPurpose>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut live = access_token::Entity::update_many()
        .filter(owner.condition())
        .filter(access_token::Column::UsedAt.is_null())
        .filter(access_token::Column::ExpiresAt.gt(now));
    if let Some(purpose) = purpose {
        live = live.filter(access_token::Column::Purpose.eq(purpose));
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
        owner: LinkOwner,
    },
    Expired,
    /// A newer link for the same purpose was sent since.
    Replaced,
    Used,
    /// No such token (mistyped, cut short, or for another purpose).
    Unknown,
}

/// The shape every token has: 64 hex digits. Anything else is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Looks a token up without using it: what opening the link shows.
pub async fn inspect(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> AppResult<TokenState> {
    let token = token.trim();
    if !well_formed(token) {
        return Ok(TokenState::Unknown);
    }
    let found = access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(hash(token)))
        .filter(access_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?;
    Ok(match found {
        None => TokenState::Unknown,
        Some(row) if row.used_at.is_some() => TokenState::Used,
        Some(row) if row.replaced_at.is_some() => TokenState::Replaced,
        Some(row) if row.expires_at <= now => TokenState::Expired,
        Some(row) => match LinkOwner::of(&row) {
            Some(owner) => TokenState::Valid { owner },
            None => TokenState::Unknown,
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
    let token = token.trim();
    if !well_formed(token) {
        return Ok(TokenState::Unknown);
    }
    let token_hash = hash(token);
    let used = access_token::Entity::update_many()
        .filter(access_token::Column::TokenHash.eq(&token_hash))
        .filter(access_token::Column::Purpose.eq(purpose))
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
    let owner = access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .as_ref()
        .and_then(LinkOwner::of)
        .ok_or(crate::error::AppError::Internal)?;
    Ok(TokenState::Valid { owner })
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
