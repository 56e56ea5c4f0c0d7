//! One expandable contact card in the staff's contacts panel: edit, Undo
//! Changes, Save with a version check, and the default-notification star.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::contact_fields::ContactFields;
use super::sign_in_section::SignInSection;
use crate::access::AccessLevelOption;
use crate::components::undo_save::UndoSaveButtons;
use crate::contacts::api::{admin_get_contact, admin_update_contact};
use crate::contacts::{ContactCard, PortalAccess, SignInState};
use crate::email::ui::contact_email_menu::ContactEmailMenu;
use crate::error::AppError;
use crate::organizations::ui::default_notifications::use_default_notifications;

#[component]
pub fn ContactCardView(card: ContactCard, levels: Vec<AccessLevelOption>) -> impl IntoView {
    let id = card.id;
    let saved = RwSignal::new(card.clone());
    let draft = RwSignal::new(card.fields.clone());
    let expanded = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let just_saved = RwSignal::new(false);
    let dirty = move || draft.with(|d| saved.with(|s| *d != s.fields));

    let save = Action::new(move |_: &()| {
        let (version, edit) = (saved.with_untracked(|s| s.version), draft.get_untracked());
        async move { admin_update_contact(id, version, edit).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(stored)) => {
            draft.set(stored.fields.clone());
            saved.set(stored);
            error.set(None);
            just_saved.set(true);
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    let reload = move |_| {
        spawn_local(async move {
            match admin_get_contact(id).await {
                Ok(fresh) => {
                    draft.set(fresh.fields.clone());
                    saved.set(fresh);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };

    let defaults = use_default_notifications();
    let starred = move || defaults.is_on(id, card.is_default_notification);
    let name = move || saved.with(|s| s.name());
    let body_id = format!("contact-{id}-details");
    let revoked = move || saved.with(|s| s.fields.access == PortalAccess::Revoked);
    let organization_id = card.organization_id;
    let email_notice = RwSignal::new(None::<Result<String, AppError>>);
    // An invite may change the email (and so the version); other unsaved edits stay.
    let on_invited = Callback::new(move |fresh: ContactCard| {
        draft.update(|d| d.email = fresh.fields.email.clone());
        saved.set(fresh);
    });
    let sign_in_badge = move || match saved.with(|s| s.sign_in.clone()) {
        SignInState::None => Some(("No sign-in", "badge badge--muted")),
        SignInState::Invited { .. } => Some(("Invited", "badge badge--info")),
        SignInState::Active { .. } => None,
    };

    view! {
        <li class="contact-card" class:contact-card--open=move || expanded.get()>
            <div class="contact-card__header">
                <button
                    type="button"
                    class="contact-card__toggle"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=body_id.clone()
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    <span class="contact-card__name">{name}</span>
                    <span class="contact-card__email">{move || saved.with(|s| s.fields.email.clone())}</span>
                    <span class="contact-card__hint" aria-hidden="true">
                        {move || if expanded.get() { "CLICK TO COLLAPSE" } else { "CLICK TO EXPAND" }}
                    </span>
                </button>
                {move || sign_in_badge().map(|(label, class)| view! { <span class=class>{label}</span> })}
                <Show when=revoked>
                    <span class="badge badge--danger">"Access revoked"</span>
                </Show>
                <Show when=dirty>
                    <span class="badge badge--warning">"Unsaved changes"</span>
                </Show>
                <button
                    type="button"
                    class="star"
                    class:star--on=starred
                    aria-pressed=move || starred().to_string()
                    aria-label=move || format!("Default notification contact: {}", name())
                    title="Receives account notices and statements"
                    on:click=move |_| defaults.set(id, !starred())
                >
                    {move || if starred() { "★" } else { "☆" }}
                </button>
                <ContactEmailMenu contact_id=id organization_id contact_name=Signal::derive(name) notice=email_notice />
            </div>
            {move || email_notice.get().map(|notice| match notice {
                Ok(message) => view! { <p class="contact-card__notice" role="status">{message}</p> }.into_any(),
                Err(err) => view! {
                    <p class="contact-card__notice contact-card__notice--error" role="alert">{err.to_string()}</p>
                }
                    .into_any(),
            })}
            <Show when=move || expanded.get()>
                <form
                    id=format!("contact-{id}-details")
                    class="contact-card__body form"
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        just_saved.set(false);
                        save.dispatch(());
                    }
                >
                    {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                        <div class="alert alert--error" role="alert">
                            <p>{message}</p>
                            <Show when=move || matches!(error.get(), Some(AppError::Conflict(_)))>
                                <button type="button" class="button" on:click=reload>"Reload contact"</button>
                            </Show>
                        </div>
                    })}
                    <ContactFields
                        id_prefix=format!("contact-{id}")
                        draft
                        error=Signal::derive(move || error.get())
                        levels=levels.clone()
                        company=card.organization_name.clone()
                    />
                    <div class="form__actions">
                        <UndoSaveButtons
                            dirty=Signal::derive(dirty)
                            pending=save.pending()
                            saved=Signal::derive(move || just_saved.get() && error.get().is_none())
                            on_undo=Callback::new(move |()| {
                                draft.set(saved.get_untracked().fields);
                                error.set(None);
                            })
                        />
                    </div>
                </form>
                <SignInSection saved on_invited />
            </Show>
        </li>
    }
}
