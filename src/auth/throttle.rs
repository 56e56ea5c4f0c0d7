//! Sign-in and password-reset throttling. Every attempt is a row in
//! `auth_attempt`, so the limits hold across all app servers sharing the
//! database, and the rows are the log of who tried what from where.
//!
//! Sign-in: an account may fail 10 times in 15 minutes; after that each next
//! attempt waits twice as long as the one before (30 s, 1 min, 2 min, … at most
//! 15 min). Refused attempts are logged but not counted, and failures older
//! than 15 minutes are forgotten, so a lock never outlives the attack by more
//! than 15 minutes. An address the account signed in from in the last 30 days
//! only counts its own failures, so the real user gets in during an attack on
//! their account. One address may fail 50 times in 15 minutes, across all
//! accounts, before the same growing delay applies to it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::db::entities::auth_attempt;
use crate::error::AppResult;

/// Failed sign-ins in this window count towards a delay.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures an account may have in the window before the delay starts.
pub const ACCOUNT_FAILURES: u64 = 10;
/// Failures one client address may have in the window, across accounts.
pub const ADDRESS_FAILURES: u64 = 50;
/// The first delay; it doubles with each further failure.
const FIRST_DELAY_SECONDS: i64 = 30;
/// An address the account signed in from this recently is trusted.
const KNOWN_ADDRESS_DAYS: i64 = 30;
/// Password-reset emails one address may ask for in an hour.
pub const RESETS_PER_EMAIL: u64 = 3;
/// Password-reset requests one client address may make in an hour.
pub const RESETS_PER_ADDRESS: u64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptKind {
    SignIn,
    ResetRequest,
}

impl AttemptKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::ResetRequest => "reset_request",
        }
    }
}

/// How an attempt ended, as the log says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    SignedIn,
    WrongPassword,
    UnknownEmail,
    NotActive,
    Throttled,
    /// A password was set through an emailed link: proof of the mailbox.
    PasswordChanged,
    ResetSent,
    /// A reset asked for an address no one can sign in with; nothing was sent.
    ResetNotSent,
    /// The portal failed while checking (the database, say).
    Error,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::WrongPassword => "wrong_password",
            Self::UnknownEmail => "unknown_email",
            Self::NotActive => "not_active",
            Self::Throttled => "throttled",
            Self::PasswordChanged => "password_changed",
            Self::ResetSent => "reset_sent",
            Self::ResetNotSent => "reset_not_sent",
            Self::Error => "error",
        }
    }

    fn succeeded(self) -> bool {
        matches!(self, Self::SignedIn | Self::PasswordChanged)
    }
}

/// How long attempts are kept: the sign-in log, and the 30 days of known addresses.
pub const ATTEMPT_LOG_DAYS: i64 = 90;

