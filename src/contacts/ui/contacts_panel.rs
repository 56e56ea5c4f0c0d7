//! The contacts panel on Organization Details: "Sort By", "Find Contact"
//! (filters as you type, debounced), pages loaded from the server with
//! "Load more", and adding a contact.

use leptos::prelude::*;
use std::time::Duration;

use super::add_contact_form::AddContactForm;
use super::contact_card::ContactCardView;
use crate::access::api::list_access_levels;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::status_page::ErrorPanel;
use crate::contacts::api::{admin_invite_all, admin_list_contacts};
use crate::contacts::{ContactCard, ContactSort};
use crate::error::AppError;
use crate::organizations::ui::organization_details_page::DetailsRefresh;

#[component]
pub fn ContactsPanel(
    organization_id: Signal<i32>,
    organization_name: Signal<String>,
) -> impl IntoView {
    let sort = RwSignal::new(ContactSort::default());
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let adding = RwSignal::new(false);
    let refresh = use_context::<DetailsRefresh>();

    let mut apply_search = debounce(Duration::from_millis(250), move |text: String| {
        search.set(text)
    });
    let first_page = Resource::new(
        move || {
            (
                organization_id.get(),
                search.get(),
                sort.get(),
                reload.get(),
            )
        },
        |(organization_id, search, sort, _)| {
            admin_list_contacts(organization_id, search, sort.key().to_string(), 0)
        },
    );
    let levels = Resource::new(|| (), |_| list_access_levels());

    // Cards fetched by "Load more", cleared whenever the first page reloads.
    let more = RwSignal::new(Vec::<ContactCard>::new());
    Effect::new(move |_| {
        first_page.track();
        more.set(Vec::new());
    });
    let load_more = Action::new(move |offset: &u64| {
        let (offset, search, sort) = (*offset, search.get_untracked(), sort.get_untracked());
        let organization_id = organization_id.get_untracked();
        async move { admin_list_contacts(organization_id, search, sort.key().to_string(), offset).await }
    });
    let load_more_error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match load_more.value().get() {
        Some(Ok(page)) => {
            more.update(|m| m.extend(page.items));
            load_more_error.set(None);
        }
        Some(Err(err)) => load_more_error.set(Some(err)),
        None => {}
    });

    // "Invite All to Sign In": asked first, then a line saying what happened.
    let confirm_invites = RwSignal::new(false);
    let invite_all = Action::new(move |_: &()| {
        let organization_id = organization_id.get_untracked();
        async move { admin_invite_all(organization_id).await }
    });
    let invite_all_notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(result)) = invite_all.value().get() {
            invite_all_notice.set(Some(result.summary()));
            confirm_invites.set(false);
            reload.update(|r| *r += 1);
        }
    });
    let invite_all_error = Signal::derive(move || {
        invite_all
            .value()
            .get()
            .and_then(Result::err)
            .map(|err| err.to_string())
    });

    let on_added = Callback::new(move |()| {
        adding.set(false);
        reload.update(|r| *r += 1);
        if let Some(DetailsRefresh(refresh)) = refresh {
            refresh.update(|r| *r += 1);
        }
    });

    view! {
        <section class="panel contacts-panel" aria-labelledby="contacts-heading">
            <div class="panel__header">
                <h2 id="contacts-heading" class="panel__title">"Contacts"</h2>
                <div class="panel__actions">
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            invite_all.value().set(None);
                            confirm_invites.set(true);
                        }
                    >
                        "Invite All to Sign In"
                    </button>
                    <button type="button" class="button button--primary" on:click=move |_| adding.update(|a| *a = !*a)>
                        "Add Contact"
                    </button>
                </div>
            </div>
            {move || invite_all_notice.get().map(|notice| view! {
                <p class="alert alert--success" role="status">{notice}</p>
            })}
            <ConfirmDialog
                open=confirm_invites
                title="Invite all to sign in?"
                message=Signal::derive(move || format!(
                    "Every active contact of {} without a sign-in gets the Sign-in Invite email with a link to set a password. Contacts who already signed in are skipped; anyone with an earlier invite gets a new link and the old one stops working.",
                    organization_name.get()
                ))
                on_yes=Callback::new(move |()| { invite_all.dispatch(()); })
                pending=invite_all.pending()
                error=invite_all_error
                yes_class="button button--primary"
            />
            <div class="toolbar" role="search">
                <div class="field">
                    <label for="contact-sort">"Sort By"</label>
                    <select
                        id="contact-sort"
                        prop:value=move || sort.get().key()
                        on:change=move |ev| sort.set(ContactSort::from_key(&event_target_value(&ev)))
                    >
                        {ContactSort::ALL
                            .into_iter()
                            .map(|option| view! { <option value=option.key()>{option.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field field--grow">
                    <label for="contact-find">"Find Contact"</label>
                    <div class="search-box">
                        <input
                            id="contact-find"
                            type="search"
                            placeholder="Name or email"
                            autocomplete="off"
                            prop:value=move || typed.get()
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                typed.set(text.clone());
                                apply_search(text);
                            }
                        />
                        <Show when=move || !typed.get().is_empty()>
                            <button
                                type="button"
                                class="icon-button search-box__clear"
                                aria-label="Clear search"
                                on:click=move |_| {
                                    typed.set(String::new());
                                    search.set(String::new());
                                }
                            >
                                "×"
                            </button>
                        </Show>
                    </div>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading contacts…"</p> }>
                {move || Suspend::new(async move {
                    // Without the levels a card's "Profile" menu would silently offer
                    // only "Revoke Access", so a failure to load them stops the panel.
                    let levels = match levels.await {
                        Ok(levels) => StoredValue::new(levels),
                        Err(err) => return view! { <ErrorPanel error=err /> }.into_any(),
                    };
                    match first_page.await {
                        Ok(page) => {
                            let total = page.total;
                            let first_len = page.items.len() as u64;
                            let shown = move || first_len + more.with(|m| m.len() as u64);
                            let first_items = page.items.clone();
                            view! {
                                <Show when=move || adding.get()>
                                    <AddContactForm
                                        organization_id=organization_id.get_untracked()
                                        organization_name=organization_name.get_untracked()
                                        levels=levels.get_value()
                                        on_added
                                        on_cancel=Callback::new(move |()| adding.set(false))
                                    />
                                </Show>
                                <p class="panel__hint" role="status">
                                    {move || match total {
                                        0 if search.with(String::is_empty) => "This organization has no contacts yet.".to_string(),
                                        0 => format!("No contacts match “{}”.", search.get()),
                                        1 => "1 contact".to_string(),
                                        n => format!("Showing {} of {n} contacts", shown()),
                                    }}
                                </p>
                                <ul class="contact-list" aria-label="Contacts">
                                    {first_items
                                        .into_iter()
                                        .map(|card| view! { <ContactCardView card levels=levels.get_value() /> })
                                        .collect_view()}
                                    <For
                                        each=move || more.get()
                                        key=|card| card.id
                                        children=move |card| view! { <ContactCardView card levels=levels.get_value() /> }
                                    />
                                </ul>
                                {move || load_more_error.get().map(|err| view! { <ErrorPanel error=err /> })}
                                <Show when=move || shown() < total>
                                    <button
                                        type="button"
                                        class="button button--block"
                                        disabled=move || load_more.pending().get()
                                        on:click=move |_| { load_more.dispatch(shown()); }
                                    >
                                        "Load more"
                                    </button>
                                </Show>
                            }
                                .into_any()
                        }
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
