//! Sign-in throttling and the attempt log. Most tests call the sign-in
//! service with explicit times and client addresses, so waits can be checked
//! to the second; one goes through `/api/login` with the server's clock.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use portal::audit::service::Actor;
use portal::auth::caller::SessionPrincipal;
use portal::auth::links::{self, Completed};
use portal::auth::service::{self, WRONG_CREDENTIALS};
use portal::auth::throttle::{self, AttemptKind, Outcome};
use portal::auth::tokens::SECRET_PLACEHOLDER;
use portal::auth::{Role, TokenPurpose};
use portal::contacts::ContactStatus;
use portal::db::entities::{auth_attempt, contact, email_message};
use portal::email::ContactEmail;
use portal::error::AppError;
use portal::server::ctx::Ctx;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::support::fixtures::contact_by_email;
use crate::support::{TestApp, GANDALF, SAMWISE, STAFF};

/// Where the attacks come from.
const ATTACKER: &str = "203.0.113.66";
/// Where the real user usually signs in from.
const HOME: &str = "198.51.100.7";
/// An address that has never been used for the account.
const CAFE: &str = "192.0.2.44";

/// Now, in whole seconds, so times survive the database unchanged.
fn start() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

async fn sign_in(
    app: &TestApp,
    email: &str,
    password: &str,
    ip: Option<&str>,
    at: DateTime<Utc>,
) -> Result<SessionPrincipal, AppError> {
    service::sign_in(&ctx_at(app, ip, at), email, password).await
}

/// A service context for someone not signed in, asking from `ip` at `at`.
fn ctx_at(app: &TestApp, ip: Option<&str>, at: DateTime<Utc>) -> Ctx {
    let mut ctx = app.ctx(Actor::anonymous());
    ctx.client_ip = ip.map(str::to_string);
    ctx.now = at;
    ctx
}

/// Asserts the attempt was checked and refused as wrong credentials, not throttled.
fn assert_wrong(result: Result<SessionPrincipal, AppError>, what: &str) {
    match result {
        Err(AppError::Validation {
            field: None,
            message,
        }) if message == WRONG_CREDENTIALS => {}
        other => panic!("{what}: expected wrong credentials, got {other:?}"),
    }
}

/// Asserts the attempt was refused without a check; returns the message.
fn assert_throttled(result: Result<SessionPrincipal, AppError>, what: &str) -> String {
    match result {
        Err(AppError::TooManyAttempts(message)) => message,
        other => panic!("{what}: expected to be told to wait, got {other:?}"),
    }
}

fn assert_signed_in(result: Result<SessionPrincipal, AppError>, what: &str) -> SessionPrincipal {
    result.unwrap_or_else(|err| panic!("{what}: expected to get in, got {err:?}"))
}

/// `count` wrong passwords a second apart from `from`, each checked and
/// refused; returns the time of the last.
async fn fail(
    app: &TestApp,
    email: &str,
    ip: Option<&str>,
    from: DateTime<Utc>,
    count: i64,
) -> DateTime<Utc> {
    for i in 0..count {
        let what = format!("{email} from {ip:?}, failure {}", i + 1);
        assert_wrong(
            sign_in(app, email, "not the password", ip, from + secs(i)).await,
            &what,
        );
    }
    from + secs(count - 1)
}

async fn wait(app: &TestApp, email: &str, ip: Option<&str>, at: DateTime<Utc>) -> Option<Duration> {
    throttle::sign_in_wait(&app.db.db, email, ip, at)
        .await
        .unwrap()
}

async fn attempts(app: &TestApp) -> Vec<auth_attempt::Model> {
    auth_attempt::Entity::find()
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::SignIn))
        .order_by_asc(auth_attempt::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn ten_failures_are_free_then_even_the_right_password_must_wait() {
    let app = TestApp::new().await;
    let t0 = start();
    let last = fail(&app, GANDALF.0, Some(ATTACKER), t0, 10).await;
    assert_eq!(
        wait(&app, GANDALF.0, Some(ATTACKER), last).await,
        Some(secs(30))
    );

    let message = assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), last + secs(1)).await,
        "the right password right after the tenth failure",
    );
    assert!(message.contains("Wait 29 seconds"), "{message}");
    let message = assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), last + secs(29)).await,
        "a second before the wait is over",
    );
    assert!(message.contains("Wait 1 second "), "{message}");
    let principal = assert_signed_in(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), last + secs(30)).await,
        "once the wait is over",
    );
    assert_eq!(principal.role, Role::Contact);
}

