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
