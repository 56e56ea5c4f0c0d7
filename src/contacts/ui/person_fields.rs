//! A person's fields (title, names, email, phone, status), shared by the
//! staff's contact cards and the portal's Add and Edit Contact forms. The
//! values are also written into the HTML, so a form shows them before the
//! WebAssembly loads.

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::contacts::{validate, ContactEdit, ContactStatus};
use crate::error::AppError;

#[component]
pub fn PersonFields(
    /// Makes element ids unique on a page with many forms.
    id_prefix: String,
    draft: RwSignal<ContactEdit>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// When the fields are posted as a plain form: the argument they belong
    /// to, so each is named `prefix[field]`.
    #[prop(optional)]
    form_prefix: Option<&'static str>,
    /// When set, the email cannot be changed here, and this says why.
    #[prop(default = None)]
    email_note: Option<String>,
) -> impl IntoView {
    let name_of = move |field: &str| form_prefix.map(|prefix| format!("{prefix}[{field}]"));
    let email_note = StoredValue::new(email_note);
    let text_field = |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      max: usize,
                      get: fn(&ContactEdit) -> String,
                      set: fn(&mut ContactEdit, String)| {
        let id = format!("{id_prefix}-{name}");
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
        let note = (name == "email").then(|| email_note.get_value()).flatten();
        let described = if note.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            error_id.clone()
        };
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type=kind
                    name=name_of(name)
                    maxlength=max.to_string()
                    readonly=note.is_some()
                    value=draft.with_untracked(get)
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
                    aria-describedby=described
                    aria-invalid=move || message.get().is_some().then_some("true")
                />
                {note.map(|note| view! { <p id=hint_id class="field__hint">{note}</p> })}
                <FieldError id=error_id message />
            </div>
        }
    };
    let status_id = format!("{id_prefix}-status");
    let status_error_id = format!("{status_id}-error");
    let status_message = Signal::derive(move || error.get().and_then(|e| e.message_for("status")));
    let status_now = draft.with_untracked(|d| d.status);
    view! {
        {text_field("title", "Title", "text", 20, |d| d.title.clone(), |d, v| d.title = v)}
        {text_field("first_name", "First name", "text", validate::MAX_NAME, |d| d.first_name.clone(), |d, v| d.first_name = v)}
        {text_field("last_name", "Last name", "text", validate::MAX_NAME, |d| d.last_name.clone(), |d, v| d.last_name = v)}
        {text_field("email", "Email", "email", validate::MAX_EMAIL, |d| d.email.clone(), |d, v| d.email = v)}
        {text_field("phone", "Phone", "tel", validate::MAX_PHONE, |d| d.phone.clone(), |d, v| d.phone = v)}
        <div class="field">
            <label for=status_id.clone()>"Status"</label>
            <select
                id=status_id
                name=name_of("status")
                prop:value=move || draft.with(|d| d.status.key())
                on:change=move |ev| draft.update(|d| d.status = ContactStatus::from_form(&event_target_value(&ev)))
                aria-describedby=status_error_id.clone()
            >
                <option value="active" selected=status_now == ContactStatus::Active>"Active"</option>
                <option value="inactive" selected=status_now == ContactStatus::Inactive>"Inactive"</option>
            </select>
            <FieldError id=status_error_id message=status_message />
        </div>
    }
}
