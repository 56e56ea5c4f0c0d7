//! "Change password" on a signed-in person's account page: the current
//! password, then the new one by the same policy as invites and resets.
//! Every other session of theirs ends; this one stays.

use leptos::prelude::*;

use super::password_field::NewPasswordField;
use super::session::use_session;
use crate::auth::api::ChangePassword;
use crate::components::field::FieldError;

#[component]
pub fn ChangePasswordForm(
    /// Told how many other sessions ended, so the sessions list can refresh.
    changed: Callback<u64>,
) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let new_password = RwSignal::new(String::new());
    let error = move || change.value().get().and_then(Result::err);
    let current_error =
        Signal::derive(move || error().and_then(|e| e.message_for("current_password")));
    let new_error = Signal::derive(move || error().and_then(|e| e.message_for("new_password")));
    let form_error = Signal::derive(move || error().and_then(|e| e.form_message()));
    let done = Signal::derive(move || change.value().get().and_then(Result::ok));
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(ended) = done.get() {
            new_password.set(String::new());
            if let Some(form) = form.get() {
                form.reset();
            }
            changed.run(ended);
        }
    });
    let pending = change.pending();
    // For password managers: which account the new password belongs to.
    let username = use_session()
        .user
        .map(|user| user.email)
        .unwrap_or_default();
    view! {
        <section class="card card--narrow" aria-labelledby="change-password-heading">
            <h2 id="change-password-heading" class="card__title">"Change password"</h2>
            <ActionForm action=change node_ref=form attr:class="form" attr:novalidate=true>
                {move || form_error.get().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
                {move || done.get().map(|ended| view! {
                    <p class="alert alert--success" role="status">
                        {match ended {
                            0 => "Your password was changed.".to_string(),
                            1 => "Your password was changed, and your 1 other session was signed out.".to_string(),
                            n => format!("Your password was changed, and your {n} other sessions were signed out."),
                        }}
                    </p>
                })}
                <input type="email" autocomplete="username" value=username hidden readonly />
                <div class="field">
                    <label for="current-password">"Current password"</label>
                    <input
                        id="current-password"
                        name="current_password"
                        type="password"
                        autocomplete="current-password"
                        maxlength="1024"
                        required
                        aria-describedby="current-password-error"
                        aria-invalid=move || current_error.get().is_some().then_some("true")
                    />
                    <FieldError id="current-password-error" message=current_error />
                </div>
                <NewPasswordField value=new_password error=new_error name="new_password" />
                <p class="field__hint">"Changing it signs out every other browser where you are signed in."</p>
                <div class="form__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        aria-busy=move || pending.get().then_some("true")
                        disabled=move || pending.get()
                    >
                        "Change password"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
