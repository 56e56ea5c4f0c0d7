//! `/admin/sales/estimates/new?organization=ID`: a new estimate. Without an
//! organization in the URL the page first asks which one it is for.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

use super::estimate_form::EstimateFields;
use crate::components::status_page::ErrorPanel;
use crate::organizations::api::list_organizations;
use crate::sales::api::{start_estimate, CreateEstimate};

const NEW_PATH: &str = "/admin/sales/estimates/new";

#[component]
pub fn EstimateNewPage() -> impl IntoView {
    let query = use_query_map();
    let organization = move || {
        query
            .read()
            .get("organization")
            .and_then(|id| id.parse::<i32>().ok())
    };
    view! {
        <Title text="New estimate" />
        <div class="page__header">
            <div>
                <p class="eyebrow">"SALES"</p>
                <h1>"New estimate"</h1>
            </div>
        </div>
        {move || match organization() {
            Some(id) => view! { <NewEstimateForm organization_id=id /> }.into_any(),
            None => view! { <ChooseOrganization /> }.into_any(),
        }}
    }
}

#[component]
fn ChooseOrganization() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(search, |search| {
        list_organizations(search, "name".into(), 1)
    });
    view! {
        <section class="card card--narrow">
            <h2 class="card__title">"Which organization is it for?"</h2>
            <Form method="get" action=NEW_PATH attr:class="toolbar" attr:role="search">
                <div class="field field--grow">
                    <label for="estimate-organization-search">"Search customers"</label>
                    <input id="estimate-organization-search" type="search" name="q" value=search placeholder="Organization name" />
                </div>
                <button type="submit" class="button">"Search"</button>
            </Form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading customers…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="panel__empty">{format!("No customers match “{}”.", search())}</p>
                        }
                            .into_any(),
                        Ok(page) => view! {
                            <ul class="stack">
                                {page
                                    .items
                                    .into_iter()
                                    .map(|org| view! {
                                        <li><A href=format!("{NEW_PATH}?organization={}", org.id)>{org.name}</A></li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewEstimateForm(organization_id: i32) -> impl IntoView {
    let start = Resource::new(move || organization_id, start_estimate);
    let create = ServerAction::<CreateEstimate>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match start.await {
                    Ok(start) => view! {
                        <section class="card">
                            <p class="page__lead">
                                "For "
                                <A href=format!("/admin/customers/{}", start.organization_id)>{start.organization_name.clone()}</A>
                                ". It stays a draft, unseen by the customer, until you mark it sent."
                            </p>
                            <ActionForm action=create attr:class="form" attr:novalidate=true>
                                {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                                    <p class="alert alert--error" role="alert">{message}</p>
                                })}
                                <EstimateFields values=start.input.clone() contacts=start.contacts.clone() error />
                                <div class="form__actions">
                                    <button type="submit" class="button button--primary" disabled=move || create.pending().get()>
                                        "Create estimate"
                                    </button>
                                    <A href="/admin/sales/estimates" attr:class="button">"Cancel"</A>
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