/// Forgets attempts older than `ATTEMPT_LOG_DAYS`; answers how many.
pub async fn forget_old(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let deleted = auth_attempt::Entity::delete_many()
        .filter(auth_attempt::Column::AttemptedAt.lt(now - Duration::days(ATTEMPT_LOG_DAYS)))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

/// Writes one attempt down.
pub async fn record(
    db: &impl ConnectionTrait,
    kind: AttemptKind,
    email: &str,
    client_ip: Option<&str>,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> AppResult<()> {
    tracing::info!(
        kind = kind.key(),
        %email,
        client_ip = client_ip.unwrap_or("-"),
        outcome = outcome.key(),
        "auth attempt"
    );
    auth_attempt::ActiveModel {
        kind: Set(kind.key().to_string()),
        email: Set(email.to_string()),
        client_ip: Set(client_ip.map(str::to_string)),
        outcome: Set(outcome.key().to_string()),
        succeeded: Set(outcome.succeeded()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The outcomes that count as a failed guess.
fn failure_keys() -> [&'static str; 2] {
    [Outcome::WrongPassword.key(), Outcome::UnknownEmail.key()]
}

/// How long to wait after the latest of `failures` failures, `free` of which cost nothing.
fn delay_after(failures: u64, free: u64) -> Option<Duration> {
    if failures < free {
        return None;
    }
    let doublings = (failures - free).min(10) as u32;
    let seconds = (FIRST_DELAY_SECONDS << doublings).min(WINDOW_MINUTES * 60);
    Some(Duration::seconds(seconds))
}

/// Counts failures matching `scope` since `since`, and when the latest was.
async fn failures_since(
    db: &impl ConnectionTrait,
    scope: sea_orm::Condition,
    since: DateTime<Utc>,
) -> AppResult<(u64, Option<DateTime<Utc>>)> {
    let (count, latest): (i64, Option<DateTime<Utc>>) = auth_attempt::Entity::find()
        .select_only()
        .column_as(auth_attempt::Column::Id.count(), "count")
        .column_as(auth_attempt::Column::AttemptedAt.max(), "latest")
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn.key()))
        .filter(auth_attempt::Column::Outcome.is_in(failure_keys()))
        .filter(auth_attempt::Column::AttemptedAt.gt(since))
        .filter(scope)
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    Ok((count.max(0) as u64, latest))
}

/// The wait still left after `failures`, the latest at `latest`.
fn remaining(
    failures: u64,
    latest: Option<DateTime<Utc>>,
    free: u64,
    now: DateTime<Utc>,
) -> Option<Duration> {
    let until = latest? + delay_after(failures, free)?;
    (until > now).then(|| until - now)
}

/// `None` when this sign-in may go ahead; else how long to wait.
pub async fn sign_in_wait(
    db: &impl ConnectionTrait,
    email: &str,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Option<Duration>> {
    let window_start = now - Duration::minutes(WINDOW_MINUTES);
    let latest_success = |scope: sea_orm::Condition| {
        auth_attempt::Entity::find()
            .select_only()
            .column_as(auth_attempt::Column::AttemptedAt.max(), "latest")
            .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn.key()))
            .filter(auth_attempt::Column::Email.eq(email))
            .filter(auth_attempt::Column::Succeeded.eq(true))
            .filter(scope)
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(db)
    };
    // A new password set through an emailed link wipes the slate for every
    // address. A sign-in only does so for its own address: the real user
    // signing in must not hand an attacker elsewhere a fresh set of guesses.
    let password_changed = latest_success(
        sea_orm::Condition::all()
            .add(auth_attempt::Column::Outcome.eq(Outcome::PasswordChanged.key())),
    )
    .await?
    .flatten();
    let known_since = match client_ip {
        Some(ip) => latest_success(
            sea_orm::Condition::all()
                .add(auth_attempt::Column::ClientIp.eq(ip))
                .add(
                    auth_attempt::Column::AttemptedAt.gt(now - Duration::days(KNOWN_ADDRESS_DAYS)),
                ),
        )
        .await?
        .flatten(),
        None => None,
    };
    let since = [password_changed, known_since]
        .into_iter()
        .flatten()
        .fold(window_start, DateTime::max);
    let mut account = sea_orm::Condition::all().add(auth_attempt::Column::Email.eq(email));
    if known_since.is_some() {
        account = account.add(auth_attempt::Column::ClientIp.eq(client_ip));
    }
    let (failures, latest) = failures_since(db, account, since).await?;
    let account_wait = remaining(failures, latest, ACCOUNT_FAILURES, now);

    let address_wait = match client_ip {
        Some(ip) => {
            let scope = sea_orm::Condition::all().add(auth_attempt::Column::ClientIp.eq(ip));
            let (failures, latest) = failures_since(db, scope, window_start).await?;
            remaining(failures, latest, ADDRESS_FAILURES, now)
        }
        None => None,
    };
    Ok(account_wait.max(address_wait))
}

/// Whether another reset email may be asked for now, for this email and address.
pub async fn reset_allowed(
    db: &impl ConnectionTrait,
    email: &str,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let asked = |scope: sea_orm::Condition| {
        auth_attempt::Entity::find()
            .filter(auth_attempt::Column::Kind.eq(AttemptKind::ResetRequest.key()))
            .filter(auth_attempt::Column::Outcome.ne(Outcome::Throttled.key()))
            .filter(auth_attempt::Column::AttemptedAt.gt(now - Duration::hours(1)))
            .filter(scope)
            .count(db)
    };
    if asked(sea_orm::Condition::all().add(auth_attempt::Column::Email.eq(email))).await?
        >= RESETS_PER_EMAIL
    {
        return Ok(false);
    }
    if let Some(ip) = client_ip {
        if asked(sea_orm::Condition::all().add(auth_attempt::Column::ClientIp.eq(ip))).await?
            >= RESETS_PER_ADDRESS
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// "30 seconds", "2 minutes": a wait as a person reads it, rounded up.
pub fn describe_wait(wait: Duration) -> String {
    let seconds = wait.num_seconds().max(1);
    if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else {
        let minutes = (seconds + 59) / 60;
        if minutes == 1 {
            "1 minute".to_string()
        } else {
            format!("{minutes} minutes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_at_the_limit_and_doubles_up_to_the_window() {
        assert_eq!(delay_after(9, 10), None);
        assert_eq!(delay_after(10, 10), Some(Duration::seconds(30)));
        assert_eq!(delay_after(11, 10), Some(Duration::seconds(60)));
        assert_eq!(delay_after(14, 10), Some(Duration::seconds(480)));
        assert_eq!(delay_after(15, 10), Some(Duration::seconds(900)));
        assert_eq!(delay_after(60, 10), Some(Duration::seconds(900)));
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(describe_wait(Duration::seconds(1)), "1 second");
        assert_eq!(describe_wait(Duration::seconds(30)), "30 seconds");
        assert_eq!(describe_wait(Duration::seconds(61)), "2 minutes");
        assert_eq!(describe_wait(Duration::seconds(60)), "1 minute");
    }
}
