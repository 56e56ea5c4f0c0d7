//! The editable fields of a contact, shared by the contact card and the add form.

use leptos::prelude::*;

use crate::access::AccessLevelOption;
use crate::components::field::FieldError;
use crate::contacts::{ContactEdit, ContactStatus, PortalAccess};
use crate::error::AppError;

#[component]
pub fn ContactFields(
    /// Makes element ids unique on a page with many cards.
    id_prefix: String,
    draft: RwSignal<ContactEdit>,
    #[prop(into)] error: Signal<Option<AppError>>,
    levels: Vec<AccessLevelOption>,
    /// The organization, shown read-only.
    company: String,
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
    let access_id = format!("{id_prefix}-access");
    let access_error_id = format!("{access_id}-error");
    let access_message = Signal::derive(move || error.get().and_then(|e| e.message_for("access")));
    let unassigned = move || draft.with(|d| d.access == PortalAccess::Unassigned);
    view! {
        <div class="field-grid">
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
                >
                    <option value="active">"Active"</option>
                    <option value="inactive">"Inactive"</option>
                </select>
            </div>
            <div class="field">
                <span class="field__label">"Company"</span>
                <p class="field__static">{company}</p>
            </div>
            <div class="field">
                <label for=access_id.clone()>"Profile"</label>
                <select
                    id=access_id
                    prop:value=move || draft.with(|d| d.access.key())
                    on:change=move |ev| draft.update(|d| d.access = PortalAccess::from_key(&event_target_value(&ev)))
                    aria-describedby=access_error_id.clone()
                >
                    <Show when=unassigned>
                        <option value="none" disabled>"Choose an access level"</option>
                    </Show>
                    {levels
                        .into_iter()
                        .map(|level| view! { <option value=level.id.to_string()>{level.name}</option> })
                        .collect_view()}
                    <option value="revoked">"Revoke Access"</option>
                </select>
                <FieldError id=access_error_id message=access_message />
            </div>
        </div>
    }
}
