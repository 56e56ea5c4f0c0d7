//! Contact server functions.

use leptos::prelude::*;

use super::MyProfile;
use crate::error::AppError;

/// Any signed-in contact: their own profile. Needs no permission.
#[server(prefix = "/api", endpoint = "contacts/me")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    super::service::my_profile(&crate::server::db()?, me.id).await
}

/// Staff: one page of an organization's contacts for the contacts panel.
#[server(prefix = "/api", endpoint = "admin/contacts/list")]
pub async fn admin_list_contacts(
    organization_id: i32,
    search: String,
    sort: String,
    offset: u64,
) -> Result<crate::paging::Page<super::ContactCard>, AppError> {
    crate::auth::caller::require_staff().await?;
    let sort = super::ContactSort::from_key(&sort);
    super::admin_service::list(
        &crate::server::db()?,
        organization_id,
        &search,
        sort,
        offset,
    )
    .await
}

/// Staff: saves a contact card; refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "admin/contacts/update", input = server_fn::codec::Json)]
pub async fn admin_update_contact(
    id: i32,
    version: i32,
    edit: super::ContactEdit,
) -> Result<super::ContactCard, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    super::admin_service::update(&crate::server::db()?, &actor, id, version, &edit).await
}

/// Staff: adds a contact to an organization, and with `invite` sends their
/// Sign-in Invite in the same step.
#[server(prefix = "/api", endpoint = "admin/contacts/create", input = server_fn::codec::Json)]
pub async fn admin_create_contact(
    organization_id: i32,
    edit: super::ContactEdit,
    invite: bool,
) -> Result<super::ContactCard, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    super::admin_service::create(
        &state.db,
        &state.settings,
        &actor,
        organization_id,
        &edit,
        invite,
        crate::server::now(),
    )
    .await
}

/// Staff: "Create and Send Invite" for one contact; `email`, when given and
/// different, becomes the contact's email and sign-in.
#[server(prefix = "/api", endpoint = "admin/contacts/invite")]
pub async fn admin_invite_contact(
    id: i32,
    email: Option<String>,
) -> Result<super::ContactCard, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    super::invites::invite(
        &state.db,
        &state.settings,
        &actor,
        id,
        email,
        crate::server::now(),
    )
    .await
}

/// Staff: "Invite All to Sign In": every contact of the organization without a sign-in.
#[server(prefix = "/api", endpoint = "admin/contacts/invite_all")]
pub async fn admin_invite_all(organization_id: i32) -> Result<super::InviteAllResult, AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    let state = crate::server::state()?;
    super::invites::invite_all(
        &state.db,
        &state.settings,
        &actor,
        organization_id,
        crate::server::now(),
    )
    .await
}

/// Staff: adds a contact to, or removes them from, the default notification emails.
#[server(prefix = "/api", endpoint = "admin/contacts/default_notification")]
pub async fn admin_set_default_notification(id: i32, on: bool) -> Result<(), AppError> {
    let staff = crate::auth::caller::require_staff().await?;
    let actor = crate::audit::service::Actor::staff(&staff);
    super::admin_service::set_default_notification(&crate::server::db()?, &actor, id, on).await
}

/// Staff: the organization's default notification contacts.
#[server(prefix = "/api", endpoint = "admin/contacts/default_notification/list")]
pub async fn admin_default_notification_contacts(
    organization_id: i32,
) -> Result<Vec<super::ContactBrief>, AppError> {
    crate::auth::caller::require_staff().await?;
    super::admin_service::default_notification_contacts(&crate::server::db()?, organization_id)
        .await
}

/// Staff: one contact card, fresh from the database (after a save conflict).
#[server(prefix = "/api", endpoint = "admin/contacts/get")]
pub async fn admin_get_contact(id: i32) -> Result<super::ContactCard, AppError> {
    crate::auth::caller::require_staff().await?;
    super::admin_service::get(&crate::server::db()?, id).await
}

/// Any signed-in contact: one page of their own organization's contacts,
/// filtered by name and status. Needs no permission.
#[server(prefix = "/api", endpoint = "portal/contacts/list")]
pub async fn portal_list_contacts(
    name: String,
    status: String,
    page: u64,
) -> Result<crate::paging::Page<super::PortalContactRow>, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    let status = super::StatusFilter::from_key(&status);
    super::portal_service::list(&crate::server::db()?, &me, &name, status, page).await
}

/// Any signed-in contact: View Contact for a contact of their own organization;
/// another organization's contact is not found.
#[server(prefix = "/api", endpoint = "portal/contacts/get")]
pub async fn portal_get_contact(id: i32) -> Result<super::PortalContactView, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    super::portal_service::get(&crate::server::db()?, &me, id).await
}

/// A contact with Edit Contact: the permission levels they may hand out.
#[server(prefix = "/api", endpoint = "portal/contacts/levels")]
pub async fn portal_grantable_levels() -> Result<Vec<super::GrantableLevel>, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::grantable_levels(&crate::server::db()?, &me).await
}

/// A contact with Edit Contact: adds a contact to their own organization.
#[server(prefix = "/api", endpoint = "portal/contacts/create", input = server_fn::codec::Json)]
pub async fn portal_create_contact(
    input: super::PortalContactInput,
) -> Result<super::PortalContactView, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::create(&crate::server::db()?, &me, &input).await
}

/// A contact with Edit Contact: saves a contact of their own organization;
/// refuses if someone else saved since `version`.
#[server(prefix = "/api", endpoint = "portal/contacts/update", input = server_fn::codec::Json)]
pub async fn portal_update_contact(
    id: i32,
    version: i32,
    input: super::PortalContactInput,
) -> Result<super::PortalContactView, AppError> {
    let me = crate::auth::caller::require_contact().await?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::update(&crate::server::db()?, &me, id, version, &input).await
}

/// A contact with Edit Contact: deletes another contact of their own organization.
#[server(prefix = "/api", endpoint = "portal/contacts/delete")]
pub async fn portal_delete_contact(id: i32) -> Result<(), AppError> {
    let me = crate::auth::caller::require_contact().await?;
    me.require(crate::access::Permission::EditContact)?;
    super::portal_service::delete(&crate::server::db()?, &me, id).await
}
