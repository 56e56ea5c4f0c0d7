//! The client side of the area guard: the server already redirects or refuses,
//! this keeps client-side navigation honest and renders the area's frame.

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use super::app_shell::AppShell;
use super::status_page::{AccessDenied, ErrorPanel};
use crate::auth::ui::session::use_session;
use crate::auth::Role;

#[component]
pub fn AreaGuard(area: Role) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if user.role == area => {
                        view! { <AppShell user><Outlet /></AppShell> }.into_any()
                    }
                    Ok(Some(user)) => view! { <AccessDenied role=user.role /> }.into_any(),
                    Ok(None) => {
                        let wanted = format!(
                            "{}{}",
                            location.pathname.get_untracked(),
                            location.search.get_untracked(),
                        );
                        let next: String = form_urlencoded::byte_serialize(wanted.as_bytes()).collect();
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
    }
}
