//! One-time tokens for emailed links: 256 random bits, handed out once in the
//! email and stored only as a SHA-256 hash. Issuing a new one for the same
//! contact and purpose retires the previous link.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::db::entities::access_token;
use crate::error::AppResult;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    Invite,
    Reset,
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        match self {
            Self::Invite => "invite",
            Self::Reset => "reset",
        }
    }

    /// The page the emailed link opens.
    pub fn path(self) -> &'static str {
        match self {
            Self::Invite => "/accept-invite",
            Self::Reset => "/reset-password",
        }
    }
}

pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    access_token::Entity::update_many()
        .filter(access_token::Column::ContactId.eq(contact_id))
        .filter(access_token::Column::Purpose.eq(purpose.key()))
        .filter(access_token::Column::UsedAt.is_null())
        .col_expr(access_token::Column::ExpiresAt, now.into())
        .exec(db)
        .await?;
    let token = new_token();
    let expires_at = now + lifetime;
    access_token::ActiveModel {
        contact_id: Set(contact_id),
        purpose: Set(purpose.key().to_string()),
        token_hash: Set(hash(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(IssuedToken { token, expires_at })
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
