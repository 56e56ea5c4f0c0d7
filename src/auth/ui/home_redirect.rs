//! `/`: sends each person to where they belong.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::session::use_session;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let path = match use_session().user {
        Some(user) => user.role.home(),
        None => "/login",
    };
    view! { <Redirect path=path /> }
}
