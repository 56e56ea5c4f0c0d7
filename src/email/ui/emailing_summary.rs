//! Organization Details' EMAILING block: Send Account Summary to the default
//! notification contacts, and View Email History for the whole organization.

use leptos::prelude::*;

use super::email_history::{EmailHistoryDrawer, HistoryScope};
use crate::email::api::admin_send_account_summary;

#[component]
pub fn EmailingSummary(organization_id: i32, organization_name: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let send = Action::new(move |_: &()| admin_send_account_summary(organization_id));
    let outcome = move || {
        send.value().get().map(|result| match result {
            Ok(sent) => {
                let names = sent
                    .iter()
                    .map(|email| email.to_name.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                view! { <p class="summary__status" role="status">{format!("Account summary queued for {names}.")}</p> }
                    .into_any()
            }
            Err(err) => view! { <p class="summary__error" role="alert">{err.to_string()}</p> }.into_any(),
        })
    };
    let scope = HistoryScope {
        organization_id,
        contact_id: None,
    };
    view! {
        <div class="summary">
            <h2 class="summary__label">"EMAILING"</h2>
            <div class="summary__actions">
                <button
                    type="button"
                    class="button button--small"
                    disabled=move || send.pending().get()
                    on:click=move |_| {
                        send.dispatch(());
                    }
                >
                    {move || if send.pending().get() { "Sending…" } else { "Send Account Summary" }}
                </button>
                <button type="button" class="button button--small" on:click=move |_| open.set(true)>
                    "View Email History"
                </button>
            </div>
            {outcome}
            <EmailHistoryDrawer
                open
                scope
                whose=Signal::derive(move || organization_name.clone())
                id="organization-email-history".to_string()
            />
        </div>
    }
}
