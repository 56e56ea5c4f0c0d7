//! A side drawer: a native modal `<dialog>` pinned to the right edge. The page
//! behind is inert while it is open; Escape and "Close" close it, and focus goes
//! back to the button that opened it.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

#[component]
pub fn Drawer(
    /// Whether the drawer is showing; it sets this to false when dismissed.
    open: RwSignal<bool>,
    /// Names the drawer for assistive technology and heads it.
    #[prop(into)]
    title: Signal<String>,
    /// Unique on the page: labels tie to it.
    id: String,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    const RETURN_MARK: &str = "data-drawer-return-focus";
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                if let Some(active) = document().active_element() {
                    let _ = active.set_attribute(RETURN_MARK, "");
                }
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
            if let Some(opener) = document()
                .query_selector(&format!("[{RETURN_MARK}]"))
                .ok()
                .flatten()
            {
                let _ = opener.remove_attribute(RETURN_MARK);
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
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            class="drawer"
            id=id
            node_ref=dialog
            aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                open.set(false);
            }
        >
            <div class="drawer__header">
                <h2 id=title_id class="drawer__title">{move || title.get()}</h2>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <div class="drawer__body">
                <Show when=move || open.get()>{children()}</Show>
            </div>
        </dialog>
    }
}
