//! Emailed links that give a contact a password, through the real router:
//! staff's sign-in invites (one contact, a new contact, a whole organization),
//! "Forgot password?" and staff's Send Password Reset, the pages those links
//! open, and what setting a password through them does. Links live by the
//! server's clock, which the tests move forward; two submissions of one link
//! at once are raced at the service level.

use chrono::{Duration, Utc};
use portal::audit::service::Actor;
use portal::audit::{ActorKind, AuditAction};
use portal::auth::caller::SessionPrincipal;
use portal::auth::links::{self, Completed};
use portal::auth::throttle::{AttemptKind, Outcome};
use portal::auth::tokens::SECRET_PLACEHOLDER;
use portal::auth::{LinkStatus, PasswordSet, Role, StaffRole, TokenPurpose};
use portal::contacts::{
    ContactCard, ContactEdit, ContactStatus, InviteAllResult, PortalAccess, SignInState,
};
use portal::db::entities::{access_token, auth_attempt, contact, email_message, staff_user};
use portal::email::{ContactEmail, TemplateKind};
use portal::error::AppError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use crate::support::client::Response;
use crate::support::fixtures::{
    audit_entries, contact_by_email, contact_by_id, insert_contact, insert_organization, level_id,
    organization_id,
};
use crate::support::{Client, TestApp, ANN, GANDALF, SAMWISE, STAFF};

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
const FRODO: &str = "frodo@test.com";
/// A password the policy accepts.
const NEW_PASSWORD: &str = "speak friend and enter";
const INVITE_TEMPLATE: TemplateKind = TemplateKind::SignInInvite;
const RESET_TEMPLATE: TemplateKind = TemplateKind::PasswordReset;
const CHANGED_TEMPLATE: TemplateKind = TemplateKind::PasswordChanged;

// --- calling the server functions ---------------------------------------------------

fn ok<T: serde::de::DeserializeOwned>(what: &str, response: Response) -> T {
    assert_eq!(response.status, 200, "{what}: {}", response.body);
    response.json()
}

fn purpose_arg(purpose: TokenPurpose) -> &'static str {
    match purpose {
        TokenPurpose::Invite => "Invite",
        TokenPurpose::Reset => "Reset",
    }
}

async fn call_invite(staff: &mut Client, id: i32, email: Option<&str>) -> Response {
    let id = id.to_string();
    let mut args = vec![("id", id.as_str())];
    if let Some(email) = email {
        args.push(("email", email));
    }
    staff.call("/api/admin/contacts/invite", &args).await
}

async fn invite(staff: &mut Client, id: i32) -> ContactCard {
    ok("invite", call_invite(staff, id, None).await)
}

async fn call_invite_all(staff: &mut Client, organization_id: i32) -> Response {
    staff
        .call(
            "/api/admin/contacts/invite_all",
            &[("organization_id", &organization_id.to_string())],
        )
        .await
}

async fn link_status(client: &mut Client, purpose: TokenPurpose, token: &str) -> LinkStatus {
    let response = client
        .call(
            "/api/auth/link_status",
            &[("purpose", purpose_arg(purpose)), ("token", token)],
        )
        .await;
    ok("link_status", response)
}

async fn call_set_password(
    client: &mut Client,
    purpose: TokenPurpose,
    token: &str,
    password: &str,
) -> Response {
    client
        .call(
            "/api/auth/set_password",
            &[
                ("purpose", purpose_arg(purpose)),
                ("token", token),
                ("password", password),
            ],
        )
        .await
}

async fn set_password(
    client: &mut Client,
    purpose: TokenPurpose,
    token: &str,
    password: &str,
) -> PasswordSet {
    ok(
        "set_password",
        call_set_password(client, purpose, token, password).await,
    )
}

async fn forgot_password(client: &mut Client, email: &str) -> Response {
    client
        .call("/api/auth/forgot_password", &[("email", email)])
        .await
}

// --- the database -------------------------------------------------------------------

/// A Middle Earth contact with no sign-in yet.
async fn add_invitee(app: &TestApp, name: (&str, &str), email: &str) -> contact::Model {
    let middle_earth = organization_id(app, MIDDLE_EARTH).await;
    insert_contact(app, middle_earth, name, email, Utc::now()).await
}

