//! The header's "Sign out" button; a plain form post, so it works before hydration.

use leptos::prelude::*;

use super::session::use_session;

#[component]
pub fn SignOutButton() -> impl IntoView {
    let logout = use_session().logout;
    view! {
        <ActionForm action=logout attr:class="sign-out">
            <button type="submit" class="button button--quiet" disabled=move || logout.pending().get()>
                "Sign out"
            </button>
        </ActionForm>
    }
}
