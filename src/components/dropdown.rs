//! A drop-down: a button that opens a list of links and actions. Built on
//! `<details>`, so it opens before the WebAssembly loads; once interactive it
//! also closes on Escape (returning focus to its button), on choosing an item,
//! and when focus leaves it.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

#[component]
pub fn Dropdown(
    /// The button's text.
    label: &'static str,
    /// Classes for the `<details>` and for its button.
    #[prop(into)]
    class: String,
    #[prop(into)] button_class: Signal<String>,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Details>::new();
    let focus_button = move || {
        if let Some(button) = menu
            .get()
            .and_then(|details| details.query_selector("summary").ok().flatten())
            .and_then(|summary| summary.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    };
    view! {
        <details
            class=class
            node_ref=menu
            prop:open=open
            on:toggle=move |_| {
                if let Some(details) = menu.get() {
                    open.set(details.open());
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    ev.stop_propagation();
                    open.set(false);
                    focus_button();
                }
            }
            on:focusout=move |ev| {
                let inside = ev
                    .related_target()
                    .and_then(|target| target.dyn_into::<leptos::web_sys::Node>().ok())
                    .zip(menu.get())
                    .is_some_and(|(target, details)| details.contains(Some(&target)));
                if !inside {
                    open.set(false);
                }
            }
            on:click=move |ev| {
                // Choosing an item (a link or a button in the list) closes the menu.
                let chosen = ev
                    .target()
                    .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
                    .and_then(|target| target.closest("a, button").ok().flatten());
                if chosen.is_some() {
                    open.set(false);
                }
            }
        >
            <summary class=button_class role="button" aria-expanded=move || open.get().to_string()>
                {label}
            </summary>
            {children()}
        </details>
    }
}