/// The emails of this template queued to `to`, oldest first.
async fn emails(app: &TestApp, template: TemplateKind, to: &str) -> Vec<email_message::Model> {
    email_message::Entity::find()
        .filter(email_message::Column::TemplateKey.eq(template))
        .filter(email_message::Column::ToAddress.eq(to))
        .order_by_asc(email_message::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
}

async fn email_count(app: &TestApp) -> u64 {
    email_message::Entity::find()
        .count(&app.db.db)
        .await
        .unwrap()
}

/// Asserts that a stored email carries its link with the placeholder where
/// the secret goes, and never the secret `token` itself.
fn assert_stored_without_secret(stored: &email_message::Model, purpose: TokenPurpose, token: &str) {
    let placeholder = format!("{}?token={SECRET_PLACEHOLDER}", purpose.path());
    assert!(
        stored.text_body.contains(&placeholder),
        "the stored text holds the placeholder: {}",
        stored.text_body
    );
    assert!(
        stored.html_body.contains(&placeholder),
        "the stored HTML holds the placeholder: {}",
        stored.html_body
    );
    assert!(
        !stored.text_body.contains(token) && !stored.html_body.contains(token),
        "the stored email never holds the secret"
    );
}

/// Delivers the outbox and answers the token of the newest link for
/// `purpose` delivered to `to`; the newest stored email of this template to
/// `to` holds only the placeholder.
async fn latest_token(
    app: &TestApp,
    template: TemplateKind,
    to: &str,
    purpose: TokenPurpose,
) -> String {
    let token = crate::support::mail::latest_token(app, to, purpose).await;
    let sent = emails(app, template, to).await;
    let last = sent
        .last()
        .unwrap_or_else(|| panic!("no {template:?} email to {to}"));
    assert_stored_without_secret(last, purpose, &token);
    token
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn tokens_of(app: &TestApp, contact_id: i32) -> Vec<access_token::Model> {
    access_token::Entity::find()
        .filter(access_token::Column::ContactId.eq(contact_id))
        .order_by_asc(access_token::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
}

async fn token_row(app: &TestApp, token: &str) -> access_token::Model {
    access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(sha256_hex(token)))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("a stored token")
}

fn ready(email: &str, first_name: &str) -> LinkStatus {
    LinkStatus::Ready {
        email: email.to_string(),
        first_name: first_name.to_string(),
    }
}

fn assert_signed_in(done: &PasswordSet) {
    assert_eq!(
        *done,
        PasswordSet::SignedIn {
            landing: "/portal".to_string()
        }
    );
}

/// Frodo, invited by staff: the staff browser, his id and his link's token.
async fn invited_frodo(app: &TestApp) -> (Client, i32, String) {
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let frodo = add_invitee(app, ("Frodo", "Baggins"), FRODO).await;
    invite(&mut staff, frodo.id).await;
    let token = latest_token(app, INVITE_TEMPLATE, FRODO, TokenPurpose::Invite).await;
    (staff, frodo.id, token)
}

// --- invites --------------------------------------------------------------------------

#[tokio::test]
async fn staff_invite_emails_a_one_time_link_stored_only_as_a_hash() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let frodo = add_invitee(&app, ("Frodo", "Baggins"), FRODO).await;
    assert_eq!(frodo.invited_at, None);

    let card = invite(&mut staff, frodo.id).await;
    let SignInState::Invited { at } = card.sign_in else {
        panic!("the card should say Invited: {:?}", card.sign_in);
    };
    let stored = contact_by_id(&app, frodo.id).await;
    assert_eq!(stored.invited_at, Some(at));
    assert_eq!(stored.password_hash, None, "inviting sets no password");

    let sent = emails(&app, INVITE_TEMPLATE, FRODO).await;
    assert_eq!(sent.len(), 1, "one Sign-in Invite to Frodo");
    assert_eq!(sent[0].contact_id, Some(frodo.id));
    assert!(
        tokens_of(&app, frodo.id).await.is_empty(),
        "the link is issued as the email is delivered, not before"
    );
    let delivered = app.deliver_mail().await;
    let to_frodo: Vec<_> = delivered.iter().filter(|m| m.to.contains(FRODO)).collect();
    assert_eq!(to_frodo.len(), 1, "{delivered:#?}");
    let token = to_frodo[0]
        .link_token(&app.settings.public_url, TokenPurpose::Invite)
        .expect("an invite link");
    assert_eq!(token.len(), 64, "256 random bits in hex: {token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert!(
        to_frodo[0]
            .html
            .contains(&format!("/accept-invite?token={token}")),
        "{}",
        to_frodo[0].html
    );
    assert!(
        to_frodo[0].text.contains("in 7 days"),
        "{}",
        to_frodo[0].text
    );
    // The outbox keeps the email as written, with the placeholder for the secret.
    let sent = emails(&app, INVITE_TEMPLATE, FRODO).await;
    assert_stored_without_secret(&sent[0], TokenPurpose::Invite, &token);

    let invites = audit_entries(&app, AuditAction::ContactInvite).await;
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].entity_id, Some(frodo.id));
    assert_eq!(invites[0].actor_kind, ActorKind::Staff);

    let rows = tokens_of(&app, frodo.id).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.purpose, TokenPurpose::Invite);
    assert_eq!(row.contact_id, Some(frodo.id));
    assert_eq!(row.staff_user_id, None);
    assert_eq!(row.token_hash, sha256_hex(&token), "stored as its SHA-256");
    assert!(
        !row.token_hash.contains(&token),
        "the token itself is never stored"
    );
    assert_eq!(row.used_at, None);
    assert_eq!(row.expires_at - row.created_at, Duration::days(7));
    let all = access_token::Entity::find().all(&app.db.db).await.unwrap();
    assert!(all.iter().all(|r| !r.token_hash.contains(&token)));

    // The panel shows the same.
    let fresh: ContactCard = ok(
        "get",
        staff
            .call("/api/admin/contacts/get", &[("id", &frodo.id.to_string())])
            .await,
    );
    assert_eq!(fresh.sign_in, SignInState::Invited { at });
}

#[tokio::test]
async fn adding_a_contact_can_send_the_invite_in_the_same_step() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let basic = level_id(&app, "Basic").await;
    let edit = |first: &str, email: &str, status: ContactStatus| ContactEdit {
        title: String::new(),
        first_name: first.to_string(),
        last_name: "Took".to_string(),
        email: email.to_string(),
        phone: String::new(),
        status,
        access: PortalAccess::Level(basic),
    };
    let create = |edit: ContactEdit, invite: bool| serde_json::json!({ "organization_id": middle_earth, "edit": edit, "invite": invite });

    let pippin: ContactCard = ok(
        "create with invite",
        staff
            .call_json(
                "/api/admin/contacts/create",
                &create(
                    edit("Pippin", "pippin@test.com", ContactStatus::Active),
                    true,
                ),
            )
            .await,
    );
    assert!(
        matches!(pippin.sign_in, SignInState::Invited { .. }),
        "{:?}",
        pippin.sign_in
    );
    assert_eq!(
        emails(&app, INVITE_TEMPLATE, "pippin@test.com").await.len(),
        1
    );
    let invites = audit_entries(&app, AuditAction::ContactInvite).await;
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].entity_id, Some(pippin.id));
    let token = latest_token(
        &app,
        INVITE_TEMPLATE,
        "pippin@test.com",
        TokenPurpose::Invite,
    )
    .await;
    assert_eq!(
        link_status(&mut app.client(), TokenPurpose::Invite, &token).await,
        ready("pippin@test.com", "Pippin")
    );

    // Without the invite, no email and no link.
    let merry: ContactCard = ok(
        "create without invite",
        staff
            .call_json(
                "/api/admin/contacts/create",
                &create(
                    edit("Merry", "merry@test.com", ContactStatus::Active),
                    false,
                ),
            )
            .await,
    );
    assert_eq!(merry.sign_in, SignInState::None);
    assert!(emails(&app, INVITE_TEMPLATE, "merry@test.com")
        .await
        .is_empty());
    assert!(tokens_of(&app, merry.id).await.is_empty());

    // An inactive contact cannot be invited, and is then not added either.
    let response = staff
        .call_json(
            "/api/admin/contacts/create",
            &create(
                edit("Lotho", "lotho@test.com", ContactStatus::Inactive),
                true,
            ),
        )
        .await;
    assert_eq!(response.status, 422, "{}", response.body);
    let err: AppError = response.json();
    assert!(
        err.message_for("invite")
            .is_some_and(|m| m.contains("inactive")),
        "{err:?}"
    );
    let lotho = contact::Entity::find()
        .filter(contact::Column::Email.eq("lotho@test.com"))
        .one(&app.db.db)
        .await
        .unwrap();
    assert!(
        lotho.is_none(),
        "nothing is saved when the invite is refused"
    );
}

