//! The pages behind emailed links, and "Forgot password?": looking a link up,
//! setting a password with it, and asking for a reset email. Links belong to
//! contacts or to staff users alike.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::caller::{
    contact_can_sign_in, staff_can_sign_in, Caller, ContactCaller, SessionPrincipal, StaffCaller,
};
use super::service::{contact_signed_in, password_changed, staff_signed_in};
use super::session_store::end_sessions_of;
use super::throttle::{self, AttemptKind, Outcome};
use super::tokens::{self, LinkOwner, TokenState};
use super::{password, password_policy, LinkStatus, Role, TokenPurpose};
use crate::audit::service::{Actor, Entry};
use crate::audit::AuditAction;
use crate::contacts::validate::normalize_email;
use crate::contacts::ContactStatus;
use crate::db::entities::{contact, staff_user};
use crate::email::send::{queue_to_contact, queue_to_staff};
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

/// The person a link belongs to, as the link pages need them.
enum Person {
    Contact(contact::Model),
    Staff(staff_user::Model),
}

impl Person {
    async fn find(db: &impl ConnectionTrait, owner: LinkOwner) -> AppResult<Option<Self>> {
        Ok(match owner {
            LinkOwner::Contact(id) => contact::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(Person::Contact),
            LinkOwner::Staff(id) => staff_user::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(Person::Staff),
        })
    }

    fn email(&self) -> &str {
        match self {
            Person::Contact(c) => &c.email,
            Person::Staff(s) => &s.email,
        }
    }

    fn first_name(&self) -> String {
        match self {
            Person::Contact(c) => c.first_name.clone(),
            Person::Staff(s) => s
                .name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        }
    }

    fn owner(&self) -> LinkOwner {
        match self {
            Person::Contact(c) => LinkOwner::Contact(c.id),
            Person::Staff(s) => LinkOwner::Staff(s.id),
        }
    }

    fn principal(&self) -> SessionPrincipal {
        match self {
            Person::Contact(c) => SessionPrincipal {
                role: Role::Contact,
                id: c.id,
            },
            Person::Staff(s) => SessionPrincipal {
                role: Role::Staff,
                id: s.id,
            },
        }
    }

    fn caller(&self) -> Caller {
        match self {
            Person::Contact(c) => Caller::Contact(ContactCaller::of(c, Default::default())),
            Person::Staff(s) => Caller::Staff(StaffCaller::of(s)),
        }
    }
}

fn status_of(state: TokenState, person: Option<&Person>) -> LinkStatus {
    match (state, person) {
        (TokenState::Valid { .. }, Some(person)) => LinkStatus::Ready {
            email: person.email().to_string(),
            first_name: person.first_name(),
        },
        (TokenState::Valid { .. }, None) | (TokenState::Unknown, _) => LinkStatus::Invalid,
        (TokenState::Expired, _) => LinkStatus::Expired,
        (TokenState::Replaced, _) => LinkStatus::Replaced,
        (TokenState::Used, _) => LinkStatus::Used,
    }
}

