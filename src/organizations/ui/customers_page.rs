//! `/admin`: the staff's list of customer organizations.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::format::date_time_or;
use crate::components::status_page::ErrorPanel;
use crate::organizations::api::list_organizations;
use crate::organizations::OrganizationSummary;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let organizations = Resource::new(
        || (),
        |_| list_organizations(String::new(), String::new(), 1),
    );
    view! {
        <Title text="Customers" />
        <div class="page__header">
            <h1>"Customers"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading customers…"</p> }>
            {move || Suspend::new(async move {
                match organizations.await {
                    Ok(list) if list.items.is_empty() => view! {
                        <div class="empty-state">
                            <h2>"No customers yet"</h2>
                            <p>"Customer organizations appear here once they are added."</p>
                        </div>
                    }.into_any(),
                    Ok(list) => view! { <CustomerTable organizations=list.items /> }.into_any(),
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
                                    <th scope="row">{org.name}</th>
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