#[tokio::test]
async fn opening_a_link_shows_whom_it_is_for_and_does_not_use_it_up() {
    let app = TestApp::new().await;
    let (_staff, _frodo, token) = invited_frodo(&app).await;
    let mut browser = app.client();

    for _ in 0..2 {
        assert_eq!(
            link_status(&mut browser, TokenPurpose::Invite, &token).await,
            ready(FRODO, "Frodo")
        );
    }
    assert_eq!(token_row(&app, &token).await.used_at, None);

    // Only the exact token, for its own purpose, is a link we sent.
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        LinkStatus::Invalid
    );
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &token[..63]).await,
        LinkStatus::Invalid
    );
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &"0".repeat(64)).await,
        LinkStatus::Invalid
    );
    assert_eq!(
        set_password(
            &mut browser,
            TokenPurpose::Invite,
            &"0".repeat(64),
            NEW_PASSWORD
        )
        .await,
        PasswordSet::LinkProblem(LinkStatus::Invalid)
    );

    // Looking twice left the link good for its one use.
    let done = set_password(&mut browser, TokenPurpose::Invite, &token, NEW_PASSWORD).await;
    assert_signed_in(&done);
}

#[tokio::test]
async fn a_refused_password_leaves_the_link_working() {
    let app = TestApp::new().await;
    let (_staff, frodo, token) = invited_frodo(&app).await;
    let mut browser = app.client();

    let too_long = "x7".repeat(65);
    for (password, expected) in [
        ("short1", "at least 8 characters"),
        ("password123", "most common"),
        ("Password123", "most common"),
        (too_long.as_str(), "at most 128 characters"),
    ] {
        let response =
            call_set_password(&mut browser, TokenPurpose::Invite, &token, password).await;
        assert_eq!(response.status, 422, "{password}: {}", response.body);
        let err: AppError = response.json();
        let message = err
            .message_for("password")
            .unwrap_or_else(|| panic!("{password}: the message belongs at the field: {err:?}"));
        assert!(message.contains(expected), "{password}: {message}");
        assert_eq!(
            link_status(&mut browser, TokenPurpose::Invite, &token).await,
            ready(FRODO, "Frodo"),
            "{password}: the link still works"
        );
    }
    assert_eq!(token_row(&app, &token).await.used_at, None);
    assert_eq!(contact_by_id(&app, frodo).await.password_hash, None);
    assert!(app.whoami(&mut browser).await.is_none());

    let done = set_password(&mut browser, TokenPurpose::Invite, &token, NEW_PASSWORD).await;
    assert_signed_in(&done);
}

#[tokio::test]
async fn accepting_an_invite_signs_the_browser_in_and_uses_the_link_up() {
    let app = TestApp::new().await;
    let (mut staff, frodo, token) = invited_frodo(&app).await;
    let before = contact_by_id(&app, frodo).await;
    assert_eq!(before.activated_at, None);
    assert_eq!(before.last_login_at, None);

    let mut browser = app.client();
    let done = set_password(&mut browser, TokenPurpose::Invite, &token, NEW_PASSWORD).await;
    assert_signed_in(&done);
    let me = app
        .whoami(&mut browser)
        .await
        .expect("signed in by the invite");
    assert_eq!(me.role, Role::Contact);
    assert_eq!(me.id, frodo);
    assert_eq!(me.email, FRODO);

    let after = contact_by_id(&app, frodo).await;
    let activated = after.activated_at.expect("activated");
    assert_eq!(after.last_login_at, Some(activated));
    let hash = after.password_hash.expect("a password");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(portal::auth::password::verify(NEW_PASSWORD, Some(hash)).await);

    // Used once, never again.
    assert_eq!(
        link_status(&mut app.client(), TokenPurpose::Invite, &token).await,
        LinkStatus::Used
    );
    assert_eq!(
        set_password(
            &mut app.client(),
            TokenPurpose::Invite,
            &token,
            "another good passphrase"
        )
        .await,
        PasswordSet::LinkProblem(LinkStatus::Used)
    );
    assert!(
        portal::auth::password::verify(
            NEW_PASSWORD,
            contact_by_id(&app, frodo).await.password_hash
        )
        .await
    );

    let accepted = audit_entries(&app, AuditAction::InviteAccepted).await;
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].entity_id, Some(frodo));
    let signed_in = audit_entries(&app, AuditAction::SignIn).await;
    assert!(signed_in.iter().any(|e| e.entity_id == Some(frodo)));
    let card: ContactCard = ok(
        "get",
        staff
            .call("/api/admin/contacts/get", &[("id", &frodo.to_string())])
            .await,
    );
    assert_eq!(
        card.sign_in,
        SignInState::Active {
            since: Some(activated)
        }
    );

    // The new password signs in anywhere.
    let response = app.client().sign_in(FRODO, NEW_PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn links_expire_by_the_servers_clock() {
    let app = TestApp::new().await;
    let (_staff, frodo, token) = invited_frodo(&app).await;
    let mut browser = app.client();

    assert_eq!(app.settings.invite_link_days, 7);
    app.clock.advance(Duration::days(7) - Duration::minutes(1));
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &token).await,
        ready(FRODO, "Frodo")
    );
    app.clock.advance(Duration::minutes(2));
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &token).await,
        LinkStatus::Expired
    );
    assert_eq!(
        set_password(&mut browser, TokenPurpose::Invite, &token, NEW_PASSWORD).await,
        PasswordSet::LinkProblem(LinkStatus::Expired)
    );
    assert_eq!(contact_by_id(&app, frodo).await.password_hash, None);

    // A reset link lives an hour.
    let response = forgot_password(&mut browser, GANDALF.0).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let reset = latest_token(&app, RESET_TEMPLATE, GANDALF.0, TokenPurpose::Reset).await;
    app.clock.advance(Duration::minutes(59));
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &reset).await,
        ready(GANDALF.0, "Gandalf")
    );
    app.clock.advance(Duration::minutes(2));
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &reset).await,
        LinkStatus::Expired
    );
    assert_eq!(
        set_password(&mut browser, TokenPurpose::Reset, &reset, NEW_PASSWORD).await,
        PasswordSet::LinkProblem(LinkStatus::Expired)
    );
    let response = app.client().sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(
        response.status, 200,
        "the password is unchanged: {}",
        response.body
    );
}

