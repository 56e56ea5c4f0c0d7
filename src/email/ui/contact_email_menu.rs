//! A contact card's "Email" menu: Send Welcome Email, Send Password Reset, Send
//! Account Statement, and View Email History with only this contact's emails.

use leptos::prelude::*;

use super::email_history::{EmailHistoryDrawer, HistoryScope};
use crate::components::dropdown::Dropdown;
use crate::email::api::admin_send_contact_email;
use crate::email::ContactEmail;
use crate::error::AppError;

#[component]
pub fn ContactEmailMenu(
    contact_id: i32,
    organization_id: i32,
    #[prop(into)] contact_name: Signal<String>,
    /// Where the card shows what the last send did.
    notice: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let send =
        Action::new(move |which: &ContactEmail| admin_send_contact_email(contact_id, *which));
    let item = move |which: ContactEmail| {
        view! {
            <li>
                <button
                    type="button"

                    disabled=move || send.pending().get()
                    on:click=move |_| {
                        notice.set(None);
                        send.dispatch(which);
                    }
                >
                    {which.menu_label()}
                </button>
            </li>
        }
    };
    let scope = HistoryScope {
        organization_id,
        contact_id: Some(contact_id),
    };
    Effect::new(move |_| {
        if let Some(result) = send.value().get() {
            notice.set(Some(result.map(|sent| {
                format!(
                    "\u{201c}{}\u{201d} queued for {}.",
                    sent.subject, sent.to_address
                )
            })));
        }
    });
    view! {
        <Dropdown label="Email" class="menu" button_class="button button--small menu__button">
            <ul class="menu__list" aria-label=move || format!("Email {}", contact_name.get())>
                {item(ContactEmail::Welcome)}
                {item(ContactEmail::PasswordReset)}
                {item(ContactEmail::AccountStatement)}
                <li>
                    <button type="button" on:click=move |_| open.set(true)>
                        "View Email History"
                    </button>
                </li>
            </ul>
        </Dropdown>
        <EmailHistoryDrawer
            open
            scope
            whose=contact_name
            id=format!("contact-{contact_id}-email-history")
        />
    }
}
