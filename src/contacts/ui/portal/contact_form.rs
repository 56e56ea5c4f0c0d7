//! The Add and Edit Contact form: the person's fields and their Customer Portal
//! permission level, offered only as far as the signed-in contact holds the
//! permissions. Checked in the browser with the server's own rules first.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::field::FieldError;
use crate::contacts::ui::person_fields::PersonFields;
use crate::contacts::{validate, ContactEdit, GrantableLevel, PortalAccess, PortalContactInput};
use crate::error::AppError;

/// Why the level cannot be changed here, and the level it stays at.
#[derive(Clone)]
pub struct LevelLock {
    pub reason: &'static str,
    pub current: String,
}

fn level_label(level: &GrantableLevel) -> String {
    if level.permissions.is_empty() {
        format!("{} — own profile only", level.name)
    } else {
        let permissions: Vec<_> = level.permissions.iter().map(|p| p.label()).collect();
        format!("{} — {}", level.name, permissions.join(", "))
    }
}

#[component]
pub fn PortalContactForm(
    initial: PortalContactInput,
    levels: Vec<GrantableLevel>,
    lock: Option<LevelLock>,
    /// Called with the checked input.
    on_submit: Callback<PortalContactInput>,
    #[prop(into)] pending: Signal<bool>,
    /// What the server answered, if it refused.
    #[prop(into)]
    server_error: Signal<Option<AppError>>,
    cancel_href: String,
) -> impl IntoView {
    let draft = RwSignal::new(ContactEdit {
        title: initial.title.clone(),
        first_name: initial.first_name.clone(),
        last_name: initial.last_name.clone(),
        email: initial.email.clone(),
        phone: initial.phone.clone(),
        status: initial.status,
        access: PortalAccess::Unassigned,
    });
    let level = RwSignal::new(initial.level);
    let local_error = RwSignal::new(None::<AppError>);
    // The newest problem wins: a browser check, or else the server's answer.
    let error = Signal::derive(move || local_error.get().or_else(|| server_error.get()));
    let level_message = Signal::derive(move || error.get().and_then(|e| e.message_for("level")));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match validate::contact(&draft.get_untracked()) {
            Err(err) => local_error.set(Some(err)),
            Ok(edit) => {
                local_error.set(None);
                on_submit.run(PortalContactInput {
                    title: edit.title,
                    first_name: edit.first_name,
                    last_name: edit.last_name,
                    email: edit.email,
                    phone: edit.phone,
                    status: edit.status,
                    level: level.get_untracked(),
                });
            }
        }
    };
    let level_field = match lock {
        Some(lock) => view! {
            <div class="field field--wide">
                <label for="contact-level">"Customer Portal permissions"</label>
                <select id="contact-level" disabled aria-describedby="contact-level-hint">
                    <option selected>{lock.current}</option>
                </select>
                <p id="contact-level-hint" class="field__hint">{lock.reason}</p>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="field field--wide">
                <label for="contact-level">"Customer Portal permissions"</label>
                <select
                    id="contact-level"
                    prop:value=move || level.get().map(|id| id.to_string()).unwrap_or_default()
                    on:change=move |ev| level.set(event_target_value(&ev).parse().ok())
                    aria-describedby="contact-level-hint contact-level-error"
                    aria-invalid=move || level_message.get().is_some().then_some("true")
                >
                    <option value="">"No permissions — own profile only"</option>
                    {levels
                        .iter()
                        .map(|option| view! { <option value=option.id.to_string()>{level_label(option)}</option> })
                        .collect_view()}
                </select>
                <p id="contact-level-hint" class="field__hint">
                    "Only the permissions you hold yourself can be given."
                </p>
                <FieldError id="contact-level-error" message=level_message />
            </div>
        }
        .into_any(),
    };
    view! {
        <form class="form" novalidate on:submit=submit>
            {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                <p class="alert alert--error" role="alert">{message}</p>
            })}
            <div class="field-grid">
                <PersonFields id_prefix="contact".to_string() draft error />
                {level_field}
            </div>
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || pending.get()>
                    "Save"
                </button>
                <A href=cancel_href attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
