//! `/portal/contacts` (Contacts) and `/portal/contacts/search` (Search Contacts):
//! the organization's contacts, paged on the server. The query lives in the
//! URL, so back/forward and shared links work and the search form works
//! before the WebAssembly loads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

use super::contact_table::{ContactDeletion, ContactResults, DeleteDialog};
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::pagination::page_param;
use crate::components::status_page::ErrorPanel;
use crate::contacts::api::portal_list_contacts;
use crate::contacts::StatusFilter;

fn search_href(name: &str, status: StatusFilter, page: u64) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", name)
        .append_pair("status", status.key())
        .append_pair("page", &page.to_string())
        .finish();
    format!("/portal/contacts/search?{query}")
}

fn list_href(page: u64) -> String {
    if page <= 1 {
        "/portal/contacts".to_string()
    } else {
        format!("/portal/contacts?page={page}")
    }
}

/// Add Contact and Search Contacts, as the page header offers them.
#[component]
fn ContactsActions(search: bool) -> impl IntoView {
    let can_add =
        signed_in_user().is_some_and(|user| user.permissions.allows(Permission::EditContact));
    view! {
        <div class="page__actions">
            {search.then(|| view! {
                <A href="/portal/contacts/search" attr:class="button">"Search Contacts"</A>
            })}
            {can_add.then(|| view! {
                <A href="/portal/contacts/new" attr:class="button button--primary">"Add Contact"</A>
            })}
        </div>
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || page_param(&query.read());
    let contacts = Resource::new(page, |page| {
        portal_list_contacts(String::new(), StatusFilter::All.key().to_string(), page)
    });
    let deletion = ContactDeletion::new(move || contacts.refetch());
    view! {
        <Title text="Contacts" />
        <div class="page__header">
            <h1>"Contacts"</h1>
            <ContactsActions search=true />
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading contacts…"</p> }>
            {move || Suspend::new(async move {
                match contacts.await {
                    Ok(found) => view! {
                        <ContactResults
                            found
                            empty_text="No contacts yet.".to_string()
                            here=list_href(page())
                            page_href=Callback::new(list_href)
                            deletion
                        />
                    }
                        .into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
        <DeleteDialog deletion />
    }
}

#[component]
pub fn SearchContactsPage() -> impl IntoView {
    let query = use_query_map();
    let name = move || query.read().get("name").unwrap_or_default();
    let status = move || StatusFilter::from_key(&query.read().get("status").unwrap_or_default());
    // Results appear once a search was made (the form always sends a status).
    let searched = move || query.read().get("status").is_some();
    let page = move || page_param(&query.read());
    let results = Resource::new(
        move || (searched(), name(), status(), page()),
        |(searched, name, status, page)| async move {
            if searched {
                portal_list_contacts(name, status.key().to_string(), page)
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let deletion = ContactDeletion::new(move || results.refetch());
    view! {
        <Title text="Search Contacts" />
        <div class="page__header">
            <div>
                <p class="breadcrumbs"><A href="/portal/contacts">"Contacts"</A></p>
                <h1>"Search Contacts"</h1>
            </div>
            <ContactsActions search=false />
        </div>
        <Form method="get" action="/portal/contacts/search" attr:class="toolbar" attr:role="search">
            <div class="field">
                <label for="search-name">"Name"</label>
                <input id="search-name" type="search" name="name" value=name placeholder="Name or email" />
            </div>
            <div class="field">
                <label for="search-status">"Status"</label>
                <select id="search-status" name="status">
                    {StatusFilter::ALL
                        .into_iter()
                        .map(|option| view! {
                            <option value=option.key() selected=move || status() == option>{option.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            // A new search starts at page 1 (and the button adds no empty name to the query).
            <button type="submit" class="button button--primary" name="page" value="1">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(Some(found)) => {
                        let (name, status) = (name(), status());
                        let empty_text = if name.trim().is_empty() {
                            format!("No contacts with status {}.", status.label())
                        } else {
                            format!("No contacts match “{}” with status {}.", name.trim(), status.label())
                        };
                        let here = search_href(&name, status, page());
                        view! {
                            <ContactResults
                                found
                                empty_text
                                here
                                page_href=Callback::new(move |page| search_href(&name, status, page))
                                deletion
                            />
                        }
                            .into_any()
                    }
                    Ok(None) => view! {
                        <p class="hint">"Enter a name or part of one, choose a status, and press Search."</p>
                    }
                        .into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
        <DeleteDialog deletion />
    }
}
