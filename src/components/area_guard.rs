//! The page side of the area guard: the server already redirected signed-out
//! visitors and marked the wrong role 403; this renders the area's frame, or
//! "Access denied", from the person the server resolved for this request.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use super::app_shell::AppShell;
use super::status_page::AccessDenied;
use crate::auth::ui::session::{load_page, use_session};
use crate::auth::Role;

#[component]
pub fn AreaGuard(area: Role) -> impl IntoView {
    let location = use_location();
    match use_session().user {
        Some(user) if user.role == area => {
            provide_context(user.clone());
            view! { <AppShell user><Outlet /></AppShell> }.into_any()
        }
        Some(user) => view! { <AccessDenied role=user.role /> }.into_any(),
        None => {
            // Entered without a page load (client-side navigation): let the server decide.
            let wanted = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            Effect::new(move |_| load_page(&wanted));
            view! { <p class="loading" role="status">"Loading…"</p> }.into_any()
        }
    }
}