/// What opening a link shows. Looking never uses the link up.
pub async fn link_status(
    db: &impl ConnectionTrait,
    purpose: TokenPurpose,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<LinkStatus> {
    let state = tokens::inspect(db, token, purpose, now).await?;
    let person = match state {
        TokenState::Valid { owner } => Person::find(db, owner).await?,
        _ => None,
    };
    Ok(status_of(state, person.as_ref()))
}

/// How setting a password through a link ended, for the server function.
pub enum Completed {
    /// The invite is accepted and the person may now be signed in.
    SignIn(SessionPrincipal),
    /// The password is set; the person signs in themselves.
    Saved {
        principal: SessionPrincipal,
        can_sign_in: bool,
    },
    LinkProblem(LinkStatus),
}

/// Sets a password through an emailed link. The link is looked up first, and
/// the password checked against the policy and the address's limit, before
/// anything is hashed: a link that does not work, or a refused password,
/// costs no hashing, and a refused password leaves the link working. The link
/// is used up in the same transaction that stores the password: of two
/// submissions at once, exactly one sets it. After a reset every session of
/// the person ends and a Password Changed Notice is queued; an accepted
/// invite signs the person in (if their access is active).
pub async fn set_password(
    ctx: &Ctx,
    purpose: TokenPurpose,
    token: &str,
    new_password: &str,
) -> AppResult<Completed> {
    let owner = match tokens::inspect(&ctx.db, token, purpose, ctx.now).await? {
        TokenState::Valid { owner } => owner,
        other => return Ok(Completed::LinkProblem(status_of(other, None))),
    };
    password_policy::check(new_password, "password")?;
    let email = Person::find(&ctx.db, owner)
        .await?
        .map(|p| p.email().to_string())
        .unwrap_or_default();
    throttle::allow_password_set(&ctx.db, &email, ctx.client_ip.as_deref(), ctx.now).await?;
    let hashed = password::hash(new_password).await?;

    let txn = crate::db::begin_write(&ctx.db).await?;
    let owner = match tokens::consume(&txn, token, purpose, ctx.now).await? {
        TokenState::Valid { owner } => owner,
        other => return Ok(Completed::LinkProblem(status_of(other, None))),
    };
    let person = Person::find(&txn, owner).await?.ok_or(AppError::NotFound)?;
    let principal = person.principal();
    let person = store_password(&txn, ctx, person, hashed).await?;
    let as_person = ctx.acting_as(&person.caller());
    as_person
        .audit(
            &txn,
            Entry {
                action: match purpose {
                    TokenPurpose::Invite => AuditAction::InviteAccepted,
                    TokenPurpose::Reset => AuditAction::PasswordReset,
                },
                entity_type: match principal.role {
                    Role::Staff => "staff_user",
                    Role::Contact => "contact",
                },
                entity_id: Some(principal.id),
                details: serde_json::json!({}),
                client_ip: None,
            },
        )
        .await?;
    let can_sign_in = match &person {
        Person::Contact(c) => contact_can_sign_in(c),
        Person::Staff(s) => staff_can_sign_in(s),
    };
    let completed = match purpose {
        TokenPurpose::Reset => {
            end_sessions_of(&txn, principal.role, principal.id, None).await?;
            let trigger = format!("Password changed through a reset link{}.", ctx.from_where());
            password_changed(&txn, &as_person, principal, trigger).await?;
            Completed::Saved {
                principal,
                can_sign_in,
            }
        }
        TokenPurpose::Invite => {
            // Older links stop working; the mailbox is proven.
            tokens::retire(&txn, owner, None, ctx.now).await?;
            throttle::record(
                &txn,
                AttemptKind::SignIn,
                person.email(),
                ctx.client_ip.as_deref(),
                Outcome::PasswordChanged,
                ctx.now,
            )
            .await?;
            match person {
                Person::Contact(c) if can_sign_in => {
                    Completed::SignIn(contact_signed_in(&txn, &as_person, c).await?)
                }
                Person::Staff(s) if can_sign_in => {
                    Completed::SignIn(staff_signed_in(&txn, &as_person, &s).await?)
                }
                _ => Completed::Saved {
                    principal,
                    can_sign_in,
                },
            }
        }
    };
    txn.commit().await?;
    ctx.email.queued();
    Ok(completed)
}

/// Stores a new password hash for the person (and, the first time, when they
/// activated their sign-in); answers them as stored.
async fn store_password(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    person: Person,
    hashed: String,
) -> AppResult<Person> {
    let owner = person.owner();
    match person {
        Person::Contact(c) => {
            contact::Entity::update_many()
                .col_expr(contact::Column::PasswordHash, Expr::value(Some(hashed)))
                .col_expr(
                    contact::Column::ActivatedAt,
                    Expr::value(c.activated_at.or(Some(ctx.now))),
                )
                .col_expr(contact::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(contact::Column::Id.eq(c.id))
                .exec(txn)
                .await?;
        }
        Person::Staff(s) => {
            staff_user::Entity::update_many()
                .col_expr(staff_user::Column::PasswordHash, Expr::value(Some(hashed)))
                .col_expr(
                    staff_user::Column::ActivatedAt,
                    Expr::value(s.activated_at.or(Some(ctx.now))),
                )
                .col_expr(staff_user::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(staff_user::Column::Id.eq(s.id))
                .exec(txn)
                .await?;
        }
    }
    Person::find(txn, owner).await?.ok_or(AppError::NotFound)
}

/// Whether a link for `purpose` may go to `owner` at `to_address`, checked
/// when an invite or reset email is queued, resent, and delivered: the
/// address must be theirs, and they must be someone such a link is for (an
/// invite for those without a sign-in, a reset for those with one). The
/// reason when not.
pub async fn may_resend_link(
    db: &impl ConnectionTrait,
    owner: LinkOwner,
    purpose: TokenPurpose,
    to_address: &str,
) -> AppResult<()> {
    let person = Person::find(db, owner).await?.ok_or_else(|| {
        AppError::Conflict(
            "The person this link was for no longer exists, so it cannot be sent again."
                .to_string(),
        )
    })?;
    if person.email() != to_address {
        return Err(AppError::Conflict(format!(
            "This email went to {to_address}, which is no longer their sign-in email, so its link is not sent again. Send a new one from their card (it goes to {}).",
            person.email()
        )));
    }
    let (may, why) = match (&person, purpose) {
        (Person::Contact(c), _)
            if c.status != ContactStatus::Active || c.access_revoked_at.is_some() =>
        {
            (false, "their portal access is not active")
        }
        (Person::Contact(c), TokenPurpose::Invite) => {
            (c.password_hash.is_none(), "they already have a sign-in")
        }
        (Person::Contact(c), TokenPurpose::Reset) => (
            crate::contacts::service::has_sign_in(c),
            "they have no sign-in",
        ),
        (Person::Staff(s), _) if s.deactivated_at.is_some() => (false, "they are deactivated"),
        (Person::Staff(s), TokenPurpose::Invite) => {
            (s.password_hash.is_none(), "they already have a sign-in")
        }
        (Person::Staff(s), TokenPurpose::Reset) => {
            (s.password_hash.is_some(), "they have no sign-in")
        }
    };
    if may {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "No {} link was sent: {why}.",
            match purpose {
                TokenPurpose::Invite => "invite",
                TokenPurpose::Reset => "password reset",
            }
        )))
    }
}