#[tokio::test]
async fn sending_the_invite_again_replaces_the_first_link() {
    let app = TestApp::new().await;
    let (mut staff, frodo, first) = invited_frodo(&app).await;
    invite(&mut staff, frodo).await;
    let second = latest_token(&app, INVITE_TEMPLATE, FRODO, TokenPurpose::Invite).await;
    assert_eq!(emails(&app, INVITE_TEMPLATE, FRODO).await.len(), 2);
    assert_ne!(first, second, "a new link each time");
    assert_eq!(
        audit_entries(&app, AuditAction::ContactInvite).await.len(),
        2
    );

    let mut browser = app.client();
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &first).await,
        LinkStatus::Replaced
    );
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &second).await,
        ready(FRODO, "Frodo")
    );
    assert_eq!(
        set_password(&mut browser, TokenPurpose::Invite, &first, NEW_PASSWORD).await,
        PasswordSet::LinkProblem(LinkStatus::Replaced)
    );
    assert_eq!(contact_by_id(&app, frodo).await.password_hash, None);
    let done = set_password(&mut browser, TokenPurpose::Invite, &second, NEW_PASSWORD).await;
    assert_signed_in(&done);
}

// --- one link, two submissions at once ----------------------------------------------

fn describe(completed: &Completed) -> String {
    match completed {
        Completed::SignIn(principal) => format!("SignIn({principal:?})"),
        Completed::Saved {
            principal,
            can_sign_in,
        } => format!("Saved {{ principal: {principal:?}, can_sign_in: {can_sign_in} }}"),
        Completed::LinkProblem(status) => format!("LinkProblem({status:?})"),
    }
}

/// Submits `token` twice at the same moment with different passwords: exactly
/// one submission sets its password, the other finds the link used.
async fn race(app: &TestApp, purpose: TokenPurpose, token: &str, email: &str, round: usize) {
    let passwords = [
        format!("first contender {round}"),
        format!("second contender {round}"),
    ];
    let submit = |password: String| {
        let ctx = app.ctx(Actor::anonymous());
        let token = token.to_string();
        tokio::spawn(async move { links::set_password(&ctx, purpose, &token, &password).await })
    };
    let (a, b) = tokio::join!(submit(passwords[0].clone()), submit(passwords[1].clone()));
    let outcomes = [
        a.expect("the first submission ran")
            .expect("the first submission is answered"),
        b.expect("the second submission ran")
            .expect("the second submission is answered"),
    ];
    let described: Vec<String> = outcomes.iter().map(describe).collect();
    let won: Vec<usize> = (0..2)
        .filter(|&i| matches!(outcomes[i], Completed::SignIn(_) | Completed::Saved { .. }))
        .collect();
    assert_eq!(
        won.len(),
        1,
        "round {round}: exactly one wins: {described:?}"
    );
    let lost = 1 - won[0];
    assert!(
        matches!(outcomes[lost], Completed::LinkProblem(LinkStatus::Used)),
        "round {round}: the other finds the link used: {described:?}"
    );
    let stored = contact_by_email(app, email).await;
    assert!(stored.password_hash.is_some(), "a password");
    assert!(
        portal::auth::password::verify(&passwords[won[0]], stored.password_hash.clone()).await,
        "round {round}: the winner's password is the one stored"
    );
    assert!(!portal::auth::password::verify(&passwords[lost], stored.password_hash).await);
    if let Completed::Saved { principal, .. } = &outcomes[won[0]] {
        assert_eq!(
            *principal,
            SessionPrincipal {
                role: Role::Contact,
                id: stored.id
            }
        );
    }
    let row = token_row(app, token).await;
    assert!(row.used_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_submissions_of_one_link_at_once_set_the_password_exactly_once() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    for round in 0..5 {
        let email = format!("hobbit{round}@test.com");
        let person = add_invitee(&app, ("Hobbit", &round.to_string()), &email).await;
        invite(&mut staff, person.id).await;
        let token = latest_token(&app, INVITE_TEMPLATE, &email, TokenPurpose::Invite).await;
        race(&app, TokenPurpose::Invite, &token, &email, round).await;
        assert_eq!(
            audit_entries(&app, AuditAction::InviteAccepted)
                .await
                .iter()
                .filter(|e| e.entity_id == Some(person.id))
                .count(),
            1,
            "round {round}: one acceptance"
        );
    }
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    for round in 0..5 {
        let sent = portal::email::send::to_contact(
            &app.ctx(Actor::system()),
            gandalf.id,
            ContactEmail::PasswordReset,
        )
        .await
        .unwrap();
        let token = crate::support::mail::latest_token(&app, GANDALF.0, TokenPurpose::Reset).await;
        let stored = email_message::Entity::find_by_id(sent.id)
            .one(&app.db.db)
            .await
            .unwrap()
            .unwrap();
        assert_stored_without_secret(&stored, TokenPurpose::Reset, &token);
        race(&app, TokenPurpose::Reset, &token, GANDALF.0, round).await;
    }
    assert_eq!(
        emails(&app, CHANGED_TEMPLATE, GANDALF.0).await.len(),
        5,
        "one Password Changed Notice per reset, none for the losers"
    );
}

// --- Forgot password? -----------------------------------------------------------------

async fn reset_requests(app: &TestApp) -> Vec<(String, Outcome)> {
    auth_attempt::Entity::find()
        .filter(auth_attempt::Column::Kind.eq(AttemptKind::ResetRequest))
        .order_by_asc(auth_attempt::Column::Id)
        .all(&app.db.db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.email, row.outcome))
        .collect()
}

