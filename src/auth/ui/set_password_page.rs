//! `/accept-invite?token=…` and `/reset-password?token=…`: opening the link
//! only looks the token up; sending the form sets the password and uses the
//! link up. An accepted invite lands in the portal; after a reset the person
//! signs in with the new password.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::auth_card::AuthCard;
use super::link_problem::LinkProblem;
use super::password_field::NewPasswordField;
use super::session::load_page;
use crate::auth::api::{link_status, set_password};
use crate::auth::{LinkStatus, PasswordSet, TokenPurpose};
use crate::components::status_page::ErrorPanel;
use crate::error::AppError;

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
        // The address holds the link's secret: never send it on as a referrer.
        <Meta name="referrer" content="no-referrer" />
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
    let token = StoredValue::new(token);
    let submit = Action::new(move |password: &String| {
        let password = password.clone();
        let token = token.get_value();
        async move { set_password(purpose, token, password).await }
    });
    let error = move || submit.value().get().and_then(Result::err);
    let field_error = Signal::derive(move || error().and_then(|e| e.message_for("password")));
    let form_error = move || error().and_then(|e: AppError| e.form_message());
    // Where a finished form goes: the portal, or sign-in with a notice.
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(PasswordSet::SignedIn { landing })) => load_page(&landing),
        Some(Ok(PasswordSet::Saved { can_sign_in: true })) => {
            load_page("/login?notice=password-changed")
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
    view! {
        {move || match submit.value().get() {
            Some(Ok(PasswordSet::LinkProblem(status))) => view! { <LinkProblem purpose status /> }.into_any(),
            Some(Ok(PasswordSet::Saved { can_sign_in: false })) => view! {
                <h1>"Your password is set"</h1>
                <p class="alert alert--info" role="status">
                    "Your portal access is not active yet, so you can't sign in. Please contact your account administrator."
                </p>
            }
                .into_any(),
            _ => ().into_any(),
        }}
        <Show when=move || !matches!(submit.value().get(), Some(Ok(PasswordSet::LinkProblem(_)) | Ok(PasswordSet::Saved { can_sign_in: false })))>
            <h1>{heading}</h1>
            <p class="auth-card__intro">{intro.clone()}</p>
            <form
                class="form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit.dispatch(password.get_untracked());
                }
            >
                {move || form_error().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
                // For password managers: which account this password belongs to.
                <input type="email" name="username" autocomplete="username" value=email.clone() hidden readonly />
                <NewPasswordField value=password error=field_error />
                <button
                    type="submit"
                    class="button button--primary button--block"
                    aria-busy=move || pending.get().then_some("true")
                    disabled=move || pending.get()
                >
                    {button}
                </button>
            </form>
        </Show>
    }
}
