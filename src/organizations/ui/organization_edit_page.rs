//! `/admin/customers/:id/edit`: change an organization's name and address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::organization_fields::OrganizationFields;
use crate::components::status_page::ErrorPanel;
use crate::organizations::api::{get_organization, UpdateOrganization};

#[component]
pub fn OrganizationEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let details = Resource::new(id, get_organization);
    let update = ServerAction::<UpdateOrganization>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    view! {
        <Title text="Edit organization" />
        <div class="page__header">
            <h1>"Edit organization"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! {
                        <section class="card card--narrow">
                            <ActionForm action=update attr:class="form" attr:novalidate=true>
                                {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                                    <p class="alert alert--error" role="alert">{message}</p>
                                })}
                                <input type="hidden" name="id" value=details.id />
                                <input type="hidden" name="version" value=details.version />
                                <OrganizationFields values=details.fields.clone() error />
                                <div class="form__actions">
                                    <button type="submit" class="button button--primary" disabled=move || update.pending().get()>
                                        "Save"
                                    </button>
                                    <A href=format!("/admin/customers/{}", details.id) attr:class="button">"Cancel"</A>
                                </div>
                            </ActionForm>
                        </section>
                    }
                        .into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
    }
}