/// Asserts "Forgot password?" answered a known and an unknown address alike:
/// the same status, and each only the address it was asked about, tidied.
fn assert_answered_alike(
    known: &Response,
    known_email: &str,
    unknown: &Response,
    unknown_email: &str,
) {
    assert_eq!(known.status, 200, "{}", known.body);
    assert_eq!(known.status, unknown.status, "{}", unknown.body);
    assert_eq!(known.json::<String>(), known_email);
    assert_eq!(unknown.json::<String>(), unknown_email);
}

#[tokio::test]
async fn forgot_password_answers_alike_for_known_and_unknown_addresses() {
    let app = TestApp::new().await;
    let mut browser = app.client();
    const NOBODY: &str = "nobody@nowhere.test";
    let before = email_count(&app).await;

    let known = forgot_password(&mut browser, GANDALF.0).await;
    let unknown = forgot_password(&mut browser, NOBODY).await;
    assert_answered_alike(&known, GANDALF.0, &unknown, NOBODY);
    assert_eq!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.len(), 1);
    assert_eq!(
        email_count(&app).await,
        before + 1,
        "nothing for the unknown address"
    );
    assert_eq!(
        reset_requests(&app).await,
        [
            (GANDALF.0.to_string(), Outcome::ResetSent),
            (NOBODY.to_string(), Outcome::ResetNotSent),
        ]
    );
    let token = latest_token(&app, RESET_TEMPLATE, GANDALF.0, TokenPurpose::Reset).await;
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        ready(GANDALF.0, "Gandalf")
    );

    // Three an hour per address typed, however it is typed.
    for _ in 0..2 {
        let known = forgot_password(&mut browser, " LotrTest@Test.COM ").await;
        let unknown = forgot_password(&mut browser, NOBODY).await;
        assert_answered_alike(&known, GANDALF.0, &unknown, NOBODY);
    }
    assert_eq!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.len(), 3);
    let known = forgot_password(&mut browser, GANDALF.0).await;
    let unknown = forgot_password(&mut browser, NOBODY).await;
    assert_eq!(known.status, 429, "{}", known.body);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let err: AppError = known.json();
    assert!(
        matches!(&err, AppError::TooManyAttempts(m) if m.contains("Too many reset requests")),
        "{err:?}"
    );
    assert_eq!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.len(), 3);
    assert_eq!(email_count(&app).await, before + 3);
    let logged = reset_requests(&app).await;
    assert_eq!(logged.len(), 8, "every request is logged: {logged:?}");
    assert_eq!(
        logged[6..],
        [
            (GANDALF.0.to_string(), Outcome::Throttled),
            (NOBODY.to_string(), Outcome::Throttled),
        ]
    );

    // An hour later they may ask again.
    app.clock.advance(Duration::minutes(61));
    let known = forgot_password(&mut browser, GANDALF.0).await;
    let unknown = forgot_password(&mut browser, NOBODY).await;
    assert_answered_alike(&known, GANDALF.0, &unknown, NOBODY);
    assert_eq!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.len(), 4);
}

