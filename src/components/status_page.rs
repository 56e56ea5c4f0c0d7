//! Whole-page answers: access denied, not found, and an error that stopped a page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::Permission;
use crate::auth::Role;
use crate::error::AppError;

#[component]
pub fn AccessDenied(role: Role) -> impl IntoView {
    let (why, link, label) = match role {
        Role::Contact => ("This area is for staff.", "/portal", "Go to your portal"),
        Role::Staff => (
            "The portal is for customer contacts.",
            "/admin",
            "Go to the admin area",
        ),
    };
    view! {
        <Title text="Access denied" />
        <main id="main" class="status-page">
            <h1>"Access denied"</h1>
            <p>{why} " You are signed in, but this page is not part of your account."</p>
            <p><a class="button button--primary" href=link rel="external">{label}</a></p>
        </main>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <main id="main" class="status-page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be incomplete."</p>
            <p><a class="button button--primary" href="/">"Go to the start page"</a></p>
        </main>
    }
}

/// In place of a portal page the contact's access level does not open: a plain
/// explanation instead of an empty page (HTTP 403 on a full page load).
#[component]
pub fn MissingPermission(permission: Permission) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <div class="alert alert--info missing-permission" role="status">
            <p>
                {format!("Your access level does not include {}. ", permission.scope())}
                "Ask your account administrator."
            </p>
        </div>
    }
}

/// In place of a settings page that only Administrators may use, for a staff
/// user with the Staff role (HTTP 403 on a full page load).
#[component]
pub fn StaffOnlyForAdministrators(what: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <div class="alert alert--info missing-permission" role="status">
            <p>{format!("Only Administrators can {what}. Ask an Administrator if something here needs changing.")}</p>
        </div>
    }
}

/// An error that stopped a page or a section from loading, as a plain sentence.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <div class="alert alert--error" role="alert">
            <p>{error.to_string()}</p>
        </div>
    }
}
