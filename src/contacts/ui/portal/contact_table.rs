//! The Contacts table (Title, Name, Phone, Email, Actions) shared by Contacts
//! and Search Contacts, with each row's Actions drop-down and Confirm Delete.

use leptos::prelude::*;
use leptos_router::components::A;

use super::encode;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dropdown::Dropdown;
use crate::components::flash::use_flash;
use crate::components::pagination::Pagination;
use crate::contacts::api::PortalDeleteContact;
use crate::contacts::{ContactStatus, PortalContactRow};
use crate::paging::Page;

/// Deleting a contact from a list: which one, the Confirm Delete dialog and the
/// call. Created with the page, so a reloaded list keeps it.
#[derive(Clone, Copy)]
pub struct ContactDeletion {
    target: RwSignal<Option<(i32, String)>>,
    open: RwSignal<bool>,
    action: ServerAction<PortalDeleteContact>,
}

impl ContactDeletion {
    /// `deleted` runs after a contact was deleted (to reload the list).
    pub fn new(deleted: impl Fn() + Send + Sync + 'static) -> Self {
        let deletion = Self {
            target: RwSignal::new(None),
            open: RwSignal::new(false),
            action: ServerAction::new(),
        };
        let flash = use_flash();
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            if let Some(Ok(())) = deletion.action.value().get() {
                deletion.open.set(false);
                if let Some((_, name)) = deletion.target.get_untracked() {
                    flash.show(
                        &location.pathname.get_untracked(),
                        format!("Deleted {name}."),
                    );
                }
                deleted();
            }
        });
        deletion
    }

    fn ask(&self, id: i32, name: String) {
        self.action.value().set(None);
        self.target.set(Some((id, name)));
        self.open.set(true);
    }
}

#[component]
pub fn DeleteDialog(deletion: ContactDeletion) -> impl IntoView {
    let message = Signal::derive(move || {
        deletion
            .target
            .get()
            .map(|(_, name)| {
                format!("Delete {name}? Their portal access ends at once. This cannot be undone.")
            })
            .unwrap_or_default()
    });
    let error = Signal::derive(move || {
        deletion
            .action
            .value()
            .get()
            .and_then(Result::err)
            .map(|err| err.to_string())
    });
    view! {
        <ConfirmDialog
            open=deletion.open
            title="Confirm Delete"
            message
            on_yes=Callback::new(move |_| {
                if let Some((id, _)) = deletion.target.get_untracked() {
                    deletion.action.dispatch(PortalDeleteContact { id });
                }
            })
            pending=deletion.action.pending()
            error
        />
    }
}

/// One page of contacts with Previous/Next, or what to say when there are none.
#[component]
pub fn ContactResults(
    found: Page<PortalContactRow>,
    empty_text: String,
    /// This list's own address, so Edit can come back to it.
    here: String,
    page_href: Callback<u64, String>,
    deletion: ContactDeletion,
) -> impl IntoView {
    if found.items.is_empty() {
        return view! { <div class="empty-state"><p>{empty_text}</p></div> }.into_any();
    }
    let (page, page_count, total) = (found.page_number(), found.page_count(), found.total);
    view! {
        <ContactTable rows=found.items here deletion />
        <Pagination page page_count total noun="contacts" href=move |page| page_href.run(page) />
    }
    .into_any()
}

#[component]
fn ContactTable(
    rows: Vec<PortalContactRow>,
    here: String,
    deletion: ContactDeletion,
) -> impl IntoView {
    let from = encode(&here);
    view! {
        <div class="table-wrap table-wrap--menus">
            <table class="table">
                <caption class="visually-hidden">"Contacts"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Phone"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| view! { <ContactRow row from=from.clone() deletion /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ContactRow(row: PortalContactRow, from: String, deletion: ContactDeletion) -> impl IntoView {
    let name = row.name();
    let view_href = format!("/portal/contacts/{}", row.id);
    let edit_href = format!("/portal/contacts/{}/edit?from={from}", row.id);
    let delete_name = name.clone();
    let id = row.id;
    view! {
        <tr>
            <td>{row.title}</td>
            <th scope="row">
                <A href=view_href.clone()>{name}</A>
                {row.is_me.then(|| view! { <span class="badge badge--info">"You"</span> })}
                {(row.status == ContactStatus::Inactive)
                    .then(|| view! { <span class="badge">"Inactive"</span> })}
            </th>
            <td>{row.phone}</td>
            <td>{row.email}</td>
            <td class="actions-cell">
                <Dropdown label="Actions" class="menu" button_class="button button--small menu__button">
                    <ul class="menu__list">
                        <li><A href=view_href>"View"</A></li>
                        {row.rights.edit.then(|| view! { <li><A href=edit_href>"Edit"</A></li> })}
                        {row.rights.delete.then(|| view! {
                            <li>
                                <button
                                    type="button"
                                    class="menu__item--danger"
                                    on:click=move |_| deletion.ask(id, delete_name.clone())
                                >
                                    "Delete"
                                </button>
                            </li>
                        })}
                    </ul>
                </Dropdown>
            </td>
        </tr>
    }
}