#[tokio::test]
async fn forgot_password_sends_a_link_only_to_someone_who_can_sign_in_or_is_invited() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let mut browser = app.client();
    let now = Utc::now();

    // Contacts: Frodo has an invite waiting; Pippin has neither a sign-in nor
    // an invite; Lotho (inactive) and Bill (revoked) have passwords.
    let frodo = add_invitee(&app, ("Frodo", "Baggins"), FRODO).await;
    invite(&mut staff, frodo.id).await;
    add_invitee(&app, ("Pippin", "Took"), "pippin@test.com").await;
    let hash = portal::auth::password::hash("an old passphrase")
        .await
        .unwrap();
    let lotho = add_invitee(&app, ("Lotho", "Sackville"), "lotho@test.com").await;
    let mut model: contact::ActiveModel = lotho.into();
    model.password_hash = Set(Some(hash.clone()));
    model.status = Set(ContactStatus::Inactive);
    model.update(&app.db.db).await.unwrap();
    let bill = add_invitee(&app, ("Bill", "Ferny"), "bill@test.com").await;
    let mut model: contact::ActiveModel = bill.into();
    model.password_hash = Set(Some(hash.clone()));
    model.access_revoked_at = Set(Some(now));
    model.update(&app.db.db).await.unwrap();
    // Staff: Ann is deactivated; April was invited and has no password yet.
    let ann = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(ANN.0))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("Ann");
    let mut model: staff_user::ActiveModel = ann.into();
    model.deactivated_at = Set(Some(now));
    model.update(&app.db.db).await.unwrap();
    staff_user::ActiveModel {
        email: Set("april@example.com".to_string()),
        name: Set("April Ludgate".to_string()),
        password_hash: Set(None),
        role: Set(StaffRole::Staff),
        invited_at: Set(Some(now)),
        activated_at: Set(None),
        deactivated_at: Set(None),
        last_login_at: Set(None),
        last_login_ip: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db.db)
    .await
    .unwrap();
    app.deliver_mail().await; // Frodo's invite

    let before = email_count(&app).await;
    for (email, sent) in [
        (FRODO, true),
        ("pippin@test.com", false),
        ("lotho@test.com", false),
        ("bill@test.com", false),
        (STAFF.0, true),
        (ANN.0, false),
        ("april@example.com", false),
    ] {
        let response = forgot_password(&mut browser, email).await;
        assert_eq!(response.status, 200, "{email}: {}", response.body);
        assert_eq!(
            response.json::<String>(),
            email,
            "the same answer for everyone"
        );
        let reset_emails = email_message::Entity::find()
            .filter(email_message::Column::TemplateKey.eq(RESET_TEMPLATE))
            .filter(email_message::Column::ToAddress.eq(email))
            .count(&app.db.db)
            .await
            .unwrap();
        assert_eq!(reset_emails, u64::from(sent), "{email}");
    }
    assert_eq!(email_count(&app).await, before + 2);
    let outcomes: Vec<Outcome> = reset_requests(&app)
        .await
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    assert_eq!(
        outcomes,
        [
            Outcome::ResetSent,
            Outcome::ResetNotSent,
            Outcome::ResetNotSent,
            Outcome::ResetNotSent,
            Outcome::ResetSent,
            Outcome::ResetNotSent,
            Outcome::ResetNotSent,
        ]
    );

    // Both links are delivered; the outbox holds neither secret.
    let delivered = app.deliver_mail().await;
    assert_eq!(delivered.len(), 2, "{delivered:#?}");
    let token_to = |to: &str| {
        delivered
            .iter()
            .find(|mail| mail.to.contains(to))
            .and_then(|mail| mail.link_token(&app.settings.public_url, TokenPurpose::Reset))
            .unwrap_or_else(|| panic!("a reset link to {to}"))
    };
    for to in [FRODO, STAFF.0] {
        let stored = emails(&app, RESET_TEMPLATE, to).await;
        assert_stored_without_secret(&stored[0], TokenPurpose::Reset, &token_to(to));
    }

    // The invited contact's reset link works like the invite would.
    let token = token_to(FRODO);
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        ready(FRODO, "Frodo")
    );

    // A staff user's reset link sets the staff password.
    let token = token_to(STAFF.0);
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        ready(STAFF.0, "Portal")
    );
    let done = set_password(&mut browser, TokenPurpose::Reset, &token, NEW_PASSWORD).await;
    assert_eq!(done, PasswordSet::Saved { can_sign_in: true });
    assert!(
        app.whoami(&mut staff).await.is_none(),
        "the reset ended the staff user's sessions"
    );
    assert_eq!(app.client().sign_in(STAFF.0, STAFF.1).await.status, 422);
    let response = app.client().sign_in(STAFF.0, NEW_PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json::<String>(), "/admin");
    assert_eq!(emails(&app, CHANGED_TEMPLATE, STAFF.0).await.len(), 1);
}

#[tokio::test]
async fn reset_requests_are_limited_per_client_address_too() {
    let app = TestApp::new().await;
    let now = Utc::now();
    let from = |ip: &str, seconds: i64| {
        let mut ctx = app.ctx(Actor::anonymous());
        ctx.client_ip = Some(ip.to_string());
        ctx.now = now + Duration::seconds(seconds);
        ctx
    };
    const BUSY: &str = "203.0.113.50";
    for i in 0..10 {
        links::request_reset(&from(BUSY, i), &format!("someone{i}@nowhere.test"))
            .await
            .unwrap_or_else(|err| panic!("request {i}: {err:?}"));
    }
    let err = links::request_reset(&from(BUSY, 10), GANDALF.0)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::TooManyAttempts(_)), "{err:?}");
    assert!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.is_empty());

    links::request_reset(&from("198.51.100.8", 11), GANDALF.0)
        .await
        .unwrap();
    assert_eq!(emails(&app, RESET_TEMPLATE, GANDALF.0).await.len(), 1);
}

#[tokio::test]
async fn a_reset_ends_every_session_and_leaves_the_contact_to_sign_in() {
    let app = TestApp::new().await;
    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let mut elsewhere = app.signed_in(GANDALF.0, GANDALF.1).await;
    assert!(app.whoami(&mut elsewhere).await.is_some());

    let mut browser = app.client();
    let response = forgot_password(&mut browser, GANDALF.0).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let token = latest_token(&app, RESET_TEMPLATE, GANDALF.0, TokenPurpose::Reset).await;
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        ready(GANDALF.0, "Gandalf")
    );
    let done = set_password(&mut browser, TokenPurpose::Reset, &token, NEW_PASSWORD).await;
    assert_eq!(done, PasswordSet::Saved { can_sign_in: true });

    assert!(
        app.whoami(&mut browser).await.is_none(),
        "a reset signs no one in"
    );
    assert!(
        app.whoami(&mut elsewhere).await.is_none(),
        "other sessions end"
    );
    let response = elsewhere.call("/api/contacts/me", &[]).await;
    assert_eq!(response.status, 401, "{}", response.body);

    let notices = emails(&app, CHANGED_TEMPLATE, GANDALF.0).await;
    assert_eq!(notices.len(), 1, "a Password Changed Notice");
    assert_eq!(notices[0].contact_id, Some(gandalf.id));
    let resets = audit_entries(&app, AuditAction::PasswordReset).await;
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].entity_id, Some(gandalf.id));
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        LinkStatus::Used
    );

    let old = app.client().sign_in(GANDALF.0, GANDALF.1).await;
    assert_eq!(
        old.status, 422,
        "the old password no longer works: {}",
        old.body
    );
    let new = app.client().sign_in(GANDALF.0, NEW_PASSWORD).await;
    assert_eq!(new.status, 200, "{}", new.body);
}

