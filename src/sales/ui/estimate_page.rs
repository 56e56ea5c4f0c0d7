//! `/admin/sales/estimates/:id`: one estimate as staff see it, with what they
//! can do next and its activity.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::decision_list::DecisionList;
use super::estimate_document::EstimateDocument;
use super::estimates_page::StatusBadge;
use crate::components::format::date_time;
use crate::components::status_page::ErrorPanel;
use crate::sales::api::{get_estimate, SendEstimate};
use crate::sales::status::{next_status, EstimateEvent};
use crate::sales::EstimateDetails;

#[component]
pub fn EstimatePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let send = ServerAction::<SendEstimate>::new();
    let estimate = Resource::new(
        move || (id(), send.version().get()),
        |(id, _)| get_estimate(id),
    );
    view! {
        <Title text="Estimate" />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimate…"</p> }>
            {move || Suspend::new(async move {
                match estimate.await {
                    Ok(estimate) => view! { <EstimateView estimate send /> }.into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EstimateView(estimate: EstimateDetails, send: ServerAction<SendEstimate>) -> impl IntoView {
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let can_send = next_status(estimate.status, EstimateEvent::Send).is_ok();
    let activity = estimate.activity.clone();
    let decisions = estimate.decisions.clone();
    let no_activity = activity.is_empty();
    let organization_href = format!("/admin/customers/{}", estimate.organization_id);
    let organization_name = estimate.organization_name.clone();
    view! {
        <Title text=estimate.number.clone() />
        <div class="page__header">
            <div>
                <p class="eyebrow">"ESTIMATE"</p>
                <h1>{format!("{} · {}", estimate.number, estimate.title)}</h1>
                <p class="page__lead">
                    <StatusBadge status=estimate.status />
                    " for "
                    <A href=organization_href>{organization_name}</A>
                </p>
            </div>
            <div class="page__actions">
                {estimate.is_editable().then(|| view! {
                    <A href=format!("/admin/sales/estimates/{}/edit", estimate.id) attr:class="button">"Edit estimate"</A>
                })}
                {can_send.then(|| view! {
                    <ActionForm action=send>
                        <input type="hidden" name="id" value=estimate.id />
                        <input type="hidden" name="version" value=estimate.version />
                        <button type="submit" class="button button--primary" disabled=move || send.pending().get()>
                            "Mark as sent"
                        </button>
                    </ActionForm>
                })}
            </div>
        </div>
        {move || error.get().map(|err| view! { <p class="alert alert--error" role="alert">{err.to_string()}</p> })}
        <EstimateDocument estimate />
        <DecisionList decisions evidence=true />
        <section class="panel" aria-labelledby="estimate-activity">
            <h2 id="estimate-activity" class="panel__title">"Activity"</h2>
            {no_activity.then(|| view! { <p class="panel__empty">"Nothing recorded yet."</p> })}
            <ol class="timeline">
                {activity
                    .into_iter()
                    .map(|entry| view! {
                        <li class="timeline__item">
                            <span class="timeline__time">{date_time(&entry.at)}</span>
                            <span class="timeline__text">{format!("{} · {}", entry.what, entry.who)}</span>
                        </li>
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