#[tokio::test]
async fn each_further_failure_doubles_the_wait() {
    let app = TestApp::new().await;
    let ip = Some(ATTACKER);
    let mut last = fail(&app, GANDALF.0, ip, start(), 10).await;
    let mut waits = vec![wait(&app, GANDALF.0, ip, last).await.expect("a wait")];
    for _ in 0..4 {
        let previous = *waits.last().unwrap();
        // Trying before the wait is over is refused, and does not count.
        assert_throttled(
            sign_in(&app, GANDALF.0, "guess", ip, last + previous - secs(1)).await,
            "before the wait is over",
        );
        assert_eq!(
            wait(&app, GANDALF.0, ip, last + previous - secs(1)).await,
            Some(secs(1)),
            "a refused attempt neither counts nor restarts the wait"
        );
        last += previous;
        assert_wrong(
            sign_in(&app, GANDALF.0, "guess", ip, last).await,
            "once the wait is over",
        );
        waits.push(wait(&app, GANDALF.0, ip, last).await.expect("a wait"));
    }
    assert_eq!(
        waits,
        [30, 60, 120, 240, 480].map(secs),
        "30 seconds after the tenth failure, doubling with each further one"
    );
}

#[tokio::test]
async fn after_fifteen_quiet_minutes_the_account_starts_over() {
    let app = TestApp::new().await;
    let ip = Some(ATTACKER);
    let last = fail(&app, GANDALF.0, ip, start(), 10).await;
    let last = fail(&app, GANDALF.0, ip, last + secs(30), 1).await;
    let last = fail(&app, GANDALF.0, ip, last + secs(60), 1).await;
    assert_eq!(wait(&app, GANDALF.0, ip, last).await, Some(secs(120)));

    let quiet = last + Duration::minutes(15);
    assert_eq!(wait(&app, GANDALF.0, ip, quiet).await, None);
    // Nothing of the earlier failures is left: ten more are free again.
    let last = fail(&app, GANDALF.0, ip, quiet, 10).await;
    assert_eq!(wait(&app, GANDALF.0, ip, last).await, Some(secs(30)));
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, ip, last + secs(1)).await,
        "the eleventh",
    );
}

#[tokio::test]
async fn a_known_address_gets_in_while_another_address_hammers_the_account() {
    let app = TestApp::new().await;
    let t0 = start();
    // Gandalf signed in from home two days ago, and from an old office 31 days ago.
    const OLD_OFFICE: &str = "198.51.100.99";
    assert_signed_in(
        sign_in(
            &app,
            GANDALF.0,
            GANDALF.1,
            Some(OLD_OFFICE),
            t0 - Duration::days(31),
        )
        .await,
        "from the old office",
    );
    assert_signed_in(
        sign_in(
            &app,
            GANDALF.0,
            GANDALF.1,
            Some(HOME),
            t0 - Duration::days(2),
        )
        .await,
        "from home",
    );

    let last = fail(&app, GANDALF.0, Some(ATTACKER), t0, 10).await;
    let at = last + secs(1);
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), at).await,
        "the attacker, even with the right password",
    );
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(CAFE), at).await,
        "an address never used before",
    );
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(OLD_OFFICE), at).await,
        "an address last used more than 30 days ago",
    );
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, None, at).await,
        "no address at all",
    );
    assert_signed_in(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(HOME), at).await,
        "the real user, from home",
    );

    // The real user getting in gives the attacker no fresh guesses.
    assert_throttled(
        sign_in(&app, GANDALF.0, "guess", Some(ATTACKER), at + secs(1)).await,
        "the attacker after the real user signed in",
    );
    assert_eq!(
        wait(&app, GANDALF.0, Some(ATTACKER), at + secs(1)).await,
        Some(secs(28))
    );

    // Home only counts its own failures: it too waits after ten of them.
    let home_last = fail(&app, GANDALF.0, Some(HOME), at + secs(2), 10).await;
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(HOME), home_last + secs(1)).await,
        "home after ten failures of its own",
    );
}

