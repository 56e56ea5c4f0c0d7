//! `/portal/contacts/new` (Add Contact) and `/portal/contacts/:id/edit` (Edit
//! Contact), for contacts whose level includes Edit Contact. Both are plain
//! HTML forms that the hydrated app enhances: without the WebAssembly the
//! server answers a post with the next page, or with this one again showing
//! the error and what was typed. Saving returns to where the person came
//! from; a save over someone else's newer save is refused.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::contact_form::{LevelLock, PortalContactFields};
use super::return_path;
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::flash::use_flash;
use crate::components::status_page::{ErrorPanel, MissingPermission};
use crate::contacts::api::{
    portal_get_contact, portal_grantable_levels, PortalCreateContact, PortalUpdateContact,
};
use crate::contacts::{GrantableLevel, PortalContactForm, PortalContactView, EMAIL_IS_SIGN_IN};
use crate::error::AppError;

fn may_edit_contacts() -> bool {
    signed_in_user().is_some_and(|user| user.permissions.allows(Permission::EditContact))
}

/// What a failed plain form post sent back in the address, if anything.
fn typed_back() -> Option<PortalContactForm> {
    let query = use_query_map();
    query.with_untracked(|q| PortalContactForm::from_query(|name| q.get(name)))
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
    let initial = typed_back().unwrap_or_else(|| PortalContactForm {
        status: "active".to_string(),
        ..Default::default()
    });
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
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || {
                    let initial = initial.clone();
                    Suspend::new(async move {
                        match levels.await {
                            Ok(levels) => view! {
                                <ActionForm action=create attr:class="form" attr:novalidate=true>
                                    <PortalContactFields initial levels lock=None error />
                                    <FormButtons pending=create.pending() cancel_href="/portal/contacts".to_string() />
                                </ActionForm>
                            }
                                .into_any(),
                            Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn FormButtons(#[prop(into)] pending: Signal<bool>, cancel_href: String) -> impl IntoView {
    view! {
        <div class="form__actions">
            <button
                type="submit"
                class="button button--primary"
                aria-busy=move || pending.get().then_some("true")
                disabled=move || pending.get()
            >
                "Save"
            </button>
            <A href=cancel_href attr:class="button">"Cancel"</A>
        </div>
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
    // After a failed plain form post: what was typed, and the version it was
    // typed against, so the retry is checked against the same save.
    let typed = typed_back();
    let typed_version = query.with_untracked(|q| q.get("version").and_then(|v| v.parse().ok()));
    view! {
        <section class="card card--narrow">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading contact…"</p> }>
                {move || {
                    let typed = typed.clone();
                    Suspend::new(async move {
                        match (contact.await, levels.await) {
                            (Ok(contact), Ok(levels)) => {
                                edit_form(contact, levels, typed, typed_version, update, error, back())
                            }
                            (Err(err), _) | (_, Err(err)) => view! { <ErrorPanel error=err /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

fn edit_form(
    contact: PortalContactView,
    levels: Vec<GrantableLevel>,
    typed: Option<PortalContactForm>,
    typed_version: Option<i32>,
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
    let stored = PortalContactForm::of(&contact.fields);
    let initial = match typed {
        // The sign-in email stays as stored, whatever came back.
        Some(typed) if contact.has_sign_in => PortalContactForm {
            email: stored.email.clone(),
            ..typed
        },
        Some(typed) => typed,
        None => stored,
    };
    let email_note = contact.has_sign_in.then(|| EMAIL_IS_SIGN_IN.to_string());
    let id = contact.id;
    let version = typed_version.unwrap_or(contact.version);
    view! {
        {move || matches!(error.get(), Some(AppError::Conflict(_))).then(|| view! {
            <p class="form__note">
                <a href=format!("/portal/contacts/{id}") rel="external">"Open the contact as it is now"</a>
            </p>
        })}
        <ActionForm action=update attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <input type="hidden" name="back" value=back.clone() />
            <PortalContactFields initial levels lock email_note error />
            <FormButtons pending=update.pending() cancel_href=back />
        </ActionForm>
    }
    .into_any()
}
