//! A person's fields (title, names, email, phone, status), shared by the
//! staff's contact cards and the portal's Add and Edit Contact forms.

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::contacts::{ContactEdit, ContactStatus};
use crate::error::AppError;

#[component]
pub fn PersonFields(
    /// Makes element ids unique on a page with many forms.
    id_prefix: String,
    draft: RwSignal<ContactEdit>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let text_field = |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      get: fn(&ContactEdit) -> String,
                      set: fn(&mut ContactEdit, String)| {
        let id = format!("{id_prefix}-{name}");
        let error_id = format!("{id}-error");
        let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type=kind
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
                    aria-describedby=error_id.clone()
                    aria-invalid=move || message.get().is_some().then_some("true")
                />
                <FieldError id=error_id message />
            </div>
        }
    };
    let status_id = format!("{id_prefix}-status");
    let status_error_id = format!("{status_id}-error");
    let status_message = Signal::derive(move || error.get().and_then(|e| e.message_for("status")));
    view! {
        {text_field("title", "Title", "text", |d| d.title.clone(), |d, v| d.title = v)}
        {text_field("first_name", "First name", "text", |d| d.first_name.clone(), |d, v| d.first_name = v)}
        {text_field("last_name", "Last name", "text", |d| d.last_name.clone(), |d, v| d.last_name = v)}
        {text_field("email", "Email", "email", |d| d.email.clone(), |d, v| d.email = v)}
        {text_field("phone", "Phone", "tel", |d| d.phone.clone(), |d, v| d.phone = v)}
        <div class="field">
            <label for=status_id.clone()>"Status"</label>
            <select
                id=status_id
                prop:value=move || draft.with(|d| d.status.key())
                on:change=move |ev| draft.update(|d| d.status = ContactStatus::from_key(&event_target_value(&ev)))
                aria-describedby=status_error_id.clone()
            >
                <option value="active">"Active"</option>
                <option value="inactive">"Inactive"</option>
            </select>
            <FieldError id=status_error_id message=status_message />
        </div>
    }
}
