//! `/admin/sales/estimates/:id/edit`: change an estimate. Once the customer
//! could see it, saving makes a new revision.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::estimate_form::EstimateFields;
use crate::components::status_page::ErrorPanel;
use crate::sales::api::{edit_estimate, UpdateEstimate};

#[component]
pub fn EstimateEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let estimate = Resource::new(id, edit_estimate);
    let update = ServerAction::<UpdateEstimate>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    view! {
        <Title text="Edit estimate" />
        <div class="page__header">
            <div>
                <p class="eyebrow">"SALES"</p>
                <h1>"Edit estimate"</h1>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimate…"</p> }>
            {move || Suspend::new(async move {
                let (estimate, contacts) = match estimate.await {
                    Ok(found) => found,
                    Err(err) => return view! { <ErrorPanel error=err /> }.into_any(),
                };
                if !estimate.is_editable() {
                    return view! {
                        <p class="alert alert--info" role="status">
                            {format!("{} is {}; it can no longer be edited.", estimate.number, estimate.status.label().to_lowercase())}
                        </p>
                    }
                        .into_any();
                }
                let revises = estimate.status.is_visible_to_customer();
                let organization_href = format!("/admin/customers/{}", estimate.organization_id);
                let organization_name = estimate.organization_name.clone();
                view! {
                    <section class="card">
                        <p class="page__lead">
                            {format!("{} for ", estimate.number)}
                            <A href=organization_href>{organization_name}</A>
                            {if revises {
                                format!(". The customer has been sent revision {}; saving makes revision {}.", estimate.revision, estimate.revision + 1)
                            } else {
                                ". A draft: the customer does not see it yet.".to_string()
                            }}
                        </p>
                        <ActionForm action=update attr:class="form" attr:novalidate=true>
                            {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                                <p class="alert alert--error" role="alert">{message}</p>
                            })}
                            <input type="hidden" name="id" value=estimate.id />
                            <input type="hidden" name="version" value=estimate.version />
                            <EstimateFields values=estimate.input() contacts error />
                            <div class="form__actions">
                                <button type="submit" class="button button--primary" disabled=move || update.pending().get()>
                                    "Save estimate"
                                </button>
                                <A href=format!("/admin/sales/estimates/{}", estimate.id) attr:class="button">"Cancel"</A>
                            </div>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}
        </Transition>
    }
}
