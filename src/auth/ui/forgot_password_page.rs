//! `/forgot-password`: ask for a reset link by email. The answer is the same
//! whether or not the address has an account. A plain HTML form, so it works
//! before the WebAssembly loads: the server then answers with this page again,
//! showing where the link went (`?sent=`) or what was wrong.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::auth_card::AuthCard;
use crate::auth::api::ForgotPassword;
use crate::components::field::FieldError;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let request = ServerAction::<ForgotPassword>::new();
    let error = move || request.value().get().and_then(Result::err);
    let field_error = Signal::derive(move || error().and_then(|e| e.message_for("email")));
    let form_error = Signal::derive(move || error().and_then(|e| e.form_message()));
    // Sent by this page's form, or (after a plain form post) named in the address.
    let sent_to = move || {
        request
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| query.read().get("sent").filter(|s| !s.is_empty()))
    };
    let typed = StoredValue::new(query.read_untracked().get("email").unwrap_or_default());
    let pending = request.pending();
    view! {
        <Title text="Forgot password" />
        <AuthCard>
            {move || match sent_to() {
                Some(to) => view! {
                    <h1>"Check your email"</h1>
                    <p role="status" data-testid="reset-requested">
                        {format!("If {to} belongs to a portal account, we've sent it a link to choose a new password. The link works for 1 hour.")}
                    </p>
                    <p class="field__hint">"Nothing arrived after a few minutes? Check your spam folder, or ask again."</p>
                    <div class="form__actions">
                        <A href="/login" attr:class="button button--primary">"Back to sign in"</A>
                        <a href="/forgot-password" class="button" on:click=move |_| request.value().set(None)>
                            "Ask again"
                        </a>
                    </div>
                }
                    .into_any(),
                None => view! {
                    <h1>"Forgot your password?"</h1>
                    <p class="auth-card__intro">"Enter the email you sign in with and we'll send you a link to choose a new password."</p>
                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                        {move || form_error.get().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
                        <div class="field">
                            <label for="forgot-email">"Email"</label>
                            <input
                                id="forgot-email"
                                name="email"
                                type="email"
                                autocomplete="username"
                                maxlength="254"
                                required
                                value=typed.get_value()
                                aria-describedby="forgot-email-error"
                                aria-invalid=move || field_error.get().is_some().then_some("true")
                            />
                            <FieldError id="forgot-email-error" message=field_error />
                        </div>
                        <button
                            type="submit"
                            class="button button--primary button--block"
                            aria-busy=move || pending.get().then_some("true")
                            disabled=move || pending.get()
                        >
                            "Email me a link"
                        </button>
                        <p class="auth-card__footer"><A href="/login">"Back to sign in"</A></p>
                    </ActionForm>
                }
                    .into_any(),
            }}
        </AuthCard>
    }
}
