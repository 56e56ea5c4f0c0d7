//! `/forgot-password`: ask for a reset link by email. The answer is the same
//! whether or not the address has an account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::auth_card::AuthCard;
use crate::auth::api::forgot_password;
use crate::components::field::FieldError;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let request = Action::new(move |email: &String| {
        let email = email.clone();
        async move { forgot_password(email.clone()).await.map(|()| email) }
    });
    let error = move || request.value().get().and_then(Result::err);
    let field_error = Signal::derive(move || error().and_then(|e| e.message_for("email")));
    let form_error = move || error().and_then(|e| e.form_message());
    let sent_to = move || request.value().get().and_then(Result::ok);
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
                        <button type="button" class="button" on:click=move |_| request.value().set(None)>"Ask again"</button>
                    </div>
                }
                    .into_any(),
                None => view! {
                    <h1>"Forgot your password?"</h1>
                    <p class="auth-card__intro">"Enter the email you sign in with and we'll send you a link to choose a new password."</p>
                    <form
                        class="form"
                        novalidate
                        on:submit=move |ev| {
                            ev.prevent_default();
                            request.dispatch(email.get_untracked());
                        }
                    >
                        {move || form_error().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
                        <div class="field">
                            <label for="forgot-email">"Email"</label>
                            <input
                                id="forgot-email"
                                name="email"
                                type="email"
                                autocomplete="username"
                                required
                                aria-describedby="forgot-email-error"
                                aria-invalid=move || field_error.get().is_some().then_some("true")
                                prop:value=move || email.get()
                                on:input=move |ev| email.set(event_target_value(&ev))
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
                    </form>
                }
                    .into_any(),
            }}
        </AuthCard>
    }
}
