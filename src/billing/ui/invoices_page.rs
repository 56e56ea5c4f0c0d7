//! `/portal/billing`: the organization's invoices and what it owes, for contacts
//! whose access level includes Access Billing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::billing::api::portal_list_invoices;
use crate::billing::{BillingOverview, InvoiceFilter, InvoiceStatus, InvoiceSummary};
use crate::components::format::{date, money};
use crate::components::pagination::{page_param, Pagination};
use crate::components::status_page::{ErrorPanel, MissingPermission};

fn list_href(filter: InvoiceFilter, page: u64) -> String {
    format!("/portal/billing?show={}&page={page}", filter.key())
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let allowed =
        signed_in_user().is_some_and(|user| user.permissions.allows(Permission::AccessBilling));
    view! {
        <Title text="Billing" />
        <div class="page__header">
            <h1>"Billing"</h1>
        </div>
        {if allowed {
            view! { <Invoices /> }.into_any()
        } else {
            view! { <MissingPermission permission=Permission::AccessBilling /> }.into_any()
        }}
    }
}

#[component]
fn Invoices() -> impl IntoView {
    let query = use_query_map();
    let filter = move || InvoiceFilter::from_key(&query.read().get("show").unwrap_or_default());
    let page = move || page_param(&query.read());
    let invoices = Resource::new(
        move || (filter(), page()),
        |(filter, page)| portal_list_invoices(filter.key().to_string(), page),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading invoices…"</p> }>
            {move || Suspend::new(async move {
                match invoices.await {
                    Ok(list) => {
                        let filter = filter();
                        let empty = list.page.items.is_empty();
                        view! {
                            <Overview overview=list.overview />
                            <nav class="tabs" aria-label="Which invoices">
                                {InvoiceFilter::ALL
                                    .into_iter()
                                    .map(|option| view! {
                                        <a
                                            class="tabs__tab"
                                            href=list_href(option, 1)
                                            aria-current=(option == filter).then_some("page")
                                        >
                                            {option.label()}
                                        </a>
                                    })
                                    .collect_view()}
                            </nav>
                            {if empty {
                                let text = match filter {
                                    InvoiceFilter::Open => "Nothing is owed: there are no open invoices.",
                                    InvoiceFilter::All => "No invoices yet.",
                                };
                                view! { <div class="empty-state"><p>{text}</p></div> }.into_any()
                            } else {
                                view! {
                                    <InvoiceTable invoices=list.page.items.clone() />
                                    <Pagination
                                        page=list.page.page_number()
                                        page_count=list.page.page_count()
                                        total=list.page.total
                                        noun="invoices"
                                        href=move |page| list_href(filter, page)
                                    />
                                }
                                    .into_any()
                            }}
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
fn Overview(overview: BillingOverview) -> impl IntoView {
    let overdue = overview.overdue_balance_cents > 0;
    view! {
        <dl class="stats" aria-label="Account balance">
            <div class="stats__item">
                <dt>"Open balance"</dt>
                <dd>{money(overview.open_balance_cents)}</dd>
            </div>
            <div class="stats__item" class:stats__item--warn=overdue>
                <dt>"Overdue"</dt>
                <dd>{money(overview.overdue_balance_cents)}</dd>
            </div>
            <div class="stats__item">
                <dt>"Open invoices"</dt>
                <dd>{overview.open_count}</dd>
            </div>
        </dl>
    }
}

#[component]
fn InvoiceTable(invoices: Vec<InvoiceSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Invoices"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Invoice"</th>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Balance"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {invoices
                        .into_iter()
                        .map(|invoice| {
                            let (status, badge) = match (invoice.status, invoice.overdue) {
                                (InvoiceStatus::Open, true) => ("Overdue", "badge badge--danger"),
                                (InvoiceStatus::Open, false) => ("Open", "badge badge--warning"),
                                (InvoiceStatus::Paid, _) => ("Paid", "badge badge--ok"),
                                (InvoiceStatus::Void, _) => ("Void", "badge"),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{invoice.number}</th>
                                    <td>{date(&invoice.issued_on)}</td>
                                    <td>{date(&invoice.due_on)}</td>
                                    <td>{invoice.description}</td>
                                    <td class="num">{money(invoice.total_cents)}</td>
                                    <td class="num">{money(invoice.balance_cents)}</td>
                                    <td><span class=badge>{status}</span></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
