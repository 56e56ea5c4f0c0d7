//! `/portal/estimates/:id`: one estimate as the customer sees it: the
//! document with its terms first, then, while it waits for them, the decision.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::decision_forms::{DecisionActions, DecisionForms};
use super::decision_list::DecisionList;
use super::estimate_document::EstimateDocument;
use super::estimates_page::StatusBadge;
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::status_page::{ErrorPanel, MissingPermission};
use crate::sales::api::portal_get_estimate;

#[component]
pub fn PortalEstimatePage() -> impl IntoView {
    let allowed =
        signed_in_user().is_some_and(|user| user.permissions.allows(Permission::AccessOrders));
    view! {
        <Title text="Estimate" />
        {if allowed {
            view! { <PortalEstimate /> }.into_any()
        } else {
            view! {
                <div class="page__header"><h1>"Estimate"</h1></div>
                <MissingPermission permission=Permission::AccessOrders />
            }
                .into_any()
        }}
    }
}

#[component]
fn PortalEstimate() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let actions = DecisionActions::new();
    let estimate = Resource::new(
        move || (id(), actions.version()),
        |(id, _)| portal_get_estimate(id),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimate…"</p> }>
            {move || Suspend::new(async move {
                let estimate = match estimate.await {
                    Ok(estimate) => estimate,
                    Err(err) => return view! { <ErrorPanel error=err /> }.into_any(),
                };
                let waiting = estimate.status.awaits_decision();
                let decisions = estimate.decisions.clone();
                view! {
                    <Title text=estimate.number.clone() />
                    <div class="page__header">
                        <div>
                            <p class="eyebrow">"ESTIMATE"</p>
                            <h1>{format!("{} · {}", estimate.number, estimate.title)}</h1>
                            <p class="page__lead"><StatusBadge status=estimate.status /></p>
                        </div>
                        <A href="/portal/estimates" attr:class="button">"All estimates"</A>
                    </div>
                    <EstimateDocument estimate=estimate.clone() />
                    {waiting.then(|| view! { <DecisionForms estimate=estimate.clone() actions /> })}
                    <DecisionList decisions />
                }
                    .into_any()
            })}
        </Transition>
    }
}
