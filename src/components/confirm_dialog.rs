//! A modal question with Yes / No ("Confirm Delete"). A native modal `<dialog>`:
//! the rest of the page is inert while it is open; Tab and Shift+Tab wrap
//! within it; Escape and No close it; focus starts on No, the safe answer, and
//! goes back to where it was when the dialog closes.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

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
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let no_button = NodeRef::<leptos::html::Button>::new();
    // Where focus was when the dialog opened is marked in the page itself (a
    // browser element must not be kept in server-side reactive state), and
    // focus goes back there on closing.
    const RETURN_MARK: &str = "data-dialog-return-focus";
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                if let Some(active) = document().active_element() {
                    let _ = active.set_attribute(RETURN_MARK, "");
                }
                let _ = element.show_modal();
            }
            if let Some(no) = no_button.get() {
                let _ = no.focus();
            }
        } else if element.open() {
            element.close();
            let opener = document()
                .query_selector(&format!("[{RETURN_MARK}]"))
                .ok()
                .flatten();
            if let Some(opener) = opener {
                let _ = opener.remove_attribute(RETURN_MARK);
                // An item of a drop-down that has closed since: its menu button.
                let target = opener
                    .closest("details:not([open])")
                    .ok()
                    .flatten()
                    .and_then(|menu| menu.query_selector("summary").ok().flatten())
                    .unwrap_or(opener);
                if let Ok(target) = target.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = target.focus();
                }
            }
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
                    class="button button--danger"
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
