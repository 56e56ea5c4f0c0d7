//! `/portal/contacts/new` (Add Contact) and `/portal/contacts/:id/edit` (Edit
//! Contact), for contacts whose level includes Edit Contact. Saving returns to
//! where the person came from; a save over someone else's newer save is refused.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::contact_form::{LevelLock, PortalContactForm};
use super::return_path;
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::flash::use_flash;
use crate::components::status_page::{ErrorPanel, MissingPermission};
use crate::contacts::api::{
    portal_get_contact, portal_grantable_levels, PortalCreateContact, PortalUpdateContact,
};
use crate::contacts::{PortalContactInput, PortalContactView};
use crate::error::AppError;

fn may_edit_contacts() -> bool {
    signed_in_user().is_some_and(|user| user.permissions.allows(Permission::EditContact))
}

#[component]
pub fn AddContactPage() -> impl IntoView {
    view! {
        <Title text="Add Contact" />
        <p class="breadcrumbs"><A href="/portal/contacts">"Contacts"</A></p>
        <div class="page__header"><h1>"Add Contact"</h1></div>
        {if may_edit_contacts() {
            view! { <AddContact /> }.into_any()
        } else {
            view! { <MissingPermission permission=Permission::EditContact /> }.into_any()
        }}
    }
}

#[component]
fn AddContact() -> impl IntoView {
    let levels = Resource::new(|| (), |_| portal_grantable_levels());
    let create = ServerAction::<PortalCreateContact>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let navigate = use_navigate();
    let flash = use_flash();
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            let path = format!("/portal/contacts/{}", created.id);
            flash.show(&path, format!("Added {}.", created.name()));
            navigate(&path, Default::default());
        }
    });
    view! {
        <section class="card card--narrow">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match levels.await {
                        Ok(levels) => view! {
                            <PortalContactForm
                                initial=PortalContactInput::default()
                                levels
                                lock=None
                                on_submit=Callback::new(move |input| {
                                    create.dispatch(PortalCreateContact { input });
                                })
                                pending=create.pending()
                                server_error=error
                                cancel_href="/portal/contacts".to_string()
                            />
                        }
                            .into_any(),
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn EditContactPage() -> impl IntoView {
    view! {
        <Title text="Edit Contact" />
        <p class="breadcrumbs"><A href="/portal/contacts">"Contacts"</A></p>
        <div class="page__header"><h1>"Edit Contact"</h1></div>
        {if may_edit_contacts() {
            view! { <EditContact /> }.into_any()
        } else {
            view! { <MissingPermission permission=Permission::EditContact /> }.into_any()
        }}
    }
}

#[component]
fn EditContact() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
    };
    let contact = Resource::new(id, |id| async move {
        match id {
            Some(id) => portal_get_contact(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let levels = Resource::new(|| (), |_| portal_grantable_levels());
    let update = ServerAction::<PortalUpdateContact>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let back = move || {
        return_path(
            query.read().get("from"),
            id().map(|id| format!("/portal/contacts/{id}"))
                .unwrap_or_else(|| "/portal/contacts".into()),
        )
    };
    let navigate = use_navigate();
    let flash = use_flash();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = update.value().get() {
            let path = back();
            flash.show(&path, format!("Saved {}.", saved.name()));
            navigate(&path, Default::default());
        }
    });
    view! {
        <section class="card card--narrow">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading contact…"</p> }>
                {move || Suspend::new(async move {
                    match (contact.await, levels.await) {
                        (Ok(contact), Ok(levels)) => edit_form(contact, levels, update, error, back()),
                        (Err(err), _) | (_, Err(err)) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn edit_form(
    contact: PortalContactView,
    levels: Vec<crate::contacts::GrantableLevel>,
    update: ServerAction<PortalUpdateContact>,
    error: Signal<Option<AppError>>,
    back: String,
) -> AnyView {
    if !contact.rights.edit {
        return view! {
            <div class="alert alert--info" role="status">
                <p>
                    {format!("{} holds permissions you do not have, so only someone who holds them can edit this contact.", contact.name())}
                </p>
            </div>
        }
        .into_any();
    }
    let lock = (!contact.rights.change_level).then(|| LevelLock {
        reason: if contact.is_me {
            "You cannot change your own permission level."
        } else {
            "Only someone holding all of this level's permissions can change it."
        },
        current: contact
            .level_name
            .clone()
            .unwrap_or_else(|| "No permissions — own profile only".to_string()),
    });
    let (id, version) = (contact.id, contact.version);
    view! {
        {move || matches!(error.get(), Some(AppError::Conflict(_))).then(|| view! {
            <p class="form__note">
                <a href=format!("/portal/contacts/{id}") rel="external">"Open the contact as it is now"</a>
            </p>
        })}
        <PortalContactForm
            initial=contact.fields
            levels
            lock
            on_submit=Callback::new(move |input| {
                update.dispatch(PortalUpdateContact { id, version, input });
            })
            pending=update.pending()
            server_error=error
            cancel_href=back
        />
    }
    .into_any()
}