#[tokio::test]
async fn one_address_failing_across_many_accounts_is_throttled_there_only() {
    let app = TestApp::new().await;
    let t0 = start();
    // Five guesses at each of ten accounts: no account reaches its limit.
    for i in 0..50 {
        let email = format!("guess{}@nowhere.test", i % 10);
        assert_wrong(
            sign_in(&app, &email, "123456", Some(ATTACKER), t0 + secs(i)).await,
            &format!("attempt {}", i + 1),
        );
    }
    let at = t0 + secs(50);
    for (email, password) in [GANDALF, SAMWISE, ("guess0@nowhere.test", "123456")] {
        assert_throttled(
            sign_in(&app, email, password, Some(ATTACKER), at).await,
            &format!("{email} from the busy address"),
        );
    }
    assert_eq!(
        wait(&app, "anyone@nowhere.test", Some(ATTACKER), at).await,
        Some(secs(29))
    );
    for (email, password) in [GANDALF, SAMWISE] {
        assert_signed_in(
            sign_in(&app, email, password, Some(CAFE), at).await,
            &format!("{email} from another address"),
        );
    }
    assert_wrong(
        sign_in(&app, "guess0@nowhere.test", "123456", Some(CAFE), at).await,
        "another address has its own count",
    );
}

#[tokio::test]
async fn every_attempt_is_a_row_with_its_outcome() {
    let app = TestApp::new().await;
    let t0 = start();
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let mut inactive: contact::ActiveModel = samwise.into();
    inactive.status = Set(ContactStatus::Inactive);
    inactive.update(&app.db.db).await.unwrap();

    assert_wrong(
        sign_in(&app, "Nobody@Nowhere.test", "x", Some(CAFE), t0).await,
        "unknown",
    );
    assert_wrong(
        sign_in(&app, STAFF.0, "wrong", Some(CAFE), t0 + secs(1)).await,
        "staff, wrong password",
    );
    assert_signed_in(
        sign_in(&app, STAFF.0, STAFF.1, None, t0 + secs(2)).await,
        "staff",
    );
    assert!(
        sign_in(&app, SAMWISE.0, SAMWISE.1, Some(HOME), t0 + secs(3))
            .await
            .is_err()
    );
    let last = fail(&app, GANDALF.0, Some(ATTACKER), t0 + secs(4), 10).await;
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), last + secs(1)).await,
        "throttled",
    );
    assert_signed_in(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(ATTACKER), last + secs(30)).await,
        "after the wait",
    );

    let mut expected = vec![
        (
            "nobody@nowhere.test",
            Some(CAFE),
            Outcome::UnknownEmail,
            false,
            t0,
        ),
        (
            STAFF.0,
            Some(CAFE),
            Outcome::WrongPassword,
            false,
            t0 + secs(1),
        ),
        (STAFF.0, None, Outcome::SignedIn, true, t0 + secs(2)),
        (
            SAMWISE.0,
            Some(HOME),
            Outcome::NotActive,
            false,
            t0 + secs(3),
        ),
    ];
    for i in 0..10 {
        expected.push((
            GANDALF.0,
            Some(ATTACKER),
            Outcome::WrongPassword,
            false,
            t0 + secs(4 + i),
        ));
    }
    expected.push((
        GANDALF.0,
        Some(ATTACKER),
        Outcome::Throttled,
        false,
        last + secs(1),
    ));
    expected.push((
        GANDALF.0,
        Some(ATTACKER),
        Outcome::SignedIn,
        true,
        last + secs(30),
    ));
    let logged: Vec<_> = attempts(&app)
        .await
        .into_iter()
        .map(|row| {
            (
                row.email,
                row.client_ip,
                row.outcome,
                row.succeeded,
                row.attempted_at,
            )
        })
        .collect();
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(email, ip, outcome, succeeded, at)| {
            (
                email.to_string(),
                ip.map(str::to_string),
                outcome,
                succeeded,
                at,
            )
        })
        .collect();
    assert_eq!(logged, expected);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer_throttled_or_not() {
    let app = TestApp::new().await;
    const NOBODY: &str = "nobody@nowhere.test";
    let mut browser = app.client();
    let wrong = browser.sign_in(GANDALF.0, "not the password").await;
    let unknown = browser.sign_in(NOBODY, "not the password").await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));

    // Both are throttled alike, so the wait tells nothing about who has an account.
    let t0 = start() + Duration::hours(1);
    let last = fail(&app, GANDALF.0, Some(ATTACKER), t0, 10).await;
    fail(&app, NOBODY, Some(CAFE), t0, 10).await;
    let wrong = sign_in(&app, GANDALF.0, "guess", Some(ATTACKER), last + secs(1))
        .await
        .unwrap_err();
    let unknown = sign_in(&app, NOBODY, "guess", Some(CAFE), last + secs(1))
        .await
        .unwrap_err();
    assert!(matches!(wrong, AppError::TooManyAttempts(_)), "{wrong:?}");
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn the_login_endpoint_answers_429_after_ten_failures_until_the_wait_is_over() {
    let app = TestApp::new().await;
    let mut browser = app.client();
    for i in 0..10 {
        let response = browser.sign_in(GANDALF.0, "not the password").await;
        assert_eq!(response.status, 422, "failure {}: {}", i + 1, response.body);
    }
    let response = browser.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 429, "{}", response.body);
    let err: AppError = response.json();
    assert!(
        matches!(&err, AppError::TooManyAttempts(m) if m.starts_with("Too many sign-in attempts. Wait ")),
        "{err:?}"
    );
    assert!(app.whoami(&mut browser).await.is_none());

    app.clock.advance(secs(31));
    let response = browser.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        app.whoami(&mut browser).await.map(|me| me.email),
        Some(GANDALF.0.to_string())
    );

    let outcomes: Vec<Outcome> = attempts(&app)
        .await
        .into_iter()
        .map(|row| row.outcome)
        .collect();
    let mut expected = vec![Outcome::WrongPassword; 10];
    expected.extend([Outcome::Throttled, Outcome::SignedIn]);
    assert_eq!(outcomes, expected);
}