/// Who "Forgot password?" may send a link to: a contact who can sign in or
/// has an invite waiting (active, not revoked), or a staff user with a sign-in.
async fn reset_recipient(db: &impl ConnectionTrait, email: &str) -> AppResult<Option<Person>> {
    if let Some(staff) = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(db)
        .await?
    {
        return Ok(staff_can_sign_in(&staff).then_some(Person::Staff(staff)));
    }
    Ok(contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .filter(contact::Column::Status.eq(ContactStatus::Active))
        .filter(contact::Column::AccessRevokedAt.is_null())
        .one(db)
        .await?
        .filter(crate::contacts::service::has_sign_in)
        .map(Person::Contact))
}

/// "Forgot password?": emails a reset link if the address belongs to someone
/// with a sign-in (or an invite waiting), and answers the same either way.
/// Requests are limited per address typed and per client address, counted
/// alike for known and unknown addresses, so the limit says nothing about who
/// has an account.
pub async fn request_reset(ctx: &Ctx, email: &str) -> AppResult<()> {
    let email = normalize_email(email);
    crate::contacts::validate::email(&email)?;
    let ip = ctx.client_ip.as_deref();
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    if !throttle::reset_allowed(&txn, &email, ip, now).await? {
        throttle::record(
            &txn,
            AttemptKind::ResetRequest,
            &email,
            ip,
            Outcome::Throttled,
            now,
        )
        .await?;
        txn.commit().await?;
        return Err(AppError::TooManyAttempts(
            "Too many reset requests for this address. Check your inbox (and spam folder) for the emails already sent, or try again in an hour.".to_string(),
        ));
    }
    let trigger = format!(
        "Forgot password? on the sign-in page{}.",
        ip.map(|ip| format!(", from {ip}")).unwrap_or_default()
    );
    let requester = Ctx {
        actor: Actor::anonymous(),
        ..ctx.clone()
    };
    let outcome = match reset_recipient(&txn, &email).await? {
        Some(Person::Contact(person)) => {
            queue_to_contact(
                &txn,
                &requester,
                &person,
                TemplateKind::PasswordReset,
                trigger,
            )
            .await?;
            Outcome::ResetSent
        }
        Some(Person::Staff(staff)) => {
            queue_to_staff(
                &txn,
                &requester,
                &staff,
                TemplateKind::PasswordReset,
                trigger,
            )
            .await?;
            Outcome::ResetSent
        }
        None => Outcome::ResetNotSent,
    };
    throttle::record(&txn, AttemptKind::ResetRequest, &email, ip, outcome, now).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(())
}
