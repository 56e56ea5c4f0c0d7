//! The fields of the Add and Edit Contact forms: the person, and their
//! Customer Portal permission level, offered only as far as the signed-in
//! contact holds the permissions. The pages wrap them in an `ActionForm`, so
//! the form posts as a plain HTML form before the WebAssembly loads; every
//! field is named `contact[…]`, the server function's argument.

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::contacts::ui::person_fields::PersonFields;
use crate::contacts::{ContactEdit, GrantableLevel, PortalAccess, PortalContactForm};
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
pub fn PortalContactFields(
    initial: PortalContactForm,
    levels: Vec<GrantableLevel>,
    lock: Option<LevelLock>,
    /// Set when the email is the contact's sign-in, which only staff change.
    #[prop(default = None)]
    email_note: Option<String>,
    /// What the server answered, if it refused.
    #[prop(into)]
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let input = initial.input();
    let draft = RwSignal::new(ContactEdit {
        title: input.title.clone(),
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        phone: input.phone.clone(),
        status: input.status,
        access: PortalAccess::Unassigned,
    });
    let level_message = Signal::derive(move || error.get().and_then(|e| e.message_for("level")));
    let level_field = match lock {
        Some(lock) => view! {
            <div class="field field--wide">
                <label for="contact-level">"Customer Portal permissions"</label>
                // A locked level is sent as it is, so the save keeps it.
                <input type="hidden" name="contact[level]" value=initial.level.clone() />
                <select id="contact-level" disabled aria-describedby="contact-level-hint">
                    <option selected>{lock.current}</option>
                </select>
                <p id="contact-level-hint" class="field__hint">{lock.reason}</p>
            </div>
        }
        .into_any(),
        None => {
            let chosen = initial.level.clone();
            view! {
                <div class="field field--wide">
                    <label for="contact-level">"Customer Portal permissions"</label>
                    <select
                        id="contact-level"
                        name="contact[level]"
                        aria-describedby="contact-level-hint contact-level-error"
                        aria-invalid=move || level_message.get().is_some().then_some("true")
                    >
                        <option value="" selected=chosen.is_empty()>"No permissions — own profile only"</option>
                        {levels
                            .iter()
                            .map(|option| {
                                let value = option.id.to_string();
                                let selected = value == chosen;
                                view! { <option value=value selected=selected>{level_label(option)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p id="contact-level-hint" class="field__hint">
                        "Only the permissions you hold yourself can be given."
                    </p>
                    <FieldError id="contact-level-error" message=level_message />
                </div>
            }
            .into_any()
        }
    };
    view! {
        {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
            <p class="alert alert--error" role="alert">{message}</p>
        })}
        <div class="field-grid">
            <PersonFields
                id_prefix="contact".to_string()
                draft
                error
                form_prefix="contact"
                email_note
            />
            {level_field}
        </div>
    }
}
