//! Checking credentials, describing the signed-in person, and a signed-in
//! person's own password.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::caller::{
    contact_can_sign_in, staff_can_sign_in, Caller, ContactCaller, SessionPrincipal, StaffCaller,
};
use super::throttle::{self, AttemptKind, Outcome, Reserved};
use super::tokens::{self, LinkOwner};
use super::{password, password_policy, Role};
use crate::audit::service::Entry;
use crate::audit::AuditAction;
use crate::contacts::validate::{normalize_email, MAX_EMAIL};
use crate::db::entities::{contact, staff_user};
use crate::email::send::{queue_to_contact, queue_to_staff};
use crate::email::TemplateKind;
use crate::error::{AppError, AppResult};
use crate::server::ctx::Ctx;

pub const WRONG_CREDENTIALS: &str = "Incorrect email or password.";
pub const ACCESS_NOT_ACTIVE: &str =
    "Your portal access is not active. Please contact your account administrator.";

/// Checks what was typed before anything is hashed, stored or logged.
fn sign_in_input(email: &str, password: &str) -> AppResult<String> {
    let email = normalize_email(email);
    if email.is_empty() {
        return Err(AppError::field("email", "Enter your email address."));
    }
    if email.chars().count() > MAX_EMAIL {
        return Err(AppError::field(
            "email",
            format!("An email address is at most {MAX_EMAIL} characters."),
        ));
    }
    if password.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    if password.len() > password::MAX_BYTES {
        return Err(AppError::field(
            "password",
            "That is longer than any password here can be. Check what you typed.",
        ));
    }
    Ok(email)
}

/// Checks an email and password against staff users first, then contacts.
/// Wrong password and unknown email give the same answer. Every attempt is
/// logged, and an account or address with too many recent failures is told
/// to wait (see `throttle`); the count and the attempt's record are one step,
/// so guesses sent at once cannot all slip through.
pub async fn sign_in(ctx: &Ctx, email: &str, password: &str) -> AppResult<SessionPrincipal> {
    let email = sign_in_input(email, password)?;
    let ip = ctx.client_ip.as_deref();
    let Reserved(attempt) = match throttle::reserve_sign_in(&ctx.db, &email, ip, ctx.now).await? {
        Ok(reserved) => reserved,
        Err(wait) => {
            return Err(AppError::TooManyAttempts(format!(
                "Too many sign-in attempts. Wait {} and try again, or choose a new password with “Forgot password?”.",
                throttle::describe_wait(wait)
            )))
        }
    };
    let outcome = check(ctx, &email, password).await;
    let logged = match &outcome {
        Ok(_) => Outcome::SignedIn,
        Err(refusal) => refusal.outcome,
    };
    throttle::settle(&ctx.db, attempt, logged).await?;
    outcome.map_err(|refusal| refusal.error)
}

/// Why a sign-in was refused: what the log says, and what the person is told.
struct Refusal {
    outcome: Outcome,
    error: AppError,
}

fn refused(outcome: Outcome, error: AppError) -> Refusal {
    Refusal { outcome, error }
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        refused(Outcome::Error, error)
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::from(err).into()
    }
}

async fn check(ctx: &Ctx, email: &str, password: &str) -> Result<SessionPrincipal, Refusal> {
    if let Some(staff) = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&ctx.db)
        .await?
    {
        if !password::verify(password, staff.password_hash.clone()).await {
            return Err(refused(
                Outcome::WrongPassword,
                AppError::form(WRONG_CREDENTIALS),
            ));
        }
        if !staff_can_sign_in(&staff) {
            return Err(refused(
                Outcome::NotActive,
                AppError::form(ACCESS_NOT_ACTIVE),
            ));
        }
        let txn = crate::db::begin_write(&ctx.db).await?;
        let principal = staff_signed_in(&txn, ctx, &staff).await?;
        txn.commit().await?;
        return Ok(principal);
    }

    let found = contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .one(&ctx.db)
        .await?;
    let stored = found.as_ref().and_then(|c| c.password_hash.clone());
    let matches = password::verify(password, stored).await;
    let found = match found {
        Some(found) if matches => found,
        Some(_) => {
            return Err(refused(
                Outcome::WrongPassword,
                AppError::form(WRONG_CREDENTIALS),
            ))
        }
        None => {
            return Err(refused(
                Outcome::UnknownEmail,
                AppError::form(WRONG_CREDENTIALS),
            ))
        }
    };
    if !contact_can_sign_in(&found) {
        return Err(refused(
            Outcome::NotActive,
            AppError::form(ACCESS_NOT_ACTIVE),
        ));
    }
    let txn = crate::db::begin_write(&ctx.db).await?;
    let principal = contact_signed_in(&txn, ctx, found).await?;
    txn.commit().await?;
    Ok(principal)
}

fn signed_in(entity_type: &str, id: i32) -> Entry<'_> {
    Entry {
        action: AuditAction::SignIn,
        entity_type,
        entity_id: Some(id),
        details: serde_json::json!({}),
        client_ip: None,
    }
}

/// Writes down a staff user's sign-in, inside the caller's transaction.
pub(crate) async fn staff_signed_in(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    staff: &staff_user::Model,
) -> AppResult<SessionPrincipal> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::LastLoginAt, Expr::value(ctx.now))
        .col_expr(
            staff_user::Column::LastLoginIp,
            Expr::value(ctx.client_ip.clone()),
        )
        .filter(staff_user::Column::Id.eq(staff.id))
        .exec(txn)
        .await?;
    ctx.acting_as(&Caller::Staff(StaffCaller::of(staff)))
        .audit(txn, signed_in("staff_user", staff.id))
        .await?;
    Ok(SessionPrincipal {
        role: Role::Staff,
        id: staff.id,
    })
}

