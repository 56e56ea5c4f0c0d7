//! `/admin`: the staff's customer list, searched, sorted and paged on the
//! server; the query lives in the URL so back/forward and shared links work.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

use crate::components::format::date_time_or;
use crate::components::pagination::{page_param, Pagination};
use crate::components::status_page::ErrorPanel;
use crate::organizations::api::list_organizations;
use crate::organizations::{OrganizationSort, OrganizationSummary};

fn list_href(search: &str, sort: OrganizationSort, page: u64) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", search)
        .append_pair("sort", sort.key())
        .append_pair("page", &page.to_string())
        .finish();
    format!("/admin?{query}")
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let sort = move || OrganizationSort::from_key(&query.read().get("sort").unwrap_or_default());
    let page = move || page_param(&query.read());
    let organizations = Resource::new(
        move || (search(), sort(), page()),
        |(search, sort, page)| list_organizations(search, sort.key().to_string(), page),
    );

    view! {
        <Title text="Customers" />
        <div class="page__header">
            <h1>"Customers"</h1>
            <A href="/admin/customers/new" attr:class="button button--primary">"New organization"</A>
        </div>
        <Form method="get" action="/admin" attr:class="toolbar" attr:role="search">
            <div class="field">
                <label for="customer-search">"Search customers"</label>
                <input id="customer-search" type="search" name="q" value=search placeholder="Organization name" />
            </div>
            <div class="field">
                <label for="customer-sort">"Sort by"</label>
                <select id="customer-sort" name="sort">
                    {OrganizationSort::ALL
                        .into_iter()
                        .map(|option| view! {
                            <option value=option.key() selected=move || sort() == option>{option.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            // A new search starts at page 1 (and the button adds no empty name to the query).
            <button type="submit" class="button" name="page" value="1">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading customers…"</p> }>
            {move || Suspend::new(async move {
                match organizations.await {
                    Ok(found) if found.items.is_empty() => {
                        let text = if search().is_empty() {
                            "No customers yet. Add the first with “New organization”.".to_string()
                        } else {
                            format!("No customers match “{}”.", search())
                        };
                        view! { <div class="empty-state"><p>{text}</p></div> }.into_any()
                    }
                    Ok(found) => {
                        let (search, sort) = (search(), sort());
                        view! {
                            <CustomerTable organizations=found.items.clone() />
                            <Pagination
                                page=found.page_number()
                                page_count=found.page_count()
                                total=found.total
                                at_least=found.at_least
                                noun="organizations"
                                href=move |page| list_href(&search, sort, page)
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
fn CustomerTable(organizations: Vec<OrganizationSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Customer organizations"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Organization"</th>
                        <th scope="col">"Location"</th>
                        <th scope="col" class="num">"Contacts"</th>
                        <th scope="col">"Last login"</th>
                    </tr>
                </thead>
                <tbody>
                    {organizations
                        .into_iter()
                        .map(|org| {
                            let location = [org.city.as_str(), org.region.as_str()]
                                .into_iter()
                                .filter(|s| !s.is_empty())
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <tr>
                                    <th scope="row">
                                        <A href=format!("/admin/customers/{}", org.id)>{org.name}</A>
                                    </th>
                                    <td>{location}</td>
                                    <td class="num">{org.contact_count}</td>
                                    <td>{date_time_or(org.last_login_at.as_ref(), "Never")}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
