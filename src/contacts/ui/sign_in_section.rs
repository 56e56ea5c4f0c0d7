//! A contact card's "Portal sign-in": whether the contact can sign in, when
//! they last did and from where, and "Add Sign-In" → "Create and Send Invite".

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::components::format::date_time;
use crate::contacts::api::admin_invite_contact;
use crate::contacts::{ContactCard, SignInState};
use crate::error::AppError;

/// "Nov 22, 2026, 3:04 PM from 203.0.113.7", or "never".
pub fn last_login_text(card: &ContactCard) -> String {
    match (&card.last_login_at, &card.last_login_ip) {
        (Some(at), Some(ip)) => format!("{} from {ip}", date_time(at)),
        (Some(at), None) => date_time(at),
        (None, _) => "never".to_string(),
    }
}

#[component]
pub fn SignInSection(
    saved: RwSignal<ContactCard>,
    /// The card as the server has it after an invite (the email may have changed).
    on_invited: Callback<ContactCard>,
) -> impl IntoView {
    let id = saved.with_untracked(|c| c.id);
    let opened = RwSignal::new(false);
    let use_other = RwSignal::new(false);
    let other_email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sent_to = RwSignal::new(None::<String>);
    let invite = Action::new(move |email: &Option<String>| {
        let email = email.clone();
        async move { admin_invite_contact(id, email).await }
    });
    Effect::new(move |_| match invite.value().get() {
        Some(Ok(card)) => {
            sent_to.set(Some(card.fields.email.clone()));
            error.set(None);
            opened.set(false);
            use_other.set(false);
            other_email.set(String::new());
            on_invited.run(card);
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    let email_error = Signal::derive(move || error.get().and_then(|e| e.message_for("email")));
    let state = move || saved.with(|c| c.sign_in.clone());
    let status = move || match state() {
        SignInState::None => "No portal sign-in yet.".to_string(),
        SignInState::Invited { at } => format!(
            "Invite sent {}; waiting for them to set a password.",
            date_time(&at)
        ),
        SignInState::Active { since: Some(since) } => {
            format!("Can sign in (set up {}).", date_time(&since))
        }
        SignInState::Active { since: None } => "Can sign in.".to_string(),
    };
    let can_invite = move || !matches!(state(), SignInState::Active { .. });
    let open_label = move || match state() {
        SignInState::Invited { .. } => "Resend Invite",
        _ => "Add Sign-In",
    };
    let current_email = move || saved.with(|c| c.fields.email.clone());
    // Ids are worked out where they are used, from the contact id, so the
    // views that show and hide can be built again and again.
    let heading_id = format!("contact-{id}-sign-in-heading");
    let radio_name = move || format!("contact-{id}-sign-in-which");
    let other_id = move || format!("contact-{id}-sign-in-email");

    view! {
        <section class="sign-in" aria-labelledby=format!("contact-{id}-sign-in-heading")>
            <h3 id=heading_id class="sign-in__title">"Portal sign-in"</h3>
            <p class="sign-in__status" data-testid="sign-in-status">{status}</p>
            <p class="sign-in__status">
                {move || format!("Last login: {}", saved.with(last_login_text))}
            </p>
            {move || sent_to.get().map(|to| view! {
                <p class="sign-in__sent" role="status">{format!("Invite sent to {to}.")}</p>
            })}
            <Show when=move || can_invite() && !opened.get()>
                <button type="button" class="button" on:click=move |_| {
                    sent_to.set(None);
                    opened.set(true);
                }>
                    {open_label}
                </button>
            </Show>
            <Show when=move || opened.get()>
                <form
                    class="sign-in__form"
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let email = use_other.get_untracked().then(|| other_email.get_untracked());
                        invite.dispatch(email);
                    }
                >
                    {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                        <p class="alert alert--error" role="alert">{message}</p>
                    })}
                    <fieldset class="choice">
                        <legend>"Sign-in email"</legend>
                        <label class="choice__option">
                            <input
                                type="radio"
                                name=radio_name()
                                prop:checked=move || !use_other.get()
                                on:change=move |_| use_other.set(false)
                            />
                            {move || format!("Use {}", current_email())}
                        </label>
                        <label class="choice__option">
                            <input
                                type="radio"
                                name=radio_name()
                                prop:checked=move || use_other.get()
                                on:change=move |_| use_other.set(true)
                            />
                            "Use another email"
                        </label>
                    </fieldset>
                    <Show when=move || use_other.get()>
                        <div class="field">
                            <label for=other_id()>"Email for signing in"</label>
                            <input
                                id=other_id()
                                type="email"
                                autocomplete="off"
                                prop:value=move || other_email.get()
                                on:input=move |ev| other_email.set(event_target_value(&ev))
                                aria-describedby=format!("{0}-error {0}-hint", other_id())
                                aria-invalid=move || email_error.get().is_some().then_some("true")
                            />
                            <p id=format!("{}-hint", other_id()) class="field__hint">
                                "It also becomes the contact's email address."
                            </p>
                            <FieldError id=format!("{}-error", other_id()) message=email_error />
                        </div>
                    </Show>
                    <div class="form__actions">
                        <button type="button" class="button" on:click=move |_| {
                            opened.set(false);
                            error.set(None);
                        }>
                            "Cancel"
                        </button>
                        <button
                            type="submit"
                            class="button button--primary"
                            aria-busy=move || invite.pending().get().then_some("true")
                            disabled=move || invite.pending().get()
                        >
                            "Create and Send Invite"
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