/// Writes down a contact's sign-in, inside the caller's transaction: the time
/// and client address on the contact, the organization's LAST LOGIN, the audit log.
pub(crate) async fn contact_signed_in(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    found: contact::Model,
) -> AppResult<SessionPrincipal> {
    let caller = ContactCaller::of(&found, Default::default());
    contact::Entity::update_many()
        .col_expr(contact::Column::LastLoginAt, Expr::value(ctx.now))
        .col_expr(
            contact::Column::LastLoginIp,
            Expr::value(ctx.client_ip.clone()),
        )
        .filter(contact::Column::Id.eq(found.id))
        .exec(txn)
        .await?;
    crate::organizations::service::record_sign_in(txn, caller.organization_id, caller.id, ctx.now)
        .await?;
    ctx.acting_as(&Caller::Contact(caller.clone()))
        .audit(txn, signed_in("contact", caller.id))
        .await?;
    Ok(SessionPrincipal {
        role: Role::Contact,
        id: caller.id,
    })
}

/// A person's stored password hash, for checking their current password.
async fn stored_hash(
    db: &impl ConnectionTrait,
    principal: SessionPrincipal,
) -> AppResult<Option<String>> {
    Ok(match principal.role {
        Role::Staff => staff_user::Entity::find_by_id(principal.id)
            .one(db)
            .await?
            .and_then(|s| s.password_hash),
        Role::Contact => contact::Entity::find_by_id(principal.id)
            .one(db)
            .await?
            .and_then(|c| c.password_hash),
    })
}

/// After a person's password changed (inside the caller's transaction): older
/// emailed links stop working, the account's failed sign-ins stop counting,
/// and the Password Changed Notice is queued. Sessions are the caller's call.
pub(crate) async fn password_changed(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    principal: SessionPrincipal,
    trigger: String,
) -> AppResult<()> {
    let email = match principal.role {
        Role::Staff => {
            let staff = staff_user::Entity::find_by_id(principal.id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            tokens::retire(txn, LinkOwner::Staff(staff.id), None, ctx.now).await?;
            queue_to_staff(txn, ctx, &staff, TemplateKind::PasswordChanged, trigger).await?;
            staff.email
        }
        Role::Contact => {
            let person = contact::Entity::find_by_id(principal.id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            tokens::retire(txn, LinkOwner::Contact(person.id), None, ctx.now).await?;
            queue_to_contact(txn, ctx, &person, TemplateKind::PasswordChanged, trigger).await?;
            person.email
        }
    };
    throttle::record(
        txn,
        AttemptKind::SignIn,
        &email,
        ctx.client_ip.as_deref(),
        Outcome::PasswordChanged,
        ctx.now,
    )
    .await?;
    Ok(())
}

/// "Change password" for the signed-in person: their current password first,
/// then the new one by the policy. Every other session of theirs ends (this
/// browser's stays), and a Password Changed Notice is sent.
pub async fn change_password(
    ctx: &Ctx,
    principal: SessionPrincipal,
    current_password: &str,
    new_password: &str,
    this_session: Option<&str>,
) -> AppResult<u64> {
    if current_password.is_empty() {
        return Err(AppError::field(
            "current_password",
            "Enter your current password.",
        ));
    }
    if current_password.len() > password::MAX_BYTES {
        return Err(AppError::field(
            "current_password",
            "That is not your current password.",
        ));
    }
    password_policy::check(new_password, "new_password")?;
    if new_password == current_password {
        return Err(AppError::field(
            "new_password",
            "Choose a password different from your current one.",
        ));
    }
    let email = match principal.role {
        Role::Staff => staff_user::Entity::find_by_id(principal.id)
            .one(&ctx.db)
            .await?
            .map(|s| s.email),
        Role::Contact => contact::Entity::find_by_id(principal.id)
            .one(&ctx.db)
            .await?
            .map(|c| c.email),
    }
    .ok_or(AppError::NotFound)?;
    throttle::allow_password_set(&ctx.db, &email, ctx.client_ip.as_deref(), ctx.now).await?;
    let stored = stored_hash(&ctx.db, principal).await?;
    if !password::verify(current_password, stored).await {
        return Err(AppError::field(
            "current_password",
            "That is not your current password.",
        ));
    }
    let hashed = password::hash(new_password).await?;
    let txn = crate::db::begin_write(&ctx.db).await?;
    match principal.role {
        Role::Staff => {
            staff_user::Entity::update_many()
                .col_expr(staff_user::Column::PasswordHash, Expr::value(Some(hashed)))
                .col_expr(staff_user::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(staff_user::Column::Id.eq(principal.id))
                .exec(&txn)
                .await?;
        }
        Role::Contact => {
            contact::Entity::update_many()
                .col_expr(contact::Column::PasswordHash, Expr::value(Some(hashed)))
                .col_expr(contact::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(contact::Column::Id.eq(principal.id))
                .exec(&txn)
                .await?;
        }
    }
    let ended = super::sessions::end_others(&txn, principal, this_session).await?;
    ctx.audit(
        &txn,
        Entry {
            action: AuditAction::PasswordChanged,
            entity_type: match principal.role {
                Role::Staff => "staff_user",
                Role::Contact => "contact",
            },
            entity_id: Some(principal.id),
            details: serde_json::json!({ "other_sessions_ended": ended }),
            client_ip: None,
        },
    )
    .await?;
    let trigger = format!("Password changed on the account page{}.", ctx.from_where());
    password_changed(&txn, ctx, principal, trigger).await?;
    txn.commit().await?;
    ctx.email.queued();
    Ok(ended)
}