#[tokio::test]
async fn staff_send_password_reset_link_works_on_the_reset_page() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let samwise = contact_by_email(&app, SAMWISE.0).await;
    // Samwise is signed in on the browser where he opens the link.
    let mut browser = app.signed_in(SAMWISE.0, SAMWISE.1).await;

    let response = staff
        .call(
            "/api/email/send-to-contact",
            &[
                ("contact_id", &samwise.id.to_string()),
                ("which", "PasswordReset"),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let token = latest_token(&app, RESET_TEMPLATE, SAMWISE.0, TokenPurpose::Reset).await;
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Reset, &token).await,
        ready(SAMWISE.0, "Samwise")
    );
    let done = set_password(&mut browser, TokenPurpose::Reset, &token, NEW_PASSWORD).await;
    assert_eq!(done, PasswordSet::Saved { can_sign_in: true });
    assert!(
        app.whoami(&mut browser).await.is_none(),
        "the reset ended this browser's session too"
    );
    assert_eq!(emails(&app, CHANGED_TEMPLATE, SAMWISE.0).await.len(), 1);
    assert_eq!(app.client().sign_in(SAMWISE.0, SAMWISE.1).await.status, 422);
    let response = browser.sign_in(SAMWISE.0, NEW_PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        app.whoami(&mut browser).await.map(|me| me.id),
        Some(samwise.id)
    );
}

// --- who can be invited, and with which email -------------------------------------------

#[tokio::test]
async fn inviting_with_another_email_makes_it_the_contacts_email() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let frodo = add_invitee(&app, ("Frodo", "Baggins"), FRODO).await;
    const NEW_EMAIL: &str = "frodo.baggins@shire.test";

    let card: ContactCard = ok(
        "invite with another email",
        call_invite(&mut staff, frodo.id, Some(" Frodo.Baggins@Shire.test ")).await,
    );
    assert_eq!(card.fields.email, NEW_EMAIL);
    assert!(matches!(card.sign_in, SignInState::Invited { .. }));
    let stored = contact_by_id(&app, frodo.id).await;
    assert_eq!(stored.email, NEW_EMAIL);
    assert_eq!(stored.version, frodo.version + 1);
    assert_eq!(emails(&app, INVITE_TEMPLATE, NEW_EMAIL).await.len(), 1);
    assert!(emails(&app, INVITE_TEMPLATE, FRODO).await.is_empty());
    let updates = audit_entries(&app, AuditAction::ContactUpdate).await;
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].entity_id, Some(frodo.id));
    let token = latest_token(&app, INVITE_TEMPLATE, NEW_EMAIL, TokenPurpose::Invite).await;
    assert_eq!(
        link_status(&mut app.client(), TokenPurpose::Invite, &token).await,
        ready(NEW_EMAIL, "Frodo")
    );

    // An email someone else uses, or no email at all, is refused at the field.
    let merry = add_invitee(&app, ("Meriadoc", "Brandybuck"), "merry@test.com").await;
    for (email, expected) in [
        (SAMWISE.0, "Another person already uses this email address."),
        (NEW_EMAIL, "Another person already uses this email address."),
        (STAFF.0, "Another person already uses this email address."),
        (
            "not-an-email",
            "Enter a valid email address, like name@example.com.",
        ),
    ] {
        let response = call_invite(&mut staff, merry.id, Some(email)).await;
        assert_eq!(response.status, 422, "{email}: {}", response.body);
        let err: AppError = response.json();
        assert_eq!(
            err.message_for("email").as_deref(),
            Some(expected),
            "{email}: {err:?}"
        );
    }
    let unchanged = contact_by_id(&app, merry.id).await;
    assert_eq!(unchanged.email, "merry@test.com");
    assert_eq!(unchanged.invited_at, None);
    assert_eq!(unchanged.version, merry.version);
    assert!(tokens_of(&app, merry.id).await.is_empty());
    assert_eq!(
        audit_entries(&app, AuditAction::ContactInvite).await.len(),
        1
    );
}

