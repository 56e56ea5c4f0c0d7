//! DEFAULT NOTIFICATION EMAILS: who receives account notices and statements.
//! The list and the stars on contact cards share one state, so a change in
//! either place shows in both at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

use crate::components::status_page::ErrorPanel;
use crate::contacts::api::{admin_default_notification_contacts, admin_set_default_notification};
use crate::contacts::ContactBrief;
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct DefaultNotificationsState {
    list: Resource<Result<Vec<ContactBrief>, AppError>>,
    version: RwSignal<u32>,
    /// Stars changed on this page, by contact id, ahead of the list's reload.
    overrides: RwSignal<HashMap<i32, bool>>,
    pub error: RwSignal<Option<AppError>>,
}

impl DefaultNotificationsState {
    /// Whether a contact is on the list, given what their card was loaded with.
    pub fn is_on(&self, contact_id: i32, loaded: bool) -> bool {
        self.overrides
            .with(|o| o.get(&contact_id).copied())
            .unwrap_or(loaded)
    }

    pub fn set(&self, contact_id: i32, on: bool) {
        let state = *self;
        state.overrides.update(|o| {
            o.insert(contact_id, on);
        });
        spawn_local(async move {
            match admin_set_default_notification(contact_id, on).await {
                Ok(()) => state.error.set(None),
                Err(err) => {
                    state.overrides.update(|o| {
                        o.insert(contact_id, !on);
                    });
                    state.error.set(Some(err));
                }
            }
            state.version.update(|v| *v += 1);
        });
    }
}

pub fn provide_default_notifications(organization_id: Signal<i32>) {
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (organization_id.get(), version.get()),
        |(organization_id, _)| admin_default_notification_contacts(organization_id),
    );
    provide_context(DefaultNotificationsState {
        list,
        version,
        overrides: RwSignal::new(HashMap::new()),
        error: RwSignal::new(None),
    });
}

pub fn use_default_notifications() -> DefaultNotificationsState {
    expect_context()
}

#[component]
pub fn DefaultNotifications() -> impl IntoView {
    let state = use_default_notifications();
    view! {
        <section class="panel" aria-labelledby="default-notifications-heading">
            <h2 id="default-notifications-heading" class="panel__title">"DEFAULT NOTIFICATION EMAILS"</h2>
            <p class="panel__hint">"These contacts receive account notices and statements. Star a contact below to add them."</p>
            {move || state.error.get().map(|err| view! { <ErrorPanel error=err /> })}
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match state.list.await {
                        Ok(list) => {
                            let list: Vec<_> = list.into_iter().filter(|c| state.is_on(c.id, true)).collect();
                            if list.is_empty() {
                                view! { <p class="panel__empty">"No one receives account notices yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mini-cards" aria-label="Default notification contacts">
                                        {list.into_iter().map(|c| view! { <NotificationCard contact=c /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        }
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotificationCard(contact: ContactBrief) -> impl IntoView {
    let state = use_default_notifications();
    let id = contact.id;
    let label = format!("Remove {} from default notification emails", contact.name);
    view! {
        <li class="mini-card">
            <span class="mini-card__star" aria-hidden="true">"★"</span>
            <span class="mini-card__text">
                <span class="mini-card__name">{contact.name}</span>
                <span class="mini-card__email">{contact.email}</span>
            </span>
            <button type="button" class="icon-button" aria-label=label on:click=move |_| state.set(id, false)>
                "×"
            </button>
        </li>
    }
}
