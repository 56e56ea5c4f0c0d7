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
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::db::entities::auth_attempt;
use crate::error::{AppError, AppResult};

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
/// New passwords (accept-invite, reset, change password) one client address
/// may submit in the window: each costs an Argon2 hash.
pub const PASSWORD_SETS_PER_ADDRESS: u64 = 10;

crate::stored::stored_enum! {
    /// What was attempted. Stored as its key.
    pub enum AttemptKind in "snake_case" {
        SignIn,
        ResetRequest,
        /// A new password submitted through an emailed link or "Change password".
        PasswordSet,
    }
}

impl AttemptKind {
    pub fn key(self) -> &'static str {
        self.into()
    }
}

crate::stored::stored_enum! {
    /// How an attempt ended, as the log says it. Stored as its key.
    pub enum Outcome in "snake_case" {
        /// Reserved and being checked right now: counts as a failure until it is
        /// settled, so guesses sent at once cannot all slip under the limit.
        Checking,
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
        /// A new password was submitted (invite, reset, change), whatever came of it.
        PasswordSubmitted,
        /// The portal failed while checking (the database, say).
        Error,
    }
}

impl Outcome {
    pub fn key(self) -> &'static str {
        self.into()
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

/// Writes one attempt down; answers its id.
pub async fn record(
    db: &impl ConnectionTrait,
    kind: AttemptKind,
    email: &str,
    client_ip: Option<&str>,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> AppResult<i32> {
    tracing::info!(
        kind = kind.key(),
        %email,
        client_ip = client_ip.unwrap_or("-"),
        outcome = outcome.key(),
        "auth attempt"
    );
    let row = auth_attempt::ActiveModel {
        kind: Set(kind),
        email: Set(email.to_string()),
        client_ip: Set(client_ip.map(str::to_string)),
        outcome: Set(outcome),
        succeeded: Set(outcome.succeeded()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Records how a reserved attempt (`reserve_sign_in`) ended.
pub async fn settle(db: &impl ConnectionTrait, attempt_id: i32, outcome: Outcome) -> AppResult<()> {
    tracing::info!(attempt_id, outcome = outcome.key(), "auth attempt settled");
    auth_attempt::Entity::update_many()
        .col_expr(auth_attempt::Column::Outcome, Expr::value(outcome))
        .col_expr(
            auth_attempt::Column::Succeeded,
            Expr::value(outcome.succeeded()),
        )
        .filter(auth_attempt::Column::Id.eq(attempt_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The outcomes that count as a failed guess: wrong ones, and those still
/// being checked.
fn failures() -> [Outcome; 3] {
    [
        Outcome::WrongPassword,
        Outcome::UnknownEmail,
        Outcome::Checking,
    ]
}

/// A sign-in that may go ahead: its reserved row, to be settled with the result.
pub struct Reserved(pub i32);

/// Counts the recent failures for `email` and `client_ip` and, if no delay
/// applies, records this attempt as being checked, all in one transaction:
/// of any number of guesses sent at once, only as many as the limit allows
/// reach the password check. Otherwise records it as throttled and answers
/// how long to wait.
pub async fn reserve_sign_in(
    db: &impl TransactionTrait,
    email: &str,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Result<Reserved, Duration>> {
    let txn = crate::db::begin_write(db).await?;
    crate::db::advisory_lock(&txn, &format!("sign-in account {email}")).await?;
    if let Some(ip) = client_ip {
        crate::db::advisory_lock(&txn, &format!("sign-in address {ip}")).await?;
    }
    let answer = match sign_in_wait(&txn, email, client_ip, now).await? {
        Some(wait) => {
            record(
                &txn,
                AttemptKind::SignIn,
                email,
                client_ip,
                Outcome::Throttled,
                now,
            )
            .await?;
            Err(wait)
        }
        None => Ok(Reserved(
            record(
                &txn,
                AttemptKind::SignIn,
                email,
                client_ip,
                Outcome::Checking,
                now,
            )
            .await?,
        )),
    };
    txn.commit().await?;
    Ok(answer)
}

/// Counts a new password submitted from `client_ip` (accept-invite, reset,
/// change password) and refuses once the address has sent too many in the
/// window: each one costs an Argon2 hash.
pub async fn allow_password_set(
    db: &impl TransactionTrait,
    email: &str,
    client_ip: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(ip) = client_ip else {
        return Ok(());
    };
    let txn = crate::db::begin_write(db).await?;
    crate::db::advisory_lock(&txn, &format!("password address {ip}")).await?;
    let recent = auth_attempt::Entity::find()
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::PasswordSet))
        .filter(auth_attempt::Column::ClientIp.eq(ip))
        .filter(auth_attempt::Column::Outcome.ne(Outcome::Throttled))
        .filter(auth_attempt::Column::AttemptedAt.gt(now - Duration::minutes(WINDOW_MINUTES)))
        .count(&txn)
        .await?;
    let allowed = recent < PASSWORD_SETS_PER_ADDRESS;
    let outcome = if allowed {
        Outcome::PasswordSubmitted
    } else {
        Outcome::Throttled
    };
    record(
        &txn,
        AttemptKind::PasswordSet,
        email,
        Some(ip),
        outcome,
        now,
    )
    .await?;
    txn.commit().await?;
    if allowed {
        Ok(())
    } else {
        Err(AppError::TooManyAttempts(format!(
            "Too many new passwords were sent from your network. Wait {WINDOW_MINUTES} minutes and try again."
        )))
    }
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
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn))
        .filter(auth_attempt::Column::Outcome.is_in(failures()))
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
            .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn))
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
        sea_orm::Condition::all().add(auth_attempt::Column::Outcome.eq(Outcome::PasswordChanged)),
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
            .filter(auth_attempt::Column::Kind.eq(AttemptKind::ResetRequest))
            .filter(auth_attempt::Column::Outcome.ne(Outcome::Throttled))
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