#[tokio::test]
async fn a_changed_email_retires_the_invite_sent_before_and_tells_the_old_address() {
    let app = TestApp::new().await;
    let (mut staff, frodo, first) = invited_frodo(&app).await;
    const NEW_EMAIL: &str = "frodo.baggins@shire.test";

    // Staff invite him again at another address.
    call_invite(&mut staff, frodo, Some(NEW_EMAIL)).await;
    let mut browser = app.client();
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &first).await,
        LinkStatus::Replaced
    );
    let notices = emails(&app, TemplateKind::EmailChanged, FRODO).await;
    assert_eq!(
        notices.len(),
        1,
        "the old address holds an invite, so it is told"
    );
    assert_eq!(notices[0].contact_id, Some(frodo));
    let second = latest_token(&app, INVITE_TEMPLATE, NEW_EMAIL, TokenPurpose::Invite).await;
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &second).await,
        ready(NEW_EMAIL, "Frodo")
    );

    // A contact may change the email of one who only holds an invite (Gandalf
    // edits Frodo in the portal): the same happens.
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let seen: portal::contacts::PortalContactView = ok(
        "view",
        gandalf
            .call("/api/portal/contacts/get", &[("id", &frodo.to_string())])
            .await,
    );
    assert!(!seen.has_sign_in);
    const THIRD_EMAIL: &str = "ring.bearer@shire.test";
    let form = portal::contacts::PortalContactForm::of(&portal::contacts::PortalContactInput {
        email: THIRD_EMAIL.to_string(),
        ..seen.fields.clone()
    });
    let mut fields = vec![
        ("id".to_string(), frodo.to_string()),
        ("version".to_string(), seen.version.to_string()),
    ];
    fields.extend(
        form.values()
            .iter()
            .map(|(name, value)| (format!("contact[{name}]"), value.to_string())),
    );
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = gandalf.call("/api/portal/contacts/update", &fields).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(contact_by_id(&app, frodo).await.email, THIRD_EMAIL);
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &second).await,
        LinkStatus::Replaced
    );
    assert_eq!(
        emails(&app, TemplateKind::EmailChanged, NEW_EMAIL)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn contacts_who_have_a_sign_in_or_cannot_sign_in_are_not_invited() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let before = email_count(&app).await;

    let gandalf = contact_by_email(&app, GANDALF.0).await;
    let response = call_invite(&mut staff, gandalf.id, None).await;
    assert_eq!(response.status, 409, "{}", response.body);
    let err: AppError = response.json();
    assert_eq!(
        err.to_string(),
        "Gandalf The Grey already has a sign-in. If they can't get in, use Email › Send Password Reset."
    );
    // Not even with another email.
    let response = call_invite(&mut staff, gandalf.id, Some("mithrandir@test.com")).await;
    assert_eq!(response.status, 409, "{}", response.body);
    assert_eq!(contact_by_id(&app, gandalf.id).await.email, GANDALF.0);

    let lotho = add_invitee(&app, ("Lotho", "Sackville"), "lotho@test.com").await;
    let mut inactive: contact::ActiveModel = lotho.clone().into();
    inactive.status = Set(ContactStatus::Inactive);
    inactive.update(&app.db.db).await.unwrap();
    let response = call_invite(&mut staff, lotho.id, None).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert!(response.json::<AppError>().to_string().contains("inactive"));

    let bill = add_invitee(&app, ("Bill", "Ferny"), "bill@test.com").await;
    let mut revoked: contact::ActiveModel = bill.clone().into();
    revoked.access_revoked_at = Set(Some(Utc::now()));
    revoked.update(&app.db.db).await.unwrap();
    let response = call_invite(&mut staff, bill.id, None).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert!(response.json::<AppError>().to_string().contains("revoked"));

    assert_eq!(email_count(&app).await, before, "no invite went out");
    for id in [gandalf.id, lotho.id, bill.id] {
        assert!(tokens_of(&app, id).await.is_empty());
        assert_eq!(
            contact_by_id(&app, id).await.invited_at,
            if id == gandalf.id {
                gandalf.invited_at
            } else {
                None
            }
        );
    }
    assert!(audit_entries(&app, AuditAction::ContactInvite)
        .await
        .is_empty());
}

#[tokio::test]
async fn invite_all_invites_only_the_contacts_without_a_sign_in() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let shire = insert_organization(&app, "The Shire").await.id;
    let now = Utc::now();
    let add = |first: &'static str, email: &'static str| {
        let app = &app;
        async move { insert_contact(app, shire, (first, "Hobbit"), email, now).await }
    };
    let bilbo = add("Bilbo", "bilbo@shire.test").await;
    let rosie = add("Rosie", "rosie@shire.test").await;
    let lobelia = add("Lobelia", "lobelia@shire.test").await;
    let fatty = add("Fatty", "fatty@shire.test").await;
    let ted = add("Ted", "ted@shire.test").await;
    let bill = add("Bill", "bill@shire.test").await;

    // Rosie was invited before; Lobelia has a password, Fatty has signed in.
    invite(&mut staff, rosie.id).await;
    let rosie_first = latest_token(
        &app,
        INVITE_TEMPLATE,
        "rosie@shire.test",
        TokenPurpose::Invite,
    )
    .await;
    let mut model: contact::ActiveModel = lobelia.into();
    model.password_hash = Set(Some(
        portal::auth::password::hash("sackville baggins")
            .await
            .unwrap(),
    ));
    model.update(&app.db.db).await.unwrap();
    let mut model: contact::ActiveModel = fatty.into();
    model.last_login_at = Set(Some(now));
    model.update(&app.db.db).await.unwrap();
    // Ted is inactive, Bill's access is revoked.
    let mut model: contact::ActiveModel = ted.into();
    model.status = Set(ContactStatus::Inactive);
    model.update(&app.db.db).await.unwrap();
    let mut model: contact::ActiveModel = bill.into();
    model.access_revoked_at = Set(Some(now));
    model.update(&app.db.db).await.unwrap();

    let result: InviteAllResult = ok("invite all", call_invite_all(&mut staff, shire).await);
    assert_eq!(
        result,
        InviteAllResult {
            invited: 2,
            already_signed_in: 2,
            not_active: 2,
        }
    );
    assert_eq!(
        result.summary(),
        "Invites sent to 2 contacts. Skipped 2 who already have a sign-in. Skipped 2 who are inactive or revoked."
    );
    let sent_to = |email: &'static str| {
        let app = &app;
        async move { emails(app, INVITE_TEMPLATE, email).await.len() }
    };
    assert_eq!(sent_to("bilbo@shire.test").await, 1);
    assert_eq!(
        sent_to("rosie@shire.test").await,
        2,
        "a fresh link for Rosie"
    );
    for email in [
        "lobelia@shire.test",
        "fatty@shire.test",
        "ted@shire.test",
        "bill@shire.test",
    ] {
        assert_eq!(sent_to(email).await, 0, "{email}");
    }
    assert!(contact_by_id(&app, bilbo.id).await.invited_at.is_some());
    let mut browser = app.client();
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &rosie_first).await,
        LinkStatus::Replaced
    );
    let bilbo_token = latest_token(
        &app,
        INVITE_TEMPLATE,
        "bilbo@shire.test",
        TokenPurpose::Invite,
    )
    .await;
    assert_eq!(
        link_status(&mut browser, TokenPurpose::Invite, &bilbo_token).await,
        ready("bilbo@shire.test", "Bilbo")
    );

    // Middle Earth: everyone already has a sign-in.
    let middle_earth = organization_id(&app, MIDDLE_EARTH).await;
    let result: InviteAllResult = ok(
        "invite all at Middle Earth",
        call_invite_all(&mut staff, middle_earth).await,
    );
    assert_eq!(
        result,
        InviteAllResult {
            invited: 0,
            already_signed_in: 2,
            not_active: 0,
        }
    );
}
