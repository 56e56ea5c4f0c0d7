//! The fields of an estimate, shared by the New and Edit pages. Field names are
//! `input[...]` so ActionForm fills the server function's argument.

use leptos::prelude::*;

use super::line_editor::LineEditor;
use crate::components::field::FieldError;
use crate::error::AppError;
use crate::sales::{ContactChoice, EstimateInput};

#[component]
pub fn EstimateFields(
    values: EstimateInput,
    contacts: Vec<ContactChoice>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.message_for(name)))
    };
    let invalid = move |name: &'static str| move || message(name).get().is_some().then_some("true");
    let input =
        move |name: &'static str, label: &'static str, value: String, kind: &'static str| {
            let id = format!("estimate-{name}");
            let error_id = format!("{id}-error");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input
                        id=id
                        type=kind
                        name=format!("input[{name}]")
                        value=value
                        aria-describedby=error_id.clone()
                        aria-invalid=invalid(name)
                    />
                    <FieldError id=error_id message=message(name) />
                </div>
            }
        };
    let prose = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      hint: &'static str| {
        let id = format!("estimate-{name}");
        let error_id = format!("{id}-error");
        view! {
            <div class="field field--wide">
                <label for=id.clone()>{label}</label>
                <p class="field__hint">{hint}</p>
                <textarea id=id name=format!("input[{name}]") rows="4" aria-describedby=error_id.clone() aria-invalid=invalid(name)>
                    {value}
                </textarea>
                <FieldError id=error_id message=message(name) />
            </div>
        }
    };
    let chosen = values.contact_id.clone();
    view! {
        <input type="hidden" name="input[organization_id]" value=values.organization_id />
        <div class="field-grid">
            <div class="field field--wide">
                <label for="estimate-title">"Title"</label>
                <input
                    id="estimate-title"
                    name="input[title]"
                    value=values.title
                    required=true
                    aria-describedby="estimate-title-error"
                    aria-invalid=invalid("title")
                />
                <FieldError id="estimate-title-error" message=message("title") />
            </div>
            <div class="field">
                <label for="estimate-contact_id">"Order contact"</label>
                <select id="estimate-contact_id" name="input[contact_id]" aria-describedby="estimate-contact_id-error" aria-invalid=invalid("contact_id")>
                    <option value="" selected=chosen.is_empty()>"No contact yet"</option>
                    {contacts
                        .into_iter()
                        .map(|contact| {
                            let selected = contact.id.to_string() == chosen;
                            view! {
                                <option value=contact.id selected=selected>{format!("{} ({})", contact.name, contact.email)}</option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldError id="estimate-contact_id-error" message=message("contact_id") />
            </div>
            {input("issued_on", "Issue date", values.issued_on, "date")}
            {input("valid_until", "Valid until", values.valid_until, "date")}
            {input("tax_rate", "Tax rate %", values.tax_rate, "text")}
        </div>
        <LineEditor lines=values.lines error />
        {prose("notes", "Notes to the customer", values.notes, "Shown on the estimate above the terms.")}
        {prose("terms", "Terms", values.terms, "What the customer accepts by approving.")}
    }
}
