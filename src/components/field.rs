//! The message under a form field; always present so `aria-describedby` resolves.

use leptos::prelude::*;

#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="field__error" aria-live="polite">
            {move || message.get()}
        </p>
    }
}
