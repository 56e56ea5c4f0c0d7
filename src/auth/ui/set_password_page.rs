//! `/accept-invite?token=…` and `/reset-password?token=…`: opening the link
//! only looks the token up; sending the form sets the password and uses the
//! link up. An accepted invite lands in the signed-in area; after a reset the
//! person signs in with the new password. The form is a plain HTML form, so it
//! works before the WebAssembly loads (the route renders whole on the server).
//! The server answers these pages with `Referrer-Policy: no-referrer`: their
//! address holds the link's secret.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::auth_card::AuthCard;
use super::link_problem::LinkProblem;
use super::password_field::NewPasswordField;
use super::session::load_page;
use crate::auth::api::{link_status, SetPassword};
use crate::auth::{LinkStatus, PasswordSet, TokenPurpose};
use crate::components::status_page::ErrorPanel;

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    view! { <SetPasswordPage purpose=TokenPurpose::Invite /> }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! { <SetPasswordPage purpose=TokenPurpose::Reset /> }
}

#[component]
fn SetPasswordPage(purpose: TokenPurpose) -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let status = Resource::new(token, move |token| async move {
        if token.is_empty() {
            Ok(LinkStatus::Invalid)
        } else {
            link_status(purpose, token).await
        }
    });
    let title = match purpose {
        TokenPurpose::Invite => "Set up your sign-in",
        TokenPurpose::Reset => "Choose a new password",
    };
    view! {
        <Title text=title />
        <AuthCard>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(LinkStatus::Ready { email, first_name }) => view! {
                            <PasswordForm purpose token=token() email first_name />
                        }
                            .into_any(),
                        Ok(problem) => view! { <LinkProblem purpose status=problem /> }.into_any(),
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}

#[component]
fn PasswordForm(
    purpose: TokenPurpose,
    token: String,
    email: String,
    first_name: String,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let submit = ServerAction::<SetPassword>::new();
    let error = move || submit.value().get().and_then(Result::err);
    let field_error = Signal::derive(move || error().and_then(|e| e.message_for("password")));
    let form_error = Signal::derive(move || error().and_then(|e| e.form_message()));
    // Where a finished form goes: the signed-in area, or sign-in with a notice.
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(PasswordSet::SignedIn { landing })) => load_page(&landing),
        Some(Ok(PasswordSet::Saved { can_sign_in: true })) => {
            load_page("/login?notice=password-changed")
        }
        Some(Ok(PasswordSet::Saved { can_sign_in: false })) => {
            load_page("/login?notice=access-not-active")
        }
        _ => {}
    });
    let (heading, intro, button) = match purpose {
        TokenPurpose::Invite => (
            "Set up your sign-in",
            format!("Welcome, {first_name}. Choose a password for {email}; you will sign in with this email and password."),
            "Set password and sign in",
        ),
        TokenPurpose::Reset => (
            "Choose a new password",
            format!("Hello {first_name}. Choose a new password for {email}. You will then sign in with it; every other session of yours ends."),
            "Change password",
        ),
    };
    let pending = submit.pending();
    // The form field holds the argument as the server function reads it.
    let purpose_value = match purpose {
        TokenPurpose::Invite => "Invite",
        TokenPurpose::Reset => "Reset",
    };
    let (token, email) = (StoredValue::new(token), StoredValue::new(email));
    view! {
        {move || match submit.value().get() {
            Some(Ok(PasswordSet::LinkProblem(status))) => view! { <LinkProblem purpose status /> }.into_any(),
            _ => ().into_any(),
        }}
        <Show when=move || !matches!(submit.value().get(), Some(Ok(PasswordSet::LinkProblem(_))))>
            <h1>{heading}</h1>
            <p class="auth-card__intro">{intro.clone()}</p>
            <ActionForm action=submit attr:class="form" attr:novalidate=true>
                {move || form_error.get().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
                <input type="hidden" name="purpose" value=purpose_value />
                <input type="hidden" name="token" value=token.get_value() />
                // For password managers: which account this password belongs to.
                <input type="email" autocomplete="username" value=email.get_value() hidden readonly />
                <NewPasswordField value=password error=field_error />
                <button
                    type="submit"
                    class="button button--primary button--block"
                    aria-busy=move || pending.get().then_some("true")
                    disabled=move || pending.get()
                >
                    {button}
                </button>
            </ActionForm>
        </Show>
    }
}
