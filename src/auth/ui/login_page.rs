//! `/login`: one sign-in form for staff and contacts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

use super::auth_card::AuthCard;
use super::session::use_session;
use crate::auth::landing_path;
use crate::components::field::FieldError;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();

    let notice = move || match query.read().get("notice").as_deref() {
        Some("password-changed") => {
            Some("Your password was changed. Sign in with your new password.")
        }
        _ => None,
    };
    view! {
        <Title text="Sign in" />
        <AuthCard>
                <h1>"Sign in"</h1>
                {move || notice().map(|text| view! { <p class="alert alert--success" role="status">{text}</p> })}
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match session.user.await {
                            Ok(Some(user)) => {
                                let to = landing_path(user.role, Some(&next()));
                                view! { <Redirect path=to /> }.into_any()
                            }
                            _ => ().into_any(),
                        }
                    })}
                </Transition>
                <LoginForm next=Signal::derive(next) />
        </AuthCard>
    }
}

#[component]
fn LoginForm(next: Signal<String>) -> impl IntoView {
    let login = use_session().login;
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
