//! `/admin/customers/new`: add a customer organization.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::organization_fields::OrganizationFields;
use crate::organizations::api::CreateOrganization;
use crate::organizations::OrganizationInput;

#[component]
pub fn OrganizationNewPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganization>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <Title text="New organization" />
        <div class="page__header">
            <h1>"New organization"</h1>
        </div>
        <section class="card card--narrow">
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                    <p class="alert alert--error" role="alert">{message}</p>
                })}
                <OrganizationFields values=OrganizationInput::default() error />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || create.pending().get()>
                        "Create organization"
                    </button>
                    <A href="/admin" attr:class="button">"Cancel"</A>
                </div>
            </ActionForm>
        </section>
    }
}