#[tokio::test]
async fn the_login_endpoint_tells_addresses_apart() {
    let app = TestApp::new().await;
    // Gandalf signs in from home, as usual.
    let mut home = app.client();
    home.from_address(HOME);
    assert_eq!(home.sign_in(GANDALF.0, GANDALF.1).await.status, 200);

    // Someone elsewhere guesses his password until told to wait.
    let mut attacker = app.client();
    attacker.from_address(ATTACKER);
    for i in 0..10 {
        let response = attacker.sign_in(GANDALF.0, "not the password").await;
        assert_eq!(response.status, 422, "failure {}: {}", i + 1, response.body);
    }
    let response = attacker.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 429, "{}", response.body);
    assert!(app.whoami(&mut attacker).await.is_none());

    // From home he still gets in, and a new address must wait like the attacker.
    let mut cafe = app.client();
    cafe.from_address(CAFE);
    assert_eq!(cafe.sign_in(GANDALF.0, GANDALF.1).await.status, 429);
    let mut home_again = app.client();
    home_again.from_address(HOME);
    let response = home_again.sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let logged: Vec<(Option<String>, Outcome)> = attempts(&app)
        .await
        .into_iter()
        .map(|row| (row.client_ip, row.outcome))
        .collect();
    let mut expected = vec![(Some(HOME.to_string()), Outcome::SignedIn)];
    expected.extend(vec![
        (Some(ATTACKER.to_string()), Outcome::WrongPassword);
        10
    ]);
    expected.extend([
        (Some(ATTACKER.to_string()), Outcome::Throttled),
        (Some(CAFE.to_string()), Outcome::Throttled),
        (Some(HOME.to_string()), Outcome::SignedIn),
    ]);
    assert_eq!(logged, expected);
}

