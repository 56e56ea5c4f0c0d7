//! `/login`: one sign-in form for staff and contacts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

use super::auth_card::AuthCard;
use super::session::{load_page, use_session};
use crate::auth::api::Login;
use crate::auth::landing_path;
use crate::components::field::FieldError;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();

    let notice = move || {
        match query.read().get("notice").as_deref() {
        Some("password-changed") => Some((
            "alert alert--success",
            "Your password was changed. Sign in with your new password.",
        )),
        Some("access-not-active") => Some((
            "alert alert--info",
            "Your password is set, but your portal access is not active yet, so you can't sign in. Please contact your account administrator.",
        )),
        _ => None,
    }
    };
    let signed_in = session
        .user
        .map(|user| landing_path(user.role, Some(&next())));
    view! {
        <Title text="Sign in" />
        <AuthCard>
                <h1>"Sign in"</h1>
                {move || notice().map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
                {signed_in.map(|to| view! { <Redirect path=to /> })}
                <LoginForm next=Signal::derive(next) />
        </AuthCard>
    }
}

#[component]
fn LoginForm(next: Signal<String>) -> impl IntoView {
    // Made inside the router, so a plain form post's error (in the address)
    // is shown too.
    let login = ServerAction::<Login>::new();
    // Signing in starts afresh with a full page load of where to go.
    Effect::new(move |_| {
        if let Some(Ok(path)) = login.value().get() {
            load_page(&path);
        }
    });
    // After a failed plain form post, the address comes back in the query.
    let typed_email = use_query_map()
        .read_untracked()
        .get("email")
        .unwrap_or_default();
    let error = move || login.value().get().and_then(Result::err);
    let form_error = move || error().and_then(|e| e.form_message());
    let field_error =
        move |name: &'static str| Signal::derive(move || error().and_then(|e| e.message_for(name)));
    let pending = login.pending();

    view! {
        <ActionForm action=login attr:class="form" attr:novalidate=true>
            <Show when=move || form_error().is_some()>
                <p class="alert alert--error" role="alert">{form_error}</p>
            </Show>
            <input type="hidden" name="next" value=next />
            <div class="field">
                <label for="login-email">"Email"</label>
                <input
                    id="login-email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    value=typed_email
                    required
                    aria-describedby="login-email-error"
                    aria-invalid=move || field_error("email").get().is_some().then_some("true")
                />
                <FieldError id="login-email-error" message=field_error("email") />
            </div>
            <div class="field">
                <label for="login-password">"Password"</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-describedby="login-password-error"
                    aria-invalid=move || field_error("password").get().is_some().then_some("true")
                />
                <FieldError id="login-password-error" message=field_error("password") />
                <A href="/forgot-password" attr:class="field__link">"Forgot password?"</A>
            </div>
            <button type="submit" class="button button--primary button--block" aria-busy=move || pending.get().then_some("true")>
                "Sign in"
            </button>
        </ActionForm>
    }
}
