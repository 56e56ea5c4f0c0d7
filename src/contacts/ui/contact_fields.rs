//! The editable fields of a contact as staff see them, shared by the contact
//! card and the add form: the person, their company and their portal access.

use leptos::prelude::*;

use super::person_fields::PersonFields;
use crate::access::AccessLevelOption;
use crate::components::field::FieldError;
use crate::contacts::{ContactEdit, PortalAccess};
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
    let access_id = format!("{id_prefix}-access");
    let access_error_id = format!("{access_id}-error");
    let access_message = Signal::derive(move || error.get().and_then(|e| e.message_for("access")));
    let unassigned = move || draft.with(|d| d.access == PortalAccess::Unassigned);
    view! {
        <div class="field-grid">
            <PersonFields id_prefix=id_prefix draft error />
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