#[tokio::test]
async fn a_new_password_from_an_emailed_link_lifts_the_throttle() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let last = fail(&app, GANDALF.0, Some(ATTACKER), start(), 10).await;
    assert_throttled(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(CAFE), last + secs(1)).await,
        "before the reset",
    );

    // The reset is sent, and delivered, two seconds after the last failure:
    // the server's clock goes there, as its link is issued at delivery.
    app.clock.advance(last + secs(2) - app.clock.now());
    let by_system = app.ctx(Actor::system());
    let sent = portal::email::send::to_contact(&by_system, gandalf.id, ContactEmail::PasswordReset)
        .await
        .unwrap();
    let token = crate::support::mail::latest_token(&app, GANDALF.0, TokenPurpose::Reset).await;
    let stored = email_message::Entity::find_by_id(sent.id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.text_body.contains(SECRET_PLACEHOLDER));
    assert!(!stored.text_body.contains(&token) && !stored.html_body.contains(&token));
    let done = links::set_password(
        &ctx_at(&app, Some(CAFE), last + secs(3)),
        TokenPurpose::Reset,
        &token,
        "a brand new passphrase",
    )
    .await
    .unwrap();
    assert!(matches!(done, Completed::Saved { .. }));

    assert_signed_in(
        sign_in(
            &app,
            GANDALF.0,
            "a brand new passphrase",
            Some("192.0.2.200"),
            last + secs(4),
        )
        .await,
        "with the new password, right away",
    );
}

#[tokio::test]
async fn a_sign_in_records_last_login_on_the_contact_and_the_organization() {
    let app = TestApp::new().await;
    let db = &app.db.db;
    let t0 = start();
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    let organization = gandalf.organization_id;
    assert!(portal::organizations::service::details(db, organization)
        .await
        .unwrap()
        .last_login
        .is_none());

    assert_signed_in(
        sign_in(&app, GANDALF.0, GANDALF.1, Some(HOME), t0).await,
        "Gandalf",
    );
    let stored = contact_by_email(&app, GANDALF.0).await;
    assert_eq!(stored.last_login_at, Some(t0));
    assert_eq!(stored.last_login_ip.as_deref(), Some(HOME));
    let last = portal::organizations::service::details(db, organization)
        .await
        .unwrap()
        .last_login
        .expect("the organization's last login");
    assert_eq!(last.at, t0);
    assert_eq!(last.contact_id, gandalf.id);
    assert_eq!(last.contact_name, "Gandalf The Grey");

    // The organization's last login is whoever signed in last.
    assert_signed_in(
        sign_in(&app, SAMWISE.0, SAMWISE.1, Some(CAFE), t0 + secs(60)).await,
        "Samwise",
    );
    let last = portal::organizations::service::details(db, organization)
        .await
        .unwrap()
        .last_login
        .expect("the organization's last login");
    assert_eq!(last.at, t0 + secs(60));
    assert_eq!(last.contact_id, samwise.id);
    assert_eq!(
        contact_by_email(&app, SAMWISE.0)
            .await
            .last_login_ip
            .as_deref(),
        Some(CAFE)
    );

    // A failed attempt changes neither.
    assert_wrong(
        sign_in(&app, GANDALF.0, "guess", Some(ATTACKER), t0 + secs(120)).await,
        "a wrong password",
    );
    let stored = contact_by_email(&app, GANDALF.0).await;
    assert_eq!(stored.last_login_at, Some(t0));
    assert_eq!(stored.last_login_ip.as_deref(), Some(HOME));
    assert_eq!(
        portal::organizations::service::details(db, organization)
            .await
            .unwrap()
            .last_login
            .map(|l| l.contact_id),
        Some(samwise.id)
    );
}

#[tokio::test]
async fn the_attempt_log_keeps_ninety_days() {
    let app = TestApp::new().await;
    let now = start();
    for (email, days_ago) in [("old@example.com", 91), ("recent@example.com", 89)] {
        sign_in(
            &app,
            email,
            "some password",
            Some(CAFE),
            now - Duration::days(days_ago),
        )
        .await
        .expect_err("no such account");
    }
    assert_eq!(
        throttle::forget_old(&app.db.db, now).await.expect("forget"),
        1
    );
    let kept: Vec<String> = auth_attempt::Entity::find()
        .all(&app.db.db)
        .await
        .expect("attempts")
        .into_iter()
        .map(|attempt| attempt.email)
        .collect();
    assert_eq!(kept, vec!["recent@example.com".to_string()]);
}
