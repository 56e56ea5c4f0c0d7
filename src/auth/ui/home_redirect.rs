//! `/`: sends each person to where they belong.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::session::use_session;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let path = match session.user.await {
                    Ok(Some(user)) => user.role.home(),
                    _ => "/login",
                };
                view! { <Redirect path=path /> }
            })}
        </Suspense>
    }
}
