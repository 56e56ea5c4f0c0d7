//! The name and address fields shared by the create and edit forms. Field
//! names are `input[...]` so ActionForm fills the server function's argument.

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::error::AppError;
use crate::organizations::OrganizationInput;

#[component]
pub fn OrganizationFields(
    values: OrganizationInput,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let fields: [(&'static str, &'static str, String, &'static str); 7] = [
        ("name", "Organization name", values.name, "organization"),
        (
            "address_line1",
            "Address line 1",
            values.address_line1,
            "address-line1",
        ),
        (
            "address_line2",
            "Address line 2",
            values.address_line2,
            "address-line2",
        ),
        ("city", "City", values.city, "address-level2"),
        ("region", "State / region", values.region, "address-level1"),
        (
            "postal_code",
            "Postal code",
            values.postal_code,
            "postal-code",
        ),
        ("country", "Country", values.country, "country-name"),
    ];
    fields
        .into_iter()
        .map(|(name, label, value, autocomplete)| {
            let id = format!("org-{name}");
            let error_id = format!("{id}-error");
            let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input
                        id=id
                        name=format!("input[{name}]")
                        value=value
                        autocomplete=autocomplete
                        required=name == "name"
                        aria-describedby=error_id.clone()
                        aria-invalid=move || message.get().is_some().then_some("true")
                    />
                    <FieldError id=error_id message />
                </div>
            }
        })
        .collect_view()
}
