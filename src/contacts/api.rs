//! Contact server functions.

use leptos::prelude::*;

use super::MyProfile;
use crate::error::AppError;

/// Any signed-in contact: their own profile. Needs no permission.
#[server(prefix = "/api", endpoint = "contacts/me")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    super::service::my_profile(&ctx.db, me.id).await
}

/// Staff: one page of an organization's contacts for the contacts panel.
#[server(prefix = "/api", endpoint = "admin/contacts/list")]
pub async fn admin_list_contacts(
    organization_id: i32,
    search: String,
    sort: String,
    offset: u64,
) -> Result<crate::paging::Page<super::ContactCard>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    let sort = super::ContactSort::from_key(&sort);
    super::admin_service::list(&ctx.db, organization_id, &search, sort, offset).await
}

/// Staff: saves a contact card; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "admin/contacts/update", input = server_fn::codec::Json)]
#[middleware(crate::server::security::RequireJson)]
pub async fn admin_update_contact(
    id: i32,
    version: i32,
    edit: super::ContactEdit,
) -> Result<super::ContactCard, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::admin_service::update(&ctx, id, version, &edit).await
}

/// Staff: adds a contact to an organization, and with `invite` sends their
/// Sign-in Invite in the same step.
#[server(prefix = "/api", endpoint = "admin/contacts/create", input = server_fn::codec::Json)]
#[middleware(crate::server::security::RequireJson)]
pub async fn admin_create_contact(
    organization_id: i32,
    edit: super::ContactEdit,
    invite: bool,
) -> Result<super::ContactCard, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::admin_service::create(&ctx, organization_id, &edit, invite).await
}

/// Staff: "Create and Send Invite" for one contact; `email`, when given and
/// different, becomes the contact's email and sign-in.
#[server(prefix = "/api", endpoint = "admin/contacts/invite")]
pub async fn admin_invite_contact(
    id: i32,
    email: Option<String>,
) -> Result<super::ContactCard, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::invites::invite(&ctx, id, email).await
}

/// Staff: "Invite All to Sign In": every contact of the organization without a sign-in.
#[server(prefix = "/api", endpoint = "admin/contacts/invite_all")]
pub async fn admin_invite_all(organization_id: i32) -> Result<super::InviteAllResult, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::invites::invite_all(&ctx, organization_id).await
}

/// Staff: adds a contact to, or removes them from, the default notification emails.
#[server(prefix = "/api", endpoint = "admin/contacts/default_notification")]
pub async fn admin_set_default_notification(id: i32, on: bool) -> Result<(), AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::admin_service::set_default_notification(&ctx, id, on).await
}

/// Staff: the organization's default notification contacts.
#[server(prefix = "/api", endpoint = "admin/contacts/default_notification/list")]
pub async fn admin_default_notification_contacts(
    organization_id: i32,
) -> Result<Vec<super::ContactBrief>, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::admin_service::default_notification_contacts(&ctx.db, organization_id).await
}

/// Staff: one contact card, fresh from the database (after a save conflict).
#[server(prefix = "/api", endpoint = "admin/contacts/get")]
pub async fn admin_get_contact(id: i32) -> Result<super::ContactCard, AppError> {
    let (_, ctx) = crate::auth::caller::require_staff()?;
    super::admin_service::get(&ctx.db, id).await
}

/// Any signed-in contact: one page of their own organization's contacts,
/// filtered by name and status. Needs no permission.
#[server(prefix = "/api", endpoint = "portal/contacts/list")]
pub async fn portal_list_contacts(
    name: String,
    status: String,
    page: u64,
) -> Result<crate::paging::Page<super::PortalContactRow>, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    let status = super::StatusFilter::from_key(&status);
    super::portal_service::list(&ctx.db, &me, &name, status, page).await
}

/// Any signed-in contact: View Contact for a contact of their own organization;
/// another organization's contact is not found.
#[server(prefix = "/api", endpoint = "portal/contacts/get")]
pub async fn portal_get_contact(id: i32) -> Result<super::PortalContactView, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    super::portal_service::get(&ctx.db, &me, id).await
}

/// A contact with Edit Contact: the permission levels they may hand out.
#[server(prefix = "/api", endpoint = "portal/contacts/levels")]
pub async fn portal_grantable_levels() -> Result<Vec<super::GrantableLevel>, AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::grantable_levels(&ctx.db, &me).await
}

/// A contact with Edit Contact: adds a contact to their own organization.
/// Works as a plain HTML form too: it then redirects to the new contact, or
/// back to the form with the error and what was typed.
#[server(prefix = "/api", endpoint = "portal/contacts/create")]
pub async fn portal_create_contact(
    contact: super::PortalContactForm,
) -> Result<super::PortalContactView, AppError> {
    use crate::server::plain_form;

    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::EditContact)?;
    match super::portal_service::create(&ctx, &me, &contact.input()).await {
        Ok(created) => {
            plain_form::redirect_on_success(&format!("/portal/contacts/{}?done=added", created.id));
            Ok(created)
        }
        Err(err) => {
            plain_form::back_with_error(
                <PortalCreateContact as leptos::server_fn::ServerFn>::PATH,
                &plain_form::referring_page("/portal/contacts/new"),
                &contact.values(),
                &err,
            );
            Err(err)
        }
    }
}

/// A contact with Edit Contact: saves a contact of their own organization;
/// refuses if someone else saved since `version`.
/// Works as a plain HTML form too: it then redirects to `back` (a local
/// Contacts page), or back to the form with the error and what was typed.
#[server(prefix = "/api", endpoint = "portal/contacts/update")]
pub async fn portal_update_contact(
    id: i32,
    version: i32,
    contact: super::PortalContactForm,
    back: Option<String>,
) -> Result<super::PortalContactView, AppError> {
    use crate::server::plain_form;

    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::EditContact)?;
    match super::portal_service::update(&ctx, &me, id, version, &contact.input()).await {
        Ok(saved) => {
            let to = match back {
                Some(back) if crate::paths::safe_within(&back, "/portal/contacts") => {
                    let join = if back.contains('?') { '&' } else { '?' };
                    format!("{back}{join}done=saved")
                }
                _ => format!("/portal/contacts/{id}?done=saved"),
            };
            plain_form::redirect_on_success(&to);
            Ok(saved)
        }
        Err(err) => {
            let version = version.to_string();
            let mut values = contact.values().to_vec();
            values.push(("version", &version));
            plain_form::back_with_error(
                <PortalUpdateContact as leptos::server_fn::ServerFn>::PATH,
                &plain_form::referring_page(&format!("/portal/contacts/{id}/edit")),
                &values,
                &err,
            );
            Err(err)
        }
    }
}

/// A contact with Edit Contact: deletes another contact of their own organization.
#[server(prefix = "/api", endpoint = "portal/contacts/delete")]
pub async fn portal_delete_contact(id: i32) -> Result<(), AppError> {
    let (me, ctx) = crate::auth::caller::require_contact()?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::delete(&ctx, &me, id).await
}
