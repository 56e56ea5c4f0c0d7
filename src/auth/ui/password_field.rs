//! A new-password field: the rules up front, a way to see what was typed, and
//! the server's verdict next to it.

use leptos::prelude::*;

use crate::auth::PASSWORD_HINT;
use crate::components::field::FieldError;

#[component]
pub fn NewPasswordField(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The form field's name: the server function's argument.
    #[prop(default = "password")]
    name: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <div class="field">
            <label for="new-password">"New password"</label>
            <input
                id="new-password"
                name=name
                maxlength="128"
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete="new-password"
                required
                minlength="8"
                aria-describedby="new-password-hint new-password-error"
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p id="new-password-hint" class="field__hint">{PASSWORD_HINT}</p>
            <FieldError id="new-password-error" message=error />
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || shown.get()
                    on:change=move |ev| shown.set(event_target_checked(&ev))
                />
                "Show password"
            </label>
        </div>
    }
}
