//! `/portal/estimates`: the organization's estimates, open ones (waiting for a
//! decision) by default, for contacts whose access level includes Access Orders.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::estimates_page::StatusBadge;
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::format::{date, money};
use crate::components::pagination::{page_param, Pagination};
use crate::components::status_page::{ErrorPanel, MissingPermission};
use crate::sales::api::portal_list_estimates;
use crate::sales::{EstimateSummary, PortalEstimateFilter};

fn list_href(filter: PortalEstimateFilter, page: u64) -> String {
    format!("/portal/estimates?show={}&page={page}", filter.key())
}

#[component]
pub fn PortalEstimatesPage() -> impl IntoView {
    let allowed =
        signed_in_user().is_some_and(|user| user.permissions.allows(Permission::AccessOrders));
    view! {
        <Title text="Estimates" />
        <div class="page__header">
            <h1>"Estimates"</h1>
        </div>
        {if allowed {
            view! { <Estimates /> }.into_any()
        } else {
            view! { <MissingPermission permission=Permission::AccessOrders /> }.into_any()
        }}
    }
}

#[component]
fn Estimates() -> impl IntoView {
    let query = use_query_map();
    let filter =
        move || PortalEstimateFilter::from_key(&query.read().get("show").unwrap_or_default());
    let page = move || page_param(&query.read());
    let estimates = Resource::new(
        move || (filter(), page()),
        |(filter, page)| portal_list_estimates(filter.key().to_string(), page),
    );
    view! {
        <nav class="tabs" aria-label="Which estimates">
            {PortalEstimateFilter::ALL
                .into_iter()
                .map(|option| view! {
                    <a class="tabs__tab" href=list_href(option, 1) aria-current=move || (option == filter()).then_some("page")>
                        {option.label()}
                    </a>
                })
                .collect_view()}
        </nav>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimates…"</p> }>
            {move || Suspend::new(async move {
                match estimates.await {
                    Ok(list) if list.items.is_empty() => {
                        let text = match filter() {
                            PortalEstimateFilter::Open => "Nothing is waiting for your decision.",
                            PortalEstimateFilter::All => "No estimates yet.",
                        };
                        view! { <div class="empty-state"><p>{text}</p></div> }.into_any()
                    }
                    Ok(list) => {
                        let filter = filter();
                        view! {
                            <PortalEstimateTable estimates=list.items.clone() />
                            <Pagination
                                page=list.page_number()
                                page_count=list.page_count()
                                total=list.total
                                noun="estimates"
                                href=move |page| list_href(filter, page)
                            />
                        }
                            .into_any()
                    }
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PortalEstimateTable(estimates: Vec<EstimateSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Estimates"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Date"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {estimates
                        .into_iter()
                        .map(|estimate| view! {
                            <tr>
                                <th scope="row" class="nowrap">
                                    <A href=format!("/portal/estimates/{}", estimate.id)>{estimate.number.clone()}</A>
                                </th>
                                <td>{estimate.title.clone()}</td>
                                <td><StatusBadge status=estimate.status /></td>
                                <td class="nowrap">{date(&estimate.issued_on)}</td>
                                <td class="num">{money(estimate.total_cents)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
