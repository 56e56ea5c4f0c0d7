//! Staff add a contact to the organization from the contacts panel.

use leptos::prelude::*;

use super::contact_fields::ContactFields;
use crate::access::AccessLevelOption;
use crate::components::field::FieldError;
use crate::contacts::api::admin_create_contact;
use crate::contacts::ContactEdit;
use crate::error::AppError;

#[component]
pub fn AddContactForm(
    organization_id: i32,
    organization_name: String,
    levels: Vec<AccessLevelOption>,
    /// Called after the contact was added.
    on_added: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let draft = RwSignal::new(ContactEdit::default());
    let invite = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(move |(edit, invite): &(ContactEdit, bool)| {
        let (edit, invite) = (edit.clone(), *invite);
        async move { admin_create_contact(organization_id, edit, invite).await }
    });
    let invite_error = Signal::derive(move || error.get().and_then(|e| e.message_for("invite")));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            draft.set(ContactEdit::default());
            invite.set(false);
            error.set(None);
            on_added.run(());
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    view! {
        <form
            class="add-contact form"
            aria-labelledby="add-contact-heading"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch((draft.get_untracked(), invite.get_untracked()));
            }
        >
            <h3 id="add-contact-heading">"Add a contact"</h3>
            {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                <p class="alert alert--error" role="alert">{message}</p>
            })}
            <ContactFields
                id_prefix="new-contact".to_string()
                draft
                error=Signal::derive(move || error.get())
                levels
                company=organization_name
            />
            <div class="field field--check">
                <label>
                    <input
                        type="checkbox"
                        prop:checked=move || invite.get()
                        on:change=move |ev| invite.set(event_target_checked(&ev))
                        aria-describedby="new-contact-invite-hint new-contact-invite-error"
                    />
                    "Add sign-in and send invite"
                </label>
                <p id="new-contact-invite-hint" class="field__hint">
                    "Emails the Sign-in Invite to the address above, with a link to set a password."
                </p>
                <FieldError id="new-contact-invite-error" message=invite_error />
            </div>
            <div class="form__actions">
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="button button--primary" disabled=move || create.pending().get()>
                    "Add contact"
                </button>
            </div>
        </form>
    }
}
