//! A side drawer: a native modal `<dialog>` pinned to the right edge. The page
//! behind is inert while it is open; Escape and "Close" close it, and focus goes
//! back to the button that opened it.

use leptos::prelude::*;

use super::return_focus;

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
    let key = id.clone();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                return_focus::remember(&key);
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
            return_focus::restore(&key);
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
