//! `/admin/sales/estimates`: every organization's estimates, searched,
//! filtered by status, sorted and paged on the server; the query lives in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;
use strum::IntoEnumIterator;

use crate::components::format::{date, money};
use crate::components::pagination::{page_param, Pagination};
use crate::components::status_page::ErrorPanel;
use crate::sales::api::list_estimates;
use crate::sales::{EstimateSort, EstimateStatus, EstimateSummary};

const LIST_PATH: &str = "/admin/sales/estimates";

fn list_href(
    organization: i32,
    search: &str,
    status: &str,
    sort: EstimateSort,
    page: u64,
) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if organization > 0 {
        query.append_pair("organization", &organization.to_string());
    }
    let query: String = query
        .append_pair("q", search)
        .append_pair("status", status)
        .append_pair("sort", sort.key())
        .append_pair("page", &page.to_string())
        .finish();
    format!("{LIST_PATH}?{query}")
}

#[component]
pub fn EstimatesPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let status = move || {
        query
            .read()
            .get("status")
            .filter(|key| EstimateStatus::from_key(key).is_some())
            .unwrap_or_default()
    };
    let sort = move || EstimateSort::from_key(&query.read().get("sort").unwrap_or_default());
    let page = move || page_param(&query.read());
    // One organization's estimates, from its Organization Details panel.
    let organization = move || {
        query
            .read()
            .get("organization")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let estimates = Resource::new(
        move || (organization(), search(), status(), sort(), page()),
        |(organization, search, status, sort, page)| {
            list_estimates(organization, search, status, sort.key().to_string(), page)
        },
    );

    view! {
        <Title text="Estimates" />
        <div class="page__header">
            <div>
                <p class="eyebrow">"SALES"</p>
                <h1>"Estimates"</h1>
            </div>
            <A href="/admin/sales/estimates/new" attr:class="button button--primary">"New estimate"</A>
        </div>
        <Form method="get" action=LIST_PATH attr:class="toolbar" attr:role="search">
            {move || (organization() > 0).then(|| view! {
                <input type="hidden" name="organization" value=organization() />
            })}
            <div class="field">
                <label for="estimate-search">"Search estimates"</label>
                <input id="estimate-search" type="search" name="q" value=search placeholder="Number, title or organization" />
            </div>
            <div class="field">
                <label for="estimate-status">"Status"</label>
                <select id="estimate-status" name="status">
                    <option value="" selected=move || status().is_empty()>"Any status"</option>
                    {EstimateStatus::iter()
                        .map(|option| view! {
                            <option value=option.key() selected=move || status() == option.key()>{option.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="estimate-sort">"Sort by"</label>
                <select id="estimate-sort" name="sort">
                    {EstimateSort::ALL
                        .into_iter()
                        .map(|option| view! {
                            <option value=option.key() selected=move || sort() == option>{option.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button" name="page" value="1">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading estimates…"</p> }>
            {move || Suspend::new(async move {
                match estimates.await {
                    Ok(found) if found.items.is_empty() => {
                        let text = if search().is_empty() && status().is_empty() {
                            "No estimates yet. Start one with “New estimate”.".to_string()
                        } else {
                            "No estimates match this search.".to_string()
                        };
                        view! { <div class="empty-state"><p>{text}</p></div> }.into_any()
                    }
                    Ok(found) => {
                        let (organization, search, status, sort) = (organization(), search(), status(), sort());
                        view! {
                            <EstimateTable estimates=found.items.clone() show_organization=true />
                            <Pagination
                                page=found.page_number()
                                page_count=found.page_count()
                                total=found.total
                                noun="estimates"
                                href=move |page| list_href(organization, &search, &status, sort, page)
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

/// A table of estimates, each linking to its page.
#[component]
pub fn EstimateTable(estimates: Vec<EstimateSummary>, show_organization: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Estimates"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Title"</th>
                        {show_organization.then(|| view! { <th scope="col">"Organization"</th> })}
                        <th scope="col">"Status"</th>
                        <th scope="col">"Issued"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {estimates
                        .into_iter()
                        .map(|estimate| {
                            let organization = show_organization.then(|| {
                                let href = format!("/admin/customers/{}", estimate.organization_id);
                                view! { <td><A href=href>{estimate.organization_name.clone()}</A></td> }
                            });
                            view! {
                                <tr>
                                    <th scope="row" class="nowrap">
                                        <A href=format!("/admin/sales/estimates/{}", estimate.id)>{estimate.number.clone()}</A>
                                    </th>
                                    <td>{estimate.title.clone()}</td>
                                    {organization}
                                    <td><StatusBadge status=estimate.status /></td>
                                    <td class="nowrap">{date(&estimate.issued_on)}</td>
                                    <td class="num">{money(estimate.total_cents)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn StatusBadge(status: EstimateStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", status.tone())>{status.label()}</span> }
}
