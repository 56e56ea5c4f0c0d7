//! The Estimates panel of Organization Details: that organization's newest
//! estimates, and a New estimate already addressed to it.

use leptos::prelude::*;
use leptos_router::components::A;

use super::estimates_page::EstimateTable;
use crate::components::status_page::ErrorPanel;
use crate::sales::api::list_estimates;
use crate::sales::EstimateSort;

#[component]
pub fn OrganizationEstimates(#[prop(into)] organization_id: Signal<i32>) -> impl IntoView {
    let estimates = Resource::new(
        move || organization_id.get(),
        |id| {
            list_estimates(
                id,
                String::new(),
                String::new(),
                EstimateSort::Newest.key().to_string(),
                1,
            )
        },
    );
    view! {
        <section class="panel panel--spaced" aria-labelledby="organization-estimates">
            <div class="panel__header">
                <h2 id="organization-estimates" class="panel__title">"Estimates"</h2>
                <div class="panel__actions">
                    <A
                        href=move || format!("/admin/sales/estimates/new?organization={}", organization_id.get())
                        attr:class="button button--small"
                    >
                        "New estimate"
                    </A>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimates…"</p> }>
                {move || Suspend::new(async move {
                    match estimates.await {
                        Ok(found) if found.items.is_empty() => view! {
                            <p class="panel__empty">"No estimates for this organization yet."</p>
                        }
                            .into_any(),
                        Ok(found) => {
                            let more = (found.total > found.items.len() as u64).then(|| view! {
                                <p class="panel__hint">
                                    {format!("The newest {} of {}. ", found.items.len(), found.total)}
                                    <A href=format!("/admin/sales/estimates?organization={}", organization_id.get_untracked())>"All of them"</A>
                                </p>
                            });
                            view! { <EstimateTable estimates=found.items.clone() show_organization=false /> {more} }.into_any()
                        }
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
