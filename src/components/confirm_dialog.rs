//! A modal question with Yes / No ("Confirm Delete"). A native modal `<dialog>`:
//! the rest of the page is inert while it is open; Tab and Shift+Tab wrap
//! within it; Escape and No close it; focus starts on No, the safe answer, and
//! goes back to where it was when the dialog closes.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::return_focus;

#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is showing; the dialog sets it to false when dismissed.
    open: RwSignal<bool>,
    title: &'static str,
    /// The question, in full ("Delete Samwise Gamgee? …").
    #[prop(into)]
    message: Signal<String>,
    /// Yes was chosen; the caller closes the dialog when the work is done.
    on_yes: Callback<()>,
    /// Yes is being carried out.
    #[prop(into)]
    pending: Signal<bool>,
    /// Why Yes failed, shown in the dialog.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// How Yes looks: a danger button unless the action destroys nothing.
    #[prop(default = "button button--danger")]
    yes_class: &'static str,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let no_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                return_focus::remember("confirm-dialog");
                let _ = element.show_modal();
            }
            if let Some(no) = no_button.get() {
                let _ = no.focus();
            }
        } else if element.open() {
            element.close();
            return_focus::restore("confirm-dialog");
        }
    });
    let yes_button = NodeRef::<leptos::html::Button>::new();
    view! {
        <dialog
            class="dialog"
            node_ref=dialog
            aria-labelledby="confirm-dialog-title"
            aria-describedby="confirm-dialog-message"
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape: close through our own state, so it stays the truth.
                ev.prevent_default();
                open.set(false);
            }
            on:keydown=move |ev| {
                if ev.key() != "Tab" {
                    return;
                }
                // No and Yes are the dialog's only controls: wrap between them.
                let (Some(first), Some(last)) = (no_button.get(), yes_button.get()) else { return };
                let active = leptos::prelude::document().active_element();
                let at = |item: &leptos::web_sys::HtmlButtonElement| {
                    active.as_ref().is_some_and(|a| a == item.unchecked_ref::<leptos::web_sys::Element>())
                };
                let last_enabled = !last.disabled();
                if ev.shift_key() && at(&first) {
                    ev.prevent_default();
                    if last_enabled {
                        let _ = last.focus();
                    }
                } else if !ev.shift_key() && (at(&last) || (at(&first) && !last_enabled)) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
        >
            <h2 id="confirm-dialog-title" class="dialog__title">{title}</h2>
            <p id="confirm-dialog-message">{move || message.get()}</p>
            {move || error.get().map(|message| view! {
                <p class="alert alert--error" role="alert">{message}</p>
            })}
            <div class="dialog__actions">
                <button type="button" class="button" node_ref=no_button on:click=move |_| open.set(false)>
                    "No"
                </button>
                <button
                    type="button"
                    class=yes_class
                    node_ref=yes_button
                    disabled=move || pending.get()
                    on:click=move |_| on_yes.run(())
                >
                    "Yes"
                </button>
            </div>
        </dialog>
    }
}
